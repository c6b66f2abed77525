//! An agent's `mcpServers` as Claude Code 2.1.332 reads them (json-oracle FACTS.md, "Agent
//! frontmatter mcpServers"): a list whose items are a configured server's name or `{name:
//! config}`. A name no configuration defines is "MCP server not found" when the agent is spawned;
//! an inline config that is not a valid server is dropped when the file is read (a debug line);
//! an item with two servers is refused at spawn ("expected exactly one key"). The agent loads and
//! runs in every case, without those servers: warnings.

use crate::catalog::Code;
use crate::syntax::Span;
use crate::syntax::frontmatter::Entry;
use crate::syntax::load::Node;

use super::{Context, Diagnostic};

pub(super) fn check(e: &Entry, value: &Node, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let Node::Seq(items) = value else {
        return;
    };
    // the scanner's items, one for one with the loaded ones when it saw the same list
    let spans: Vec<Span> = e
        .value
        .list_items()
        .map(|l| l.items.iter().map(|i| i.span).collect())
        .filter(|s: &Vec<Span>| s.len() == items.len())
        .unwrap_or_else(|| vec![e.value.span; items.len()]);
    let version = &crate::catalog::get().verified_with;
    for (item, span) in items.iter().zip(spans) {
        match item {
            Node::Str(name) => out.extend(super::unknown_mcp_server(
                name,
                span,
                cx.known,
                cx.project,
                || {
                    format!(
                        "MCP server `{name}` is not configured (`.mcp.json`, `~/.claude.json`): Claude Code {version} spawns the agent without it (\"MCP server not found\")"
                    )
                },
                Some("configure it, or write its configuration here as `{name: {command: ...}}`"),
            )),
            Node::Map(entries) if entries.len() != 1 => out.push(Diagnostic::new(
                Code::ConfigEntrySkipped,
                span,
                format!(
                    "an item of `mcpServers` holds {} servers: Claude Code {version} starts none of them (\"Invalid MCP server spec: expected exactly one key\"); write one item per server",
                    entries.len()
                ),
            )),
            Node::Map(entries) => {
                let (name, config) = &entries[0];
                if let Some(why) = config_problem(config) {
                    out.push(Diagnostic::new(
                        Code::ConfigEntrySkipped,
                        span,
                        format!(
                            "the server `{name}` is no valid MCP server ({why}): Claude Code {version} drops it when it reads the agent, saying so only in its debug log"
                        ),
                    ));
                }
            }
            _ => out.push(Diagnostic::new(
                Code::ConfigEntrySkipped,
                span,
                format!(
                    "an item of `mcpServers` must be a server's name or `{{name: config}}`: Claude Code {version} drops it"
                ),
            )),
        }
    }
}

/// Why `config` is no MCP server configuration Claude Code accepts, if it is not (the fields of
/// `.mcp.json`'s servers: a `command` for a local server, a `url` for a remote one).
fn config_problem(config: &Node) -> Option<String> {
    let Node::Map(fields) = config else {
        return Some("its configuration must be a mapping".into());
    };
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v);
    let ty = match get("type") {
        None => "stdio",
        Some(Node::Str(t)) if matches!(t.as_str(), "stdio" | "http" | "sse" | "ws" | "sdk") => t,
        Some(_) => return Some("`type` must be `stdio`, `http`, `sse` or `ws`".into()),
    };
    let field = if ty == "stdio" { "command" } else { "url" };
    if ty != "sdk" && !matches!(get(field), Some(Node::Str(s)) if !s.is_empty()) {
        return Some(format!("`{field}` must be a non-empty string"));
    }
    if let Some(args) = get("args")
        && !matches!(args, Node::Seq(a) if a.iter().all(|x| matches!(x, Node::Str(_))))
    {
        return Some("`args` must be a list of strings".into());
    }
    if let Some(env) = get("env")
        && !matches!(env, Node::Map(m) if m.iter().all(|(_, v)| matches!(v, Node::Str(_))))
    {
        return Some("`env` must map names to strings".into());
    }
    None
}
