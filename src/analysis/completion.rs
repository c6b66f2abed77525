//! Completion in the frontmatter: keys at the start of a line, and values (models, colours,
//! enum values, tool names in any list form) after a key.

use super::project::Project;
use crate::catalog::{self, Key, KeyKind, Kind, KindSpec, ToolStatus};
use crate::syntax::frontmatter::{Entry, Frontmatter};
use crate::syntax::{Header, Span};

use super::{Completion, ItemKind};

/// Proposals at byte `offset`. `snippets`: the client accepts snippet syntax.
pub fn complete(header: &Header, kind: Kind, offset: usize, snippets: bool) -> Vec<Completion> {
    complete_in(header, kind, offset, snippets, None)
}

/// Like [`complete`], with the project's knowledge (MCP servers from `.mcp.json`).
pub fn complete_in(
    header: &Header,
    kind: Kind,
    offset: usize,
    snippets: bool,
    project: Option<&Project>,
) -> Vec<Completion> {
    let Some(fm) = header.frontmatter() else {
        return Vec::new();
    };
    let text = header.text.as_str();
    let content_end = fm.close.map(|c| c.start).unwrap_or(text.len());
    if offset < fm.content.start || offset > content_end || offset > text.len() {
        return Vec::new();
    }
    if !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let line_start = text[..offset].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let before = &text[line_start..offset];
    // A key is being typed at column 0.
    if before
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        let word_end = offset
            + text[offset..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
                .count();
        // Not on a line that already holds `key:` (the cursor is inside an existing key).
        let rest = &text[word_end..];
        if !rest.starts_with(':') {
            return keys(fm, kind.spec(), Span::new(line_start, word_end), snippets);
        }
    }
    match entry_at(fm, offset) {
        Some(e) if offset > e.key_span.end => {
            values(text, kind.spec(), e, offset, project, snippets)
        }
        _ => Vec::new(),
    }
}

/// The entry whose value area holds `offset`.
pub fn entry_at(fm: &Frontmatter, offset: usize) -> Option<&Entry> {
    let idx = fm.entries.partition_point(|e| e.key_span.start <= offset);
    let e = fm.entries.get(idx.checked_sub(1)?)?;
    let next_start = fm
        .entries
        .get(idx)
        .map(|n| n.key_span.start)
        .unwrap_or(fm.content.end);
    (offset <= e.span.end.max(next_start.saturating_sub(1))).then_some(e)
}

fn keys(fm: &Frontmatter, spec: &KindSpec, replace: Span, snippets: bool) -> Vec<Completion> {
    spec.keys
        .iter()
        .enumerate()
        .filter(|(_, k)| {
            fm.entries
                .iter()
                .all(|e| e.key != k.name || e.key_span.start == replace.start)
        })
        .map(|(i, k)| {
            let (insert, snippet) = key_insert(k, spec, snippets);
            Completion {
                label: k.name.clone(),
                kind: ItemKind::Key,
                detail: key_detail(k),
                documentation: k.doc.clone(),
                insert,
                snippet,
                replace,
                sort: format!("{}{i:02}", if k.required { 0 } else { 1 }),
                deprecated: false,
            }
        })
        .collect()
}

/// One line about a key: whether it is required and what it takes.
pub fn key_detail(k: &Key) -> String {
    let cat = catalog::get();
    let what = match k.kind {
        KeyKind::String | KeyKind::Text => "string".to_string(),
        KeyKind::Name => "lowercase-hyphenated name".to_string(),
        KeyKind::Tools => "tool names (comma string or list)".to_string(),
        KeyKind::List => "names (comma string or list)".to_string(),
        KeyKind::Model => "model alias or `claude-` id".to_string(),
        KeyKind::Color => "color".to_string(),
        KeyKind::Enum | KeyKind::Boolean => cat.enum_values(k).join(" | "),
        KeyKind::Integer => "positive integer".to_string(),
        KeyKind::Mapping => "mapping".to_string(),
        KeyKind::Servers => "list of MCP servers".to_string(),
        KeyKind::Hooks => "mapping of hook events".to_string(),
        KeyKind::Skills => "skill names (comma string or list)".to_string(),
        KeyKind::Agent => "agent name".to_string(),
        KeyKind::Globs => "glob patterns (comma string or list)".to_string(),
        KeyKind::Arguments => "argument names (list or space separated)".to_string(),
        KeyKind::Metadata => "mapping of strings".to_string(),
    };
    format!(
        "{} · {what}",
        if k.required { "required" } else { "optional" }
    )
}

fn key_insert(k: &Key, spec: &KindSpec, snippets: bool) -> (String, bool) {
    let cat = catalog::get();
    let block = matches!(
        k.kind,
        KeyKind::Mapping | KeyKind::Servers | KeyKind::Hooks | KeyKind::Metadata
    );
    if !snippets {
        let tail = match k.kind {
            _ if block => ":\n  ",
            _ => ": ",
        };
        return (format!("{}{tail}", k.name), false);
    }
    let choice = |vals: Vec<&str>| format!("{}: ${{1|{}|}}", k.name, vals.join(","));
    let s = match k.kind {
        KeyKind::Color => choice(cat.colors.iter().map(|c| c.name.as_str()).collect()),
        KeyKind::Model => choice(cat.models.iter().map(|m| m.name.as_str()).collect()),
        KeyKind::Enum | KeyKind::Boolean => choice(cat.enum_values(k)),
        KeyKind::Tools => format!("{}: ${{1:Read, Grep, Glob}}", k.name),
        KeyKind::Text if spec.examples => format!(
            "{}: \"Use this agent when ${{1:...}}. Examples: <example>Context: ${{2:...}} user: '${{3:...}}' assistant: '${{4:...}}' <commentary>${{5:...}}</commentary></example>\"",
            k.name
        ),
        _ if block => format!("{}:\n  $0", k.name),
        _ => format!("{}: $0", k.name),
    };
    (s, true)
}

/// The items a list value already holds, but the one at the cursor.
fn listed_items(e: &Entry, offset: usize) -> Vec<String> {
    e.value
        .list_items()
        .map(|l| {
            l.items
                .iter()
                .filter(|it| !it.span.touches(offset))
                .map(|it| it.text.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// In a skill's or command's `allowed-tools`: a permission rule per tool that takes a specifier
/// (`Bash(git status:*)`, `Read(./src/**)`, `WebFetch(domain:example.com)`), the example as a
/// placeholder to type over.
fn rule_templates(spec: &KindSpec, replace: Span, snippets: bool) -> Vec<Completion> {
    if !spec.tool_specifiers {
        return Vec::new();
    }
    let cat = catalog::get();
    cat.tools
        .iter()
        .filter(|t| t.status == ToolStatus::Current)
        .filter_map(|t| Some((t, cat.specifier_of(t)?)))
        .enumerate()
        .map(|(i, (t, s))| {
            let (insert, snippet) = if snippets {
                (format!("{}(${{1:{}}})", t.name, s.example), true)
            } else {
                (format!("{}({})", t.name, s.example), false)
            };
            Completion {
                label: format!("{}(…)", t.name),
                kind: ItemKind::Tool,
                detail: "permission rule".into(),
                documentation: format!("{}\n\n{}", t.doc, s.doc),
                insert,
                snippet,
                replace,
                sort: format!("{:03}", 300 + i),
                deprecated: false,
            }
        })
        .collect()
}

/// A byte of a value word; brackets only in a model name (`sonnet[1m]`), where they are part of
/// the value and not the edges of a flow list.
fn is_word_byte(b: u8, brackets: bool) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, b'_' | b'-' | b'.')
        || (brackets && matches!(b, b'[' | b']'))
}

/// The word around `offset` (the part a value completion replaces).
fn word_at(text: &str, offset: usize, bound: Span, brackets: bool) -> Span {
    let bytes = text.as_bytes();
    let mut s = offset;
    while s > bound.start && is_word_byte(bytes[s - 1], brackets) {
        s -= 1;
    }
    let mut e = offset;
    while e < bound.end.min(bytes.len()) && is_word_byte(bytes[e], brackets) {
        e += 1;
    }
    Span::new(s, e)
}

fn values(
    text: &str,
    spec: &KindSpec,
    e: &Entry,
    offset: usize,
    project: Option<&Project>,
    snippets: bool,
) -> Vec<Completion> {
    let cat = catalog::get();
    let Some(key) = spec.key(&e.key) else {
        return Vec::new();
    };
    let line_end = offset
        + text[offset..]
            .find(['\n', '\r'])
            .unwrap_or(text.len() - offset);
    let line_start = text[..offset].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let brackets = key.kind == KeyKind::Model;
    let word = word_at(text, offset, Span::new(line_start, line_end), brackets);
    let mk = |label: &str, kind, detail: &str, doc: &str, sort: usize, deprecated| Completion {
        label: label.to_string(),
        kind,
        detail: detail.to_string(),
        documentation: doc.to_string(),
        insert: label.to_string(),
        snippet: false,
        replace: word,
        sort: format!("{sort:03}"),
        deprecated,
    };
    match key.kind {
        KeyKind::Model => cat
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| mk(&m.name, ItemKind::Model, "model alias", &m.doc, i, false))
            .collect(),
        KeyKind::Color => cat
            .colors
            .iter()
            .enumerate()
            .map(|(i, c)| mk(&c.name, ItemKind::Color, "color", &c.doc, i, false))
            .collect(),
        KeyKind::Enum | KeyKind::Boolean => cat
            .enum_values(key)
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let doc = spec
                    .value_doc(&key.name, v)
                    .map(|d| d.doc.as_str())
                    .unwrap_or("");
                mk(v, ItemKind::Value, &key.name, doc, i, false)
            })
            .collect(),
        KeyKind::Tools => {
            let listed: Vec<String> = listed_items(e, offset)
                .into_iter()
                .map(|t| t.split('(').next().unwrap_or("").to_string())
                .collect();
            // inside `Agent(...)` parentheses nothing is proposed
            let before = &text[line_start..offset];
            if before.matches('(').count() > before.matches(')').count() {
                return Vec::new();
            }
            let servers = project
                .and_then(|p| p.mcp_servers.as_ref())
                .into_iter()
                .flatten()
                .map(|s| format!("mcp__{s}"))
                .filter(|s| !listed.contains(s))
                .map(|s| {
                    let doc = format!(
                        "Every tool of the MCP server `{}` (from `.mcp.json`).",
                        &s[5..]
                    );
                    mk(&s, ItemKind::Tool, "MCP server", &doc, 400, false)
                })
                .collect::<Vec<_>>();
            cat.tools
                .iter()
                .enumerate()
                .filter(|(_, t)| !listed.contains(&t.name))
                .map(|(i, t)| {
                    let legacy = t.is_legacy();
                    let detail = match (t.status, &t.current) {
                        (ToolStatus::Alias, Some(c)) => format!("alias of {c}"),
                        (ToolStatus::Removed, Some(c)) => format!("removed: use {c}"),
                        (ToolStatus::Removed, None) => "removed".into(),
                        _ => "tool".into(),
                    };
                    mk(
                        &t.name,
                        ItemKind::Tool,
                        &detail,
                        &t.doc,
                        i + if legacy { 500 } else { 0 },
                        legacy,
                    )
                })
                .chain(servers)
                .chain(rule_templates(spec, word, snippets))
                .collect()
        }
        KeyKind::Skills | KeyKind::Agent => {
            let Some(project) = project else {
                return Vec::new();
            };
            let listed = listed_items(e, offset);
            let names: Vec<(String, String)> = if key.kind == KeyKind::Skills {
                project
                    .skills
                    .iter()
                    .map(|(n, p)| (n.clone(), p.display().to_string()))
                    .collect()
            } else {
                project
                    .agent_names()
                    .map(|(n, p)| (n.to_string(), p.display().to_string()))
                    .chain(
                        cat.builtin_agents
                            .iter()
                            .map(|a| (a.name.clone(), a.doc.clone())),
                    )
                    .collect()
            };
            let what = if key.kind == KeyKind::Skills {
                "skill"
            } else {
                "agent"
            };
            names
                .into_iter()
                .filter(|(n, _)| !listed.contains(n))
                .enumerate()
                .map(|(i, (n, doc))| mk(&n, ItemKind::Value, what, &doc, i, false))
                .collect()
        }
        _ => Vec::new(),
    }
}
