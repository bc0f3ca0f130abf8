//! `phasebook schema`: the JSON Schema of `book.toml`, for editors (Taplo,
//! Even Better TOML) to validate and complete the file as it is typed.

use anyhow::Result;
use serde_json::{Value, json};

use super::{exit, write_stdout};
use crate::{config, lint};

pub fn run() -> Result<u8> {
    let mut text = serde_json::to_string_pretty(&schema())?;
    text.push('\n');
    write_stdout(text.as_bytes())?;
    Ok(exit::OK)
}

/// The configuration's schema with `[lint.rules]` closed over the rule
/// names. `config` cannot name the rules (they live in `lint`, a later
/// layer), so the table is a map of levels there; `check` refuses an
/// unknown rule name, and the editor should say so as it is typed.
pub fn schema() -> Value {
    let mut schema = config::json_schema();
    if let Some(rules) = schema.pointer_mut("/definitions/Lint/properties/rules") {
        let level = rules["additionalProperties"].take();
        let properties: serde_json::Map<String, Value> = lint::registry()
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                let description = format!(
                    "{} (default: {})",
                    meta.summary,
                    meta.default_level.as_str()
                );
                // In `allOf`: draft 7 ignores a `$ref`'s siblings.
                let entry = json!({ "allOf": [level], "description": description });
                (meta.name.to_string(), entry)
            })
            .collect();
        rules["properties"] = Value::Object(properties);
        rules["additionalProperties"] = json!(false);
    }
    schema
}
