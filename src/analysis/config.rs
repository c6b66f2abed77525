//! `agent-ls.toml` (or `.agent-ls.toml`): the team's settings, read from its text (finding the
//! file is `crate::workspace`'s job). Every mistake in it is an `invalid-config` diagnostic on its
//! exact characters; a file with mistakes still gives the settings it could read.
//!
//! ```toml
//! [rules]                      # a level per rule code: "off", "error", "warning", "info", "hint"
//! unknown-tool = "error"
//! name-style = "off"
//!
//! [[overrides]]                # the same for files matching globs (relative to this file)
//! files = ["plugins/**/agents/*.md"]
//! rules = { no-examples = "off" }
//!
//! [known]                      # names the catalog cannot know
//! tools = ["MyInternalTool"]
//! models = ["my-proxy-model"]
//! mcp-servers = ["github"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::Diagnostic;
use crate::catalog::{Code, Severity};
use crate::syntax::Span;

/// The file names, in the order they are looked for in each folder.
pub const FILE_NAMES: [&str; 2] = ["agent-ls.toml", ".agent-ls.toml"];

/// What a rule is set to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

fn level_of(s: &str) -> Option<Level> {
    Some(match s {
        "off" => Level::Off,
        "error" => Level::On(Severity::Error),
        "warning" => Level::On(Severity::Warning),
        "info" | "information" => Level::On(Severity::Information),
        "hint" => Level::On(Severity::Hint),
        _ => return None,
    })
}

/// Names the catalog cannot know, accepted as if it did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Known {
    pub tools: Vec<String>,
    pub models: Vec<String>,
    pub mcp_servers: Vec<String>,
}

#[derive(Clone, Debug)]
struct Override {
    globs: globset::GlobSet,
    rules: Vec<(Code, Level)>,
}

/// The settings of one config file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file's folder: globs are relative to it.
    pub root: PathBuf,
    rules: Vec<(Code, Level)>,
    overrides: Vec<Override>,
    pub known: Known,
}

type RuleTable = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: RuleTable,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    known: RawKnown,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<Spanned<String>>,
    #[serde(default)]
    rules: RuleTable,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawKnown {
    #[serde(default)]
    tools: Vec<String>,
    #[serde(default)]
    models: Vec<String>,
    #[serde(default)]
    mcp_servers: Vec<String>,
}

fn invalid(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::InvalidConfig, span, message)
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn rules(table: &RuleTable, problems: &mut Vec<Diagnostic>) -> Vec<(Code, Level)> {
    let mut out = Vec::new();
    for (code, level) in table {
        let Some(c) = Code::parse(code.get_ref()) else {
            let guess =
                crate::catalog::did_you_mean(code.get_ref(), Code::ALL.iter().map(|c| c.as_str()));
            let hint = guess
                .map(|g| format!(": did you mean `{g}`?"))
                .unwrap_or_else(|| " (`agent-ls rules` lists them)".into());
            problems.push(invalid(
                span_of(code),
                format!("unknown rule code `{}`{hint}", code.get_ref()),
            ));
            continue;
        };
        match level_of(level.get_ref()) {
            Some(l) => out.push((c, l)),
            None => problems.push(invalid(
                span_of(level),
                format!(
                    "unknown level `{}`: use \"off\", \"error\", \"warning\", \"info\" or \"hint\"",
                    level.get_ref()
                ),
            )),
        }
    }
    out
}

/// Reads a config file's text; `root` is its folder. Problems are diagnostics on `text`.
pub fn parse(text: &str, root: &Path) -> (Config, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut config = Config {
        root: root.to_path_buf(),
        ..Config::default()
    };
    let raw: Raw = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let span = e
                .span()
                .map(|r| Span::new(r.start, r.end.max(r.start)))
                .unwrap_or_default();
            let message = e.message().trim().to_string();
            problems.push(invalid(span, format!("agent-ls.toml: {message}")));
            return (config, problems);
        }
    };
    config.rules = rules(&raw.rules, &mut problems);
    for o in &raw.overrides {
        let mut builder = globset::GlobSetBuilder::new();
        for g in &o.files {
            match globset::GlobBuilder::new(g.get_ref())
                .literal_separator(true)
                .build()
            {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => problems.push(invalid(
                    span_of(g),
                    format!("bad glob `{}`: {}", g.get_ref(), e.kind()),
                )),
            }
        }
        let globs = builder
            .build()
            .unwrap_or_else(|_| globset::GlobSet::empty());
        config.overrides.push(Override {
            globs,
            rules: rules(&o.rules, &mut problems),
        });
    }
    config.known = Known {
        tools: raw.known.tools,
        models: raw.known.models,
        mcp_servers: raw.known.mcp_servers,
    };
    (config, problems)
}

impl Config {
    /// No settings, for files in `root`.
    pub fn empty(root: PathBuf) -> Self {
        Config {
            root,
            ..Config::default()
        }
    }

    /// The level of `code` for the file at `path`: the last override whose globs match, then
    /// `[rules]`; `None` when the config says nothing (the catalog's default holds).
    pub fn level(&self, path: Option<&Path>, code: Code) -> Option<Level> {
        let rel = path.map(|p| p.strip_prefix(&self.root).unwrap_or(p));
        let from_override = self
            .overrides
            .iter()
            .rev()
            .filter(|o| rel.is_some_and(|r| o.globs.is_match(r)))
            .find_map(|o| o.rules.iter().rev().find(|(c, _)| *c == code));
        from_override
            .or_else(|| self.rules.iter().rev().find(|(c, _)| *c == code))
            .map(|(_, l)| *l)
    }

    /// `diagnostics` with the configured levels: a rule set to off is gone, others take the
    /// configured severity.
    pub fn apply(&self, path: Option<&Path>, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.rules.is_empty() && self.overrides.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(|d| match self.level(path, d.code) {
                Some(Level::Off) => None,
                Some(Level::On(s)) => Some(d.with_severity(s)),
                None => Some(d),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, String)> {
        parse(text, Path::new("/p"))
            .1
            .into_iter()
            .map(|d| (text[d.span.start..d.span.end].to_string(), d.message))
            .collect()
    }

    #[test]
    fn levels_and_overrides() {
        let (c, p) = parse(
            "[rules]\nunknown-tool = \"error\"\nname-style = \"off\"\n[[overrides]]\nfiles = [\"plugins/**/*.md\"]\nrules = { unknown-tool = \"off\" }\n[known]\ntools = [\"Mine\"]\nmcp-servers = [\"gh\"]\n",
            Path::new("/p"),
        );
        assert!(p.is_empty(), "{p:?}");
        let here = Some(Path::new("/p/.claude/agents/a.md"));
        let plugin = Some(Path::new("/p/plugins/x/agents/a.md"));
        assert_eq!(
            c.level(here, Code::UnknownTool),
            Some(Level::On(Severity::Error))
        );
        assert_eq!(c.level(plugin, Code::UnknownTool), Some(Level::Off));
        assert_eq!(c.level(here, Code::NameStyle), Some(Level::Off));
        assert_eq!(c.level(here, Code::UnknownModel), None);
        assert_eq!(c.known.tools, ["Mine"]);
        assert_eq!(c.known.mcp_servers, ["gh"]);
    }

    #[test]
    fn every_mistake_on_its_characters() {
        let p = problems("[rules]\nunknown-tol = \"off\"\nname-style = \"loud\"\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, "\"loud\"");
        assert!(p[0].1.starts_with("unknown level `loud`"), "{p:?}");
        assert_eq!(p[1].0, "unknown-tol");
        assert!(p[1].1.contains("did you mean `unknown-tool`"), "{p:?}");
        let p = problems("[rule]\nx = 1\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].1.contains("unknown field `rule`"), "{p:?}");
        assert_eq!(p[0].0, "rule");
        let p = problems("[rules\n");
        assert_eq!(p.len(), 1, "{p:?}");
        let p = problems("[[overrides]]\nfiles = [\"a/[b\"]\n");
        assert_eq!(p[0].0, "\"a/[b\"");
        assert!(p[0].1.starts_with("bad glob"), "{p:?}");
    }
}
