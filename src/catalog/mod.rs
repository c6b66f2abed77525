//! The format knowledge: keys, tools, models, colours, enum values and diagnostic rules, loaded
//! from `catalog.toml` (compiled into the binary). Code asks questions here; it never lists a
//! tool or a key itself.

mod codes;

use std::sync::LazyLock;

pub use codes::Code;

use serde::Deserialize;

const SOURCE: &str = include_str!("catalog.toml");

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    String,
    Name,
    Text,
    Tools,
    List,
    Model,
    Color,
    Enum,
    Integer,
    Boolean,
    Mapping,
    Servers,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Key {
    pub name: String,
    #[serde(default)]
    pub required: bool,
    pub kind: KeyKind,
    #[serde(default)]
    pub values: Vec<String>,
    /// An enum key that also takes any integer (`effort`).
    #[serde(default)]
    pub integer: bool,
    /// The smallest value of an integer key.
    #[serde(default)]
    pub min: Option<i64>,
    pub doc: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct EnumValue {
    pub key: String,
    pub value: String,
    pub doc: String,
}

/// How Claude Code resolves a tool name listed in an agent's `tools:`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ToolStatus {
    /// A tool of the verified Claude Code version.
    #[default]
    Current,
    /// An old name that still resolves, to `current`.
    Alias,
    /// A name that no longer resolves: dropped silently.
    Removed,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Tool {
    pub name: String,
    #[serde(default)]
    pub status: ToolStatus,
    /// For an alias: the tool it resolves to; for a removed tool: the one to use instead.
    #[serde(default)]
    pub current: Option<String>,
    /// For a removed tool: what an agent that lists only this name cannot do.
    #[serde(default)]
    pub loses: Option<String>,
    pub doc: String,
}

impl Tool {
    /// Resolves when an agent is spawned (a current tool or an alias).
    pub fn resolves(&self) -> bool {
        self.status != ToolStatus::Removed
    }
    /// Not a current name (an alias or a removed tool): shown as deprecated in editors.
    pub fn is_legacy(&self) -> bool {
        self.status != ToolStatus::Current
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Named {
    pub name: String,
    pub doc: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub note: String,
    pub suggest: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct KeySuggestion {
    pub folded: String,
    pub suggest: String,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Rule {
    pub code: Code,
    pub severity: Severity,
    /// Editors show the range struck through (LSP's `Deprecated` tag).
    #[serde(default)]
    pub deprecated: bool,
    pub summary: String,
    pub example: String,
}

#[derive(Debug, Deserialize)]
pub struct Catalog {
    /// The Claude Code version every fact here was verified against.
    pub verified_with: String,
    pub keys: Vec<Key>,
    pub values: Vec<EnumValue>,
    pub tools: Vec<Tool>,
    pub spawn_tools: Vec<String>,
    pub models: Vec<Named>,
    pub model_id_prefix: String,
    pub model_id_doc: String,
    pub colors: Vec<Named>,
    pub foreign_keys: Vec<ForeignKey>,
    pub hook_events: Vec<String>,
    pub guard_hook_events: Vec<String>,
    pub key_suggestions: Vec<KeySuggestion>,
    pub max_file_bytes: usize,
    pub max_name_chars: usize,
    pub name_colons: Vec<String>,
    pub rules: Vec<Rule>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // The file is part of the binary and covered by tests; failing here is a build defect.
    toml::from_str(SOURCE).expect("src/catalog/catalog.toml is valid")
});

/// The catalog compiled into this binary.
pub fn get() -> &'static Catalog {
    &CATALOG
}

impl Catalog {
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }
    pub fn tool(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.name == name)
    }
    pub fn model(&self, name: &str) -> Option<&Named> {
        self.models.iter().find(|m| m.name == name)
    }
    pub fn color(&self, name: &str) -> Option<&Named> {
        self.colors.iter().find(|c| c.name == name)
    }
    pub fn value_doc(&self, key: &str, value: &str) -> Option<&EnumValue> {
        self.values
            .iter()
            .find(|v| v.key == key && v.value == value)
    }
    pub fn foreign_key(&self, name: &str) -> Option<&ForeignKey> {
        self.foreign_keys.iter().find(|k| k.name == name)
    }
    pub fn rule(&self, code: Code) -> Option<&Rule> {
        self.rules.iter().find(|r| r.code == code)
    }
    /// The allowed values of an enum or boolean key.
    pub fn enum_values<'a>(&'a self, key: &'a Key) -> Vec<&'a str> {
        match key.kind {
            KeyKind::Boolean => vec!["true", "false"],
            _ => key.values.iter().map(String::as_str).collect(),
        }
    }
    pub fn is_hook_event(&self, name: &str) -> bool {
        self.hook_events.iter().any(|e| e == name)
    }
    pub fn is_guard_hook_event(&self, name: &str) -> bool {
        self.guard_hook_events.iter().any(|e| e == name)
    }
    /// Claude Code's own suggestion for an unknown frontmatter key: a fixed one, a known key
    /// equal once folded (case, `-` and `_` ignored), or one within an edit distance of 2.
    pub fn suggest_key(&self, key: &str) -> Option<&str> {
        let folded = fold_key(key);
        if let Some(s) = self.key_suggestions.iter().find(|s| s.folded == folded) {
            return Some(s.suggest.as_str());
        }
        let names = || self.keys.iter().map(|k| k.name.as_str());
        if let Some(k) = names().find(|k| fold_key(k) == folded) {
            return Some(k);
        }
        let mut best: Option<(usize, &str)> = None;
        for k in names() {
            if k.chars().count().abs_diff(key.chars().count()) > 2 {
                continue;
            }
            let d = edit_distance(key, k);
            if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }
    pub fn is_model_id(&self, s: &str) -> bool {
        s.len() > self.model_id_prefix.len() && s.starts_with(&self.model_id_prefix)
    }
}

/// A key folded the way Claude Code compares keys for its suggestions.
fn fold_key(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The rule table as markdown (README's diagnostics section is this text; a test keeps them
/// equal, and `agent-ls rules` prints it).
pub fn rules_markdown() -> String {
    let mut out =
        String::from("| code | severity | what it reports | example |\n|---|---|---|---|\n");
    for r in &get().rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.code,
            r.severity.as_str(),
            r.summary.replace('|', "\\|"),
            r.example.replace('|', "\\|")
        ));
    }
    out
}

/// The closest candidate to `word` (case-insensitive edit distance), if close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&lower, &c.to_lowercase());
        let limit = match c.chars().count() {
            0..=3 => 1,
            4..=6 => 2,
            _ => 3,
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return usize::MAX;
    }
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_exactly_one_rule() {
        let c = get();
        let codes: Vec<Code> = c.rules.iter().map(|r| r.code).collect();
        assert_eq!(
            codes,
            Code::ALL,
            "the catalog's rules, in the order of codes.rs"
        );
        let bad: Result<Rule, _> = toml::from_str(
            "code = \"unknwn-tool\"\nseverity = \"warning\"\nsummary = \"s\"\nexample = \"e\"",
        );
        let e = bad.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("unknown rule code `unknwn-tool`"), "{e}");
    }

    #[test]
    fn catalog_loads_and_is_consistent() {
        let c = get();
        assert!(c.key("name").is_some_and(|k| k.required));
        assert!(c.tool("Bash").is_some());
        assert_eq!(
            c.tool("MultiEdit").and_then(|t| t.current.as_deref()),
            Some("Edit")
        );
        for t in &c.tools {
            if let Some(cur) = &t.current {
                assert!(
                    c.tool(cur).is_some_and(|t| t.status == ToolStatus::Current),
                    "{cur}"
                );
            }
            assert_eq!(
                t.status == ToolStatus::Alias,
                t.current.is_some() && t.resolves(),
                "{}",
                t.name
            );
        }
        assert_eq!(c.verified_with, "2.1.330");
        assert_eq!(c.suggest_key("colour"), Some("color"));
        assert_eq!(c.suggest_key("allowed-tools"), Some("tools"));
        assert_eq!(c.suggest_key("when_to_use"), Some("description"));
        assert_eq!(c.suggest_key("Permission_Mode"), Some("permissionMode"));
        assert_eq!(c.suggest_key("category"), None);
        for v in &c.values {
            let key = c.key(&v.key).unwrap();
            assert!(
                c.enum_values(key).contains(&v.value.as_str()),
                "{}",
                v.value
            );
        }
        let mut codes: Vec<_> = c.rules.iter().map(|r| &r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), c.rules.len(), "rule codes are unique");
    }

    #[test]
    fn suggestions() {
        let tools = get().tools.iter().map(|t| t.name.as_str());
        assert_eq!(did_you_mean("bash", tools.clone()), Some("Bash"));
        assert_eq!(did_you_mean("Grpe", tools.clone()), Some("Grep"));
        assert_eq!(did_you_mean("Kubernetes", tools), None);
    }
}
