//! The JSON Schema of `book.toml`, derived from the types serde reads it
//! with (`raw.rs`), so an editor's validation cannot disagree with
//! phasebook's own: the same keys, each table closed
//! (`additionalProperties: false` where serde denies unknown fields), and
//! the fields' doc comments as descriptions.

use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::raw::RawConfig;

/// The schema as a JSON value: draft 7, which every editor's validator
/// reads (Taplo's included), not only the newest.
pub fn json_schema() -> Value {
    let mut schema = SchemaSettings::draft07()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<RawConfig>()
        .to_value();
    drop_null(&mut schema);
    schema
}

/// TOML has no null: an unset key is absent, so `Option<T>` is T, not
/// schemars' "T or null" (an editor would offer `null` as a value).
fn drop_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".into(), only);
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}
