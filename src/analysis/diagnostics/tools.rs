//! `tools:` and `disallowedTools:` as Claude Code resolves them when it spawns the agent: the
//! value is split on commas and spaces outside parentheses, names are looked up case-sensitively,
//! unknown and removed names are dropped silently, and an agent whose listed tools all fail to
//! resolve is refused ("would be spawned with zero tools").

use crate::catalog::Code;
use crate::catalog::{self, Severity, ToolStatus};
use crate::syntax::Span;
use crate::syntax::frontmatter::{Entry, ListStyle, ValueKind};
use crate::syntax::load::Node;

use super::{Context, Diagnostic, Fix, did_you_mean_diagnostic, with_guess};

/// One name of the list as Claude Code reads it, with where it is in the source.
struct Token {
    text: String,
    span: Span,
}

pub(super) fn check(
    text: &str,
    e: &Entry,
    value: &Node,
    cx: Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let cat = catalog::get();
    let version = &cat.verified_with;
    let spec = cx.kind.spec();
    // an agent's allowlist (Claude Code refuses to spawn an agent none of whose tools resolve);
    // `disallowedTools` and the `allowed-tools` of skills and commands are not
    let allowlist = spec.refuses_zero_tools && spec.key(&e.key).is_some_and(|k| k.allowlist);
    let strings: Vec<&str> = match value {
        Node::Str(s) => vec![s.as_str()],
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                if !matches!(item, Node::Str(_)) {
                    let span = item_span(e, i).unwrap_or(e.value.span);
                    out.push(Diagnostic::new(
                        Code::InvalidType,
                        span,
                        format!(
                            "a tool must be a name, not {}: Claude Code drops this item",
                            item.describe()
                        ),
                    ));
                }
            }
            items.iter().filter_map(Node::as_str).collect()
        }
        _ => Vec::new(),
    };
    let tokens = tokens(text, e.value.span, &strings);
    if tokens.is_empty() {
        if allowlist {
            let explicit_empty_list = matches!(
                &e.value.kind,
                ValueKind::List(l) if l.style == ListStyle::Flow && l.items.is_empty()
            );
            let what = match value {
                Node::Null => "empty".to_string(),
                Node::Str(_) => "an empty string".to_string(),
                Node::Seq(items) if items.is_empty() => "an empty list".to_string(),
                Node::Seq(_) => "a list without one tool name".to_string(),
                v => v.describe().to_string(),
            };
            let span = if e.value.span.is_empty() {
                e.key_span
            } else {
                e.value.span
            };
            let mut d = Diagnostic::new(
                Code::NoTools,
                span,
                format!(
                    "`tools` is {what}: Claude Code {version} spawns this agent with no tools at all, although `/agents` shows \"All tools\"; remove the key to give it every tool, or list the tools it needs"
                ),
            );
            if explicit_empty_list {
                d = d.with_severity(Severity::Hint);
            }
            out.push(d);
        }
        return;
    }
    if tokens.iter().any(|t| t.text == "*") {
        return;
    }
    let listed = |name: &str| {
        tokens
            .iter()
            .any(|t| t.text.split('(').next() == Some(name))
    };
    let mut unresolved: Vec<&str> = Vec::new();
    for t in &tokens {
        let name = t.text.as_str();
        if let Some(rest) = name.strip_prefix("mcp__") {
            mcp(rest, name, t.span, cx, out);
            continue;
        }
        let (base, args) = match name.find('(') {
            Some(p) => (&name[..p], Some(&name[p..])),
            None => (name, None),
        };
        let base_span = Span::new(t.span.start, (t.span.start + base.len()).min(t.span.end));
        let unquoted = base
            .strip_prefix('"')
            .and_then(|b| b.strip_suffix('"'))
            .or_else(|| base.strip_prefix('\'').and_then(|b| b.strip_suffix('\'')));
        if let Some(inner) = unquoted.filter(|i| *i == "*" || cat.tool(i).is_some()) {
            // quotes inside a comma string stay part of the name
            unresolved.push(name);
            out.push(
                Diagnostic::new(
                    Code::UnknownTool,
                    t.span,
                    format!(
                        "`{name}`: inside a comma-separated string the quotes are part of the name, so Claude Code {version} looks for a tool named `{name}` and drops it; write `{inner}`"
                    ),
                )
                .with_fix(Fix::replace(format!("Replace with `{inner}`"), t.span, inner).safe()),
            );
            continue;
        }
        let known = cx.known.is_some_and(|k| k.tools.iter().any(|t| t == base));
        let Some(tool) = cat.tool(base).filter(|_| !known) else {
            if known {
                continue;
            }
            unresolved.push(name);
            let exact_case = cat
                .tools
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(base))
                .map(|c| c.name.as_str());
            let what = format!("unknown tool `{base}`, which Claude Code drops silently");
            let mut d = match exact_case {
                Some(c) => with_guess(
                    Diagnostic::new(
                        Code::UnknownTool,
                        base_span,
                        format!("{what}: did you mean `{c}`? Tool names are case-sensitive"),
                    ),
                    base_span,
                    Some(c),
                ),
                None => did_you_mean_diagnostic(
                    Code::UnknownTool,
                    base_span,
                    base,
                    what,
                    cat.tools
                        .iter()
                        .filter(|c| c.resolves())
                        .map(|c| c.name.as_str()),
                    || "MCP tools are named `mcp__<server>__<tool>`".into(),
                ),
            };
            if exact_case.is_some() {
                std::sync::Arc::make_mut(&mut d.fixes)
                    .iter_mut()
                    .for_each(|f| f.safe = true);
            }
            out.push(d);
            continue;
        };
        match tool.status {
            ToolStatus::Removed => {
                unresolved.push(name);
                let loses = tool.loses.as_deref().unwrap_or("loses this tool");
                let msg = match &tool.current {
                    Some(c) if listed(c) => format!(
                        "`{base}` no longer exists: Claude Code {version} drops it silently (`{c}`, listed too, does what it did); remove it"
                    ),
                    Some(c) if allowlist => format!(
                        "`{base}` no longer exists: Claude Code {version} drops it silently, so this agent {loses}; use `{c}`"
                    ),
                    Some(c) => format!(
                        "`{base}` no longer exists: Claude Code {version} ignores it here; deny `{c}` instead"
                    ),
                    None => format!(
                        "`{base}` no longer exists: Claude Code {version} drops it silently; remove it"
                    ),
                };
                let mut d = Diagnostic::new(Code::RemovedTool, base_span, msg);
                if let Some(c) = &tool.current
                    && !listed(c)
                {
                    d = d.with_fix(
                        Fix::replace(format!("Replace with `{c}`"), base_span, c.clone()).safe(),
                    );
                }
                out.push(d);
            }
            ToolStatus::Alias => {
                let current = tool.current.as_deref().unwrap_or(base);
                let mut d = Diagnostic::new(
                    Code::LegacyTool,
                    base_span,
                    format!(
                        "`{base}` is an old name: Claude Code {version} still resolves it, to `{current}`; write `{current}`"
                    ),
                );
                if !listed(current) {
                    d = d.with_fix(
                        Fix::replace(format!("Replace with `{current}`"), base_span, current)
                            .safe(),
                    );
                }
                out.push(d);
            }
            ToolStatus::Current => {}
        }
        if let Some(args) = args {
            let spawn = cat.spawn_tools.iter().any(|s| s == base);
            if spec.tool_specifiers {
                if let Some(problem) = specifier_problem(base, args) {
                    out.push(Diagnostic::new(
                        Code::InvalidToolSpecifier,
                        t.span,
                        format!(
                            "`{name}`: {problem}, so this permission rule never matches and Claude Code asks before using `{base}` as if it were not listed"
                        ),
                    ));
                }
            } else if !spawn && tool.resolves() {
                out.push(
                    Diagnostic::new(
                        Code::ToolSpecifier,
                        t.span,
                        format!(
                            "`{name}`: Claude Code ignores the specifier `{args}` in an agent's tools and gives the agent all of `{base}`; permission rules like this belong in settings or a command's `allowed-tools`"
                        ),
                    )
                    .with_fix(Fix::replace(format!("Replace with `{base}`"), t.span, base).safe()),
                );
            } else if spawn && !args.ends_with(')') {
                out.push(Diagnostic::new(
                    Code::UnknownTool,
                    t.span,
                    format!("`{name}` is missing its closing `)`"),
                ));
            }
        }
    }
    if allowlist && unresolved.len() == tokens.len() {
        out.push(Diagnostic::new(
            Code::ToolsUnresolved,
            e.value.span,
            format!(
                "none of the listed tools exists in Claude Code {version}: it lists the agent but refuses to spawn it (\"Agent '...' would be spawned with zero tools - refusing ... unrecognized [{}]\"); list current tools, or remove `tools` to give it all",
                unresolved.join(", ")
            ),
        ));
    }
}

fn mcp(rest: &str, name: &str, span: Span, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let parts: Vec<&str> = rest.split("__").collect();
    if parts.iter().any(|p| p.is_empty()) || parts.len() > 2 {
        out.push(Diagnostic::new(
            Code::UnknownTool,
            span,
            format!(
                "malformed MCP tool name `{name}`: use `mcp__<server>` or `mcp__<server>__<tool>`"
            ),
        ));
        return;
    }
    let at = span.start + "mcp__".len();
    let span = Span::new(at, at + parts[0].len());
    out.extend(super::unknown_mcp_server(
        parts[0],
        span,
        cx.known,
        cx.project,
        || {
            format!(
                "MCP server `{}` is not configured in the project's `.mcp.json`",
                parts[0]
            )
        },
        None,
    ));
}

/// What is wrong with the specifier `(args)` of a permission rule for `tool`, if anything.
fn specifier_problem(tool: &str, args: &str) -> Option<String> {
    if args.matches('(').count() > args.matches(')').count() {
        return Some(
            "the `(` is never closed, so Claude Code reads every entry after it as part of this rule, and they are lost too"
                .into(),
        );
    }
    let Some(inner) = args.strip_prefix('(').and_then(|a| a.strip_suffix(')')) else {
        return Some("the specifier is missing its closing `)`".into());
    };
    if inner.trim().is_empty() {
        return Some(format!(
            "the specifier is empty; write `{tool}` to allow every use, or put a pattern between the parentheses"
        ));
    }
    let kind = catalog::get()
        .tool(tool)
        .and_then(|t| t.specifier.as_deref());
    match kind {
        Some("domain") if !inner.starts_with("domain:") => Some(format!(
            "`{tool}` rules take `domain:HOST` (e.g. `{tool}(domain:example.com)`), not `{inner}`"
        )),
        Some("command") if inner.find(":*").is_some_and(|i| i + 2 != inner.len()) => {
            Some("`:*` (prefix match) is only allowed at the end of the pattern".into())
        }
        _ => None,
    }
}

/// The tools an agent is spawned with, as Claude Code resolves its `tools` value at spawn time
/// (verified with `cc-oracle --use` on 2.1.330: `tools: Read, MultiEdit` spawns with `[Read]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effective {
    /// `*` (or no `tools` key): every tool.
    All,
    /// The names that resolve (aliases as their current names, specifiers dropped: `Bash(git:*)`
    /// grants all of Bash), in order, and the names dropped because nothing resolves them.
    Tools {
        granted: Vec<String>,
        dropped: Vec<String>,
    },
}

/// [`Effective`] of a `tools` value as Claude Code read it.
pub fn effective(value: &Node) -> Effective {
    let cat = catalog::get();
    let strings: Vec<&str> = match value {
        Node::Str(s) => vec![s.as_str()],
        Node::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    };
    let names: Vec<&str> = strings.iter().flat_map(|s| split(s)).collect();
    if names.contains(&"*") {
        return Effective::All;
    }
    let mut granted: Vec<String> = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    for name in names {
        let base = name.split('(').next().unwrap_or(name);
        let resolved = if base.starts_with("mcp__") {
            Some(base.to_string())
        } else {
            cat.tool(base)
                .filter(|t| t.resolves())
                .map(|t| t.current.clone().unwrap_or_else(|| t.name.clone()))
        };
        match resolved {
            Some(r) if !granted.contains(&r) => granted.push(r),
            Some(_) => {}
            None => dropped.push(name.to_string()),
        }
    }
    Effective::Tools { granted, dropped }
}

/// Splits on commas and whitespace outside parentheses, as Claude Code does.
pub(super) fn split(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            c if depth == 0 && (c == ',' || c.is_whitespace()) => {
                if start < i {
                    out.push(&s[start..i]);
                }
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The names Claude Code reads, each located in the source by searching for it in order within
/// the value and the rest of its last line (the value as written can differ from the value as
/// read: quotes, escapes, a line the fallback rewrite quoted with its ` # comment`); a name not
/// found keeps the whole value's span.
fn tokens(text: &str, value: Span, strings: &[&str]) -> Vec<Token> {
    let end = crate::text::line_span(text, value.end)
        .end
        .max(value.end)
        .min(text.len());
    let src = text.get(value.start..end).unwrap_or("");
    let mut cursor = 0;
    let mut out = Vec::new();
    for s in strings {
        for piece in split(s) {
            let span = match src[cursor.min(src.len())..].find(piece) {
                Some(i) => {
                    let start = cursor + i;
                    cursor = start + piece.len();
                    Span::new(value.start + start, value.start + start + piece.len())
                }
                None => value,
            };
            out.push(Token {
                text: piece.to_string(),
                span,
            });
        }
    }
    out
}

/// The span of the `i`-th item of a list value, as the scanner found it.
fn item_span(e: &Entry, i: usize) -> Option<Span> {
    match &e.value.kind {
        ValueKind::List(l) => l.items.get(i).map(|it| it.span),
        _ => None,
    }
}
