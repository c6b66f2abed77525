//! A hook's `matcher` on the events that match a tool's name (catalog `tool_matcher_events`).
//! How Claude Code 2.1.332 reads it (its JS, `Pqn` and `u`; json-oracle `settings/matcher-*`):
//! empty or `*` matches every tool; a matcher of letters, digits, `_`, `|`, `,`, `-` and spaces is
//! a list of exact tool names, split at `|` and `,` and trimmed, case included; anything else is
//! a JavaScript regular expression tested against the tool's name, unanchored. A name that is
//! no tool, or a pattern that is no valid expression, never fires: Claude Code says so at most in
//! its debug log (`Invalid regex pattern in hook matcher`).

use super::Checker;
use crate::analysis::Diagnostic;
use crate::analysis::Fix;
use crate::catalog::{self, Code, ToolStatus, did_you_mean};
use crate::syntax::Span;
use crate::syntax::json::JNode;

/// Is `m` a list of exact names rather than an expression?
fn is_name_list(m: &str) -> bool {
    m.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'|' | b',' | b'-' | b' '))
}

/// The names of a list matcher with their byte offsets in it.
fn names(m: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in m.char_indices().chain(std::iter::once((m.len(), '|'))) {
        if c == '|' || c == ',' {
            let raw = &m[start..i];
            let name = raw.trim();
            if !name.is_empty() {
                let lead = raw.len() - raw.trim_start().len();
                out.push((start + lead, name));
            }
            start = i + 1;
        }
    }
    out
}

impl Checker<'_> {
    pub(super) fn matcher(&mut self, event: &str, node: &JNode) {
        let cat = catalog::get();
        if !cat.tool_matcher_events.iter().any(|e| e == event) {
            return;
        }
        let Some(m) = node.as_str() else {
            return;
        };
        if m.is_empty() || m == "*" {
            return;
        }
        let v = self.version;
        let declared = self.env.known;
        let known = |name: &str| declared.is_some_and(|k| k.tools.iter().any(|t| t == name));
        if is_name_list(m) {
            // no escapes in such a string: its characters sit one for one after the quote
            let base = node.span.start + 1;
            let list = names(m);
            let live = |name: &str| {
                known(name)
                    || name.starts_with("mcp__")
                    || cat
                        .tool(name)
                        .is_some_and(|t| t.status != ToolStatus::Removed)
            };
            let any_live = list.iter().any(|(_, n)| live(n));
            for (at, name) in &list {
                let span = Span::new(base + at, base + at + name.len());
                if name.starts_with("mcp__") {
                    self.mcp_server_of(name, span, "this hook never fires for its tools");
                    continue;
                }
                if live(name) {
                    continue;
                }
                if let Some(t) = cat.tool(name) {
                    // a removed tool beside live ones costs nothing: the others still fire
                    if any_live {
                        continue;
                    }
                    let instead = t
                        .current
                        .as_deref()
                        .map(|c| format!(" (`{c}` does what it did)"))
                        .unwrap_or_default();
                    self.out.push(Diagnostic::new(
                        Code::HookMatcherNoTool,
                        span,
                        format!(
                            "`{name}` is no tool of Claude Code {v} any more{instead}: this `{event}` hook never fires"
                        ),
                    ));
                    continue;
                }
                let live_names = cat
                    .tools
                    .iter()
                    .filter(|t| t.status != ToolStatus::Removed)
                    .map(|t| t.name.as_str());
                let guess = did_you_mean(name, live_names);
                let alone = if list.len() == 1 {
                    format!("this `{event}` hook never fires")
                } else {
                    "this name never matches".to_string()
                };
                let hint = guess
                    .map(|g| format!("; did you mean `{g}`?"))
                    .unwrap_or_default();
                let mut d = Diagnostic::new(
                    Code::HookMatcherNoTool,
                    span,
                    format!(
                        "`{name}` names no tool of Claude Code {v}, which compares these names exactly, case included: {alone}{hint}"
                    ),
                );
                if let Some(g) = guess {
                    d = d.with_fix(Fix::replace(format!("Replace with `{g}`"), span, g));
                }
                self.out.push(d);
            }
            return;
        }
        let re = match regress::Regex::new(m) {
            Ok(re) => re,
            Err(e) => {
                self.out.push(Diagnostic::new(
                    Code::HookMatcherInvalid,
                    node.span,
                    format!(
                        "`{m}` is no valid regular expression ({}): Claude Code {v} loads the hook and never fires it, saying so only in its debug log (`Invalid regex pattern in hook matcher`)",
                        e.to_string().to_lowercase()
                    ),
                ));
                return;
            }
        };
        // an expression for MCP tools (or with no capital letter, as built-in names have) may
        // match tools no list holds: not judged by the built-in names
        if m.contains("mcp") || !m.contains(|c: char| c.is_ascii_uppercase()) {
            if let Some(server) = literal_server(m) {
                let caret = usize::from(m.starts_with('^'));
                let at = node.span.start + 1 + caret + "mcp__".len();
                let span = Span::new(at, at + server.len());
                self.mcp_server_of(&format!("mcp__{server}"), span, "this hook never fires");
            }
            return;
        }
        let matches_some = cat
            .tools
            .iter()
            .filter(|t| t.status != ToolStatus::Removed)
            .map(|t| t.name.as_str())
            .chain(
                self.env
                    .known
                    .iter()
                    .flat_map(|k| k.tools.iter().map(String::as_str)),
            )
            .any(|name| re.find(name).is_some());
        if !matches_some {
            self.out.push(Diagnostic::new(
                Code::HookMatcherNoTool,
                node.span,
                format!(
                    "`{m}` matches the name of no tool of Claude Code {v} (it is tested against tool names, case included): this `{event}` hook never fires"
                ),
            ));
        }
    }

    /// `unknown-mcp-server` for the server of `mcp__server...` at `span` (the server's name),
    /// when the project's `.mcp.json` is known and does not configure it.
    pub(super) fn mcp_server_of(&mut self, name: &str, span: Span, cost: &str) {
        let Some(server) = name
            .strip_prefix("mcp__")
            .map(|r| r.split("__").next().unwrap_or(r))
            .filter(|s| !s.is_empty())
        else {
            return;
        };
        let span = Span::new(span.start, span.start + server.len());
        self.out
            .extend(crate::analysis::diagnostics::unknown_mcp_server(
                server,
                span,
                self.env.known,
                self.env.project,
                || {
                    format!(
                        "MCP server `{server}` is not configured in the project's `.mcp.json`, so {cost}"
                    )
                },
                None,
            ));
    }
}

/// The server of an expression that starts with a literal `mcp__NAME__`.
fn literal_server(m: &str) -> Option<&str> {
    let rest = m.strip_prefix('^').unwrap_or(m).strip_prefix("mcp__")?;
    let end = rest.find("__")?;
    let name = &rest[..end];
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
    .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_matchers_split_as_claude_code_splits_them() {
        assert!(is_name_list("Read, Bash"));
        assert!(is_name_list("Edit|Write"));
        assert!(!is_name_list("Edit.*"));
        assert!(!is_name_list("^Bash$"));
        assert_eq!(
            names(" Read, Bash|Edit,,"),
            [(1, "Read"), (7, "Bash"), (12, "Edit")]
        );
        assert_eq!(literal_server("mcp__github__.*"), Some("github"));
        assert_eq!(literal_server("^mcp__gh__create"), Some("gh"));
        assert_eq!(literal_server("mcp__.*"), None);
    }
}
