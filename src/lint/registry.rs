//! The registry: every rule by name, and the policy the runner applies to
//! what rules find (the level `book.toml` sets, or the rule's default).
//! `[lint.rules]` names are checked here, where the rules live, so the
//! configuration stays plain data.

use super::diagnostic::Severity;
use super::rule::{Rule, RuleMeta};
use crate::config::{Config, LintConfig, RuleLevel};

/// Every rule, in the order `phasebook rules` lists them.
pub fn registry() -> &'static [&'static dyn Rule] {
    super::rules::ALL
}

/// Names of every rule.
pub fn rule_names() -> Vec<&'static str> {
    registry().iter().map(|r| r.meta().name).collect()
}

/// Check the rule names `[lint.rules]` sets against the registry: an
/// unknown one is an error at its place in `book.toml`, with the closest
/// name. Every command runs it once the configuration is loaded.
pub fn check_rule_names(lint: &LintConfig) -> anyhow::Result<()> {
    let known = rule_names();
    for name in lint.rules.keys() {
        if !known.contains(&name.as_str()) {
            let hint = did_you_mean(name);
            let place = lint
                .rule_places
                .get(name)
                .map_or("book.toml", String::as_str);
            anyhow::bail!(
                "{place}: unknown rule `{name}` in [lint.rules]{hint}; `phasebook rules` lists them"
            );
        }
    }
    Ok(())
}

/// The rule name closest to `name` (a typo), if one is close.
pub(crate) fn closest_rule(name: &str) -> Option<&'static str> {
    crate::suggest::closest(name, rule_names().iter().copied())
}

/// ` (did you mean `NAME`?)` for a rule name not in the registry, or
/// nothing when no name is close.
pub(crate) fn did_you_mean(name: &str) -> String {
    closest_rule(name)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// A rule by name.
pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().name == name)
}

/// The level a rule runs at under `config`.
pub fn level_of(meta: &RuleMeta, config: &Config) -> RuleLevel {
    config
        .lint
        .rules
        .get(meta.name)
        .copied()
        .unwrap_or(meta.default_level)
}

pub(crate) fn severity(level: RuleLevel) -> Option<Severity> {
    match level {
        RuleLevel::Off => None,
        RuleLevel::Warn => Some(Severity::Warning),
        RuleLevel::Error => Some(Severity::Error),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unknown_rule_name_is_named_with_its_place_and_the_closest_rule() {
        let config = crate::config::Config::from_toml(
            "[lint.rules]\nbroken-links = \"off\"\n",
            std::path::Path::new("/proj/book.toml"),
        )
        .expect("the names are checked later, not by the config");
        let text = super::check_rule_names(&config.lint)
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("/proj/book.toml:2:1: unknown rule `broken-links`"),
            "{text}"
        );
        assert!(text.contains("`broken-link`"), "{text}");
        let known = crate::config::Config::from_toml(
            "[lint.rules]\nbroken-link = \"off\"\n",
            std::path::Path::new("/proj/book.toml"),
        )
        .unwrap();
        assert!(super::check_rule_names(&known.lint).is_ok());
    }
}
