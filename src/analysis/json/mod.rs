//! Claude Code's JSON configuration: settings files, `.mcp.json`, a plugin's manifest. The
//! facts are data: `catalog/claude-json.json`, extracted from Claude Code 2.1.330's schemas and
//! checked by running it (`tests/fixtures/json-oracle/`: `schema.json`, `FACTS.md`, `ORACLE.json`).
//! Severity follows what Claude Code does: the whole file dropped (settings, `.mcp.json`) or the
//! whole plugin rejected is an error (`config-dropped`, `json-syntax`); one entry skipped (a
//! hook, a permission rule, a server that never starts, a value replaced) is a warning
//! (`config-entry-skipped`), and so is a key it ignores without a word (`unknown-setting`).
//!
//! Here: the entry point, the checker and the schema walk shared by all files (`value`);
//! `settings.rs` the settings files (hooks, permissions); `plugins.rs` `.mcp.json` and a plugin's
//! files (manifest, hooks file, `.lsp.json`, a marketplace); `features.rs` completion and hover
//! from the same schema.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::catalog::{self, Code, Kind, did_you_mean};
use crate::syntax::Span;
use crate::syntax::json::{self, JNode, JValue, JsonProblem};

use super::Diagnostic;

mod features;
mod matchers;
pub mod outline;
mod plugins;
mod scripts;
mod settings;

pub use features::{complete, hover};
pub use scripts::definition;

/// What the checks may know beyond the text: where the file is, what the disk holds (asked
/// through the caller, never directly: the server caches it, tests fake it), the rest of the
/// project and the names the configuration declares. Without them those checks are skipped.
#[derive(Clone, Copy, Default)]
pub struct Env<'a> {
    pub path: Option<&'a Path>,
    pub exists: Option<&'a dyn Fn(&Path) -> bool>,
    pub executable: Option<&'a dyn Fn(&Path) -> bool>,
    pub project: Option<&'a crate::analysis::project::Project>,
    pub known: Option<&'a crate::analysis::config::Known>,
}

/// The schema data (`catalog/claude-json.json`), read once.
fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(include_str!("../../catalog/claude-json.json")).unwrap_or(Value::Null)
    })
}

/// All diagnostics of a JSON configuration file of `kind`, the file alone.
pub fn diagnostics(kind: Kind, text: &str) -> Vec<Diagnostic> {
    diagnostics_in(kind, text, Env::default())
}

/// All diagnostics of a JSON configuration file of `kind`, with what `env` tells of the rest.
pub fn diagnostics_in(kind: Kind, text: &str, env: Env<'_>) -> Vec<Diagnostic> {
    let parsed = json::parse(text);
    let version = &catalog::get().verified_with;
    // what Claude Code does with the whole file, and what a hook that cannot load under a
    // guard event costs (the kind's profile in the catalog)
    let spec = kind.spec();
    let whole = spec.dropped.as_deref().unwrap_or("ignores the whole file");
    let guard_whole = spec.guard_dropped.as_deref().unwrap_or(whole);
    let mut out = Vec::new();
    for (span, problem) in &parsed.problems {
        let what = match problem {
            JsonProblem::Comment => "a comment".to_string(),
            JsonProblem::TrailingComma => "a trailing comma".to_string(),
            JsonProblem::Syntax(m) => format!("not JSON here ({m})"),
        };
        let d = Diagnostic::new(
            Code::JsonSyntax,
            *span,
            format!(
                "{what}: Claude Code {version} reads this file as strict JSON, and for \"Invalid or malformed JSON\" it {whole}"
            ),
        );
        out.push(match problem {
            // nothing follows a trailing comma: removing it changes no value
            JsonProblem::TrailingComma => d.with_fix(
                crate::analysis::Fix::replace("Remove the trailing comma", *span, "").safe(),
            ),
            JsonProblem::Comment => d.with_fix(crate::analysis::Fix::replace(
                "Remove the comment",
                *span,
                "",
            )),
            JsonProblem::Syntax(_) => d,
        });
    }
    let Some(root) = &parsed.root else {
        return out;
    };
    let mut cx = Checker {
        out: &mut out,
        kind,
        env,
        text,
        version,
        whole,
        guard_whole,
        validation: if kind == Kind::Settings {
            " (\"Settings validation failed\")"
        } else {
            ""
        },
    };
    match kind {
        Kind::Settings => cx.settings(root),
        Kind::Mcp => cx.mcp(root),
        Kind::PluginManifest => cx.plugin(root),
        Kind::PluginHooks => cx.plugin_hooks(root),
        Kind::Marketplace => cx.marketplace(root),
        Kind::LspServers => cx.lsp_servers(root),
        _ => {}
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

struct Checker<'a> {
    out: &'a mut Vec<Diagnostic>,
    kind: Kind,
    env: Env<'a>,
    /// The file's text, for spans inside string values.
    text: &'a str,
    version: &'a str,
    whole: &'a str,
    /// What an unloadable hook under a guard event costs (the file, or the whole plugin).
    guard_whole: &'a str,
    /// Claude Code's words when a value drops the file.
    validation: &'a str,
}

/// What a value that breaks the schema costs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cost {
    /// The whole file (or plugin).
    File,
    /// What a hook that cannot load under a guard event costs.
    Guard,
    /// This entry alone.
    Entry,
    /// The value is replaced silently.
    Ignored,
}

impl Cost {
    fn of(on_invalid: Option<&str>) -> Cost {
        match on_invalid {
            Some(s) if s.starts_with("file") => Cost::File,
            Some(s) if s.starts_with("ignored") => Cost::Ignored,
            Some(_) => Cost::Entry,
            None => Cost::File,
        }
    }
}

impl Checker<'_> {
    fn report(&mut self, cost: Cost, span: Span, what: String) {
        let v = self.version;
        let (code, msg) = match cost {
            Cost::File => (
                Code::ConfigDropped,
                format!("{what}: Claude Code {v} {}{}", self.whole, self.validation),
            ),
            Cost::Guard => (
                Code::ConfigDropped,
                format!(
                    "{what}: Claude Code {v} {}{}",
                    self.guard_whole, self.validation
                ),
            ),
            Cost::Entry => (
                Code::ConfigEntrySkipped,
                format!(
                    "{what}: Claude Code {v} skips this entry, and the rest of the file is in effect"
                ),
            ),
            Cost::Ignored => (
                Code::ConfigEntrySkipped,
                format!("{what}: Claude Code {v} ignores this value silently"),
            ),
        };
        self.out.push(Diagnostic::new(code, span, msg));
    }

    /// `node` against the schema entry `spec` (type, enum, bounds, one level of properties).
    fn value(&mut self, name: &str, node: &JNode, spec: &Value, cost: Cost) {
        if let Some(alternatives) = spec["anyOf"].as_array() {
            let fits = |alt: &Value| match alt["type"].as_str() {
                Some("undefined") => false,
                Some(ty) => type_fits(ty, &node.value),
                None => true,
            };
            if !alternatives.iter().any(fits) {
                let want: Vec<&str> = alternatives
                    .iter()
                    .filter_map(|a| a["type"].as_str())
                    .filter(|t| *t != "undefined")
                    .map(type_name)
                    .collect();
                self.report(
                    cost,
                    node.span,
                    format!(
                        "`{name}` must be {}, not {}",
                        want.join(" or "),
                        node.value.describe()
                    ),
                );
            }
            return;
        }
        if let Some(c) = spec["const"].as_str() {
            if node.as_str() != Some(c) {
                self.report(cost, node.span, format!("`{name}` must be `\"{c}\"`"));
            }
            return;
        }
        if let Some(values) = spec["enum"].as_array() {
            let ok = node.as_str().is_some_and(|s| {
                values.iter().any(|v| v.as_str() == Some(s)) || spec["aliases"].get(s).is_some()
            });
            if !ok {
                let list: Vec<String> = values
                    .iter()
                    .filter_map(|v| v.as_str().map(|s| format!("`{s}`")))
                    .collect();
                self.report(
                    cost,
                    node.span,
                    format!("`{name}` must be one of {}", list.join(", ")),
                );
            }
            return;
        }
        let Some(ty) = spec["type"].as_str() else {
            return;
        };
        if !type_fits(ty, &node.value) {
            let want = type_name(ty);
            self.report(
                cost,
                node.span,
                format!("`{name}` must be {want}, not {}", node.value.describe()),
            );
            return;
        }
        if let (JValue::Number(_, n), Some(min)) = (&node.value, spec["exclusive_minimum"].as_f64())
            && *n <= min
        {
            self.report(
                cost,
                node.span,
                format!("`{name}` must be greater than {min}"),
            );
        }
        match &node.value {
            JValue::Object(props) if ty == "object" => {
                if let Some(all) = spec["properties"].as_object() {
                    for (key, sub) in all {
                        if sub["required"].as_bool() == Some(true)
                            && !props.iter().any(|p| p.key == *key)
                        {
                            self.report(cost, node.span, format!("`{name}` needs `{key}`"));
                        }
                    }
                }
                for p in props {
                    if let Some(sub) = spec["properties"].get(&p.key) {
                        let c = match sub["on_invalid"].as_str() {
                            Some(_) => Cost::of(sub["on_invalid"].as_str()),
                            None => cost,
                        };
                        self.value(&p.key, &p.value, sub, c);
                    }
                }
            }
            JValue::Object(props) if ty == "record" => {
                let values = &spec["values"];
                if values.is_object() && values["coerced"].as_bool() != Some(true) {
                    for p in props {
                        self.value(&p.key, &p.value, values, cost);
                    }
                }
            }
            JValue::Array(items) if spec["items"]["type"].is_string() => {
                let c = Cost::of(spec["items"]["on_invalid"].as_str().or(Some("file")));
                let c = if cost == Cost::File { c } else { cost };
                for item in items {
                    self.value(&format!("an item of `{name}`"), item, &spec["items"], c);
                }
            }
            _ => {}
        }
    }
}

/// The fix that writes `guess` as a JSON string over `span` (a key or a string value, quotes
/// included): a guess, so never applied by `--fix`.
fn quoted_guess(span: Span, guess: &str) -> crate::analysis::Fix {
    crate::analysis::Fix::replace(
        format!("Replace with `{guess}`"),
        span,
        format!("\"{guess}\""),
    )
}

impl Checker<'_> {
    /// Attaches `fix` to the finding reported last.
    fn fix_last(&mut self, fix: crate::analysis::Fix) {
        if let Some(d) = self.out.pop() {
            self.out.push(d.with_fix(fix));
        }
    }
}

/// `; did you mean `X`?` for the nearest of `candidates`, or nothing.
fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// Does a value of this JSON type fit the schema's type name?
fn type_fits(ty: &str, v: &JValue) -> bool {
    match (ty, v) {
        ("string", JValue::Str(_)) | ("boolean", JValue::Bool(_)) => true,
        ("number", JValue::Number(..)) => true,
        ("integer", JValue::Number(_, n)) => n.fract() == 0.0,
        ("array", JValue::Array(_)) => true,
        ("object" | "record", JValue::Object(_)) => true,
        ("null", JValue::Null) | ("unknown" | "custom", _) => true,
        _ => false,
    }
}

/// How messages name a schema type.
fn type_name(ty: &str) -> &'static str {
    match ty {
        "record" | "object" => "an object",
        "array" => "a list",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "`true` or `false`",
        "null" => "null",
        _ => "a string",
    }
}
