//! Hover documentation for keys, tools, models, colours and enum values.

use crate::catalog::{self, KeyKind, Kind, ToolStatus};
use crate::syntax::frontmatter::ValueKind;
use crate::syntax::{Header, Span};

use super::HoverInfo;
use super::completion::{entry_at, key_detail};

pub fn hover(header: &Header, kind: Kind, offset: usize) -> Option<HoverInfo> {
    let fm = header.frontmatter()?;
    let e = entry_at(fm, offset)?;
    let cat = catalog::get();
    let spec = kind.spec();
    if e.key_span.touches(offset) {
        let markdown = match spec.key(&e.key) {
            Some(k) if k.kind == KeyKind::Tools && k.allowlist && spec.refuses_zero_tools => {
                format!(
                    "**`{}`** · {}\n\n{}{}",
                    k.name,
                    key_detail(k),
                    k.doc,
                    spawned_with(header)
                )
            }
            Some(k) => format!("**`{}`** · {}\n\n{}", k.name, key_detail(k), k.doc),
            None => match spec.foreign_key(&e.key) {
                Some(f) => format!(
                    "**`{}`** · not a key of {} {}\n\n{}",
                    e.key,
                    article(&spec.noun),
                    spec.noun,
                    f.note
                ),
                None => format!("**`{}`** · unknown key\n\nClaude Code ignores it.", e.key),
            },
        };
        return Some(HoverInfo {
            markdown,
            span: e.key_span,
        });
    }
    let key = spec.key(&e.key)?;
    match key.kind {
        KeyKind::Tools => {
            let list = e.value.list_items()?;
            let item = list.items.iter().find(|i| i.span.touches(offset))?;
            let mut h = tool_hover(&item.text, item.span, spec.tool_specifiers)?;
            if spec.refuses_zero_tools && key.allowlist {
                h.markdown.push_str(&spawned_with(header));
            }
            Some(h)
        }
        KeyKind::Model | KeyKind::Color | KeyKind::Enum | KeyKind::Boolean => {
            let ValueKind::Scalar(s) = &e.value.kind else {
                return None;
            };
            if !e.value.span.touches(offset) {
                return None;
            }
            let v = s.text.text.as_str();
            let markdown = match key.kind {
                KeyKind::Model => match cat.model(v) {
                    Some(m) => format!("**`{v}`** · model alias\n\n{}", m.doc),
                    None if cat.is_model_id(v) => {
                        format!("**`{v}`** · model id\n\n{}", cat.model_id_doc)
                    }
                    None => return None,
                },
                KeyKind::Color => {
                    let c = cat.color(v)?;
                    format!("**`{v}`** · color\n\n{}", c.doc)
                }
                _ => {
                    let d = spec.value_doc(&key.name, v)?;
                    format!("**`{v}`** · `{}` value\n\n{}", key.name, d.doc)
                }
            };
            Some(HoverInfo {
                markdown,
                span: e.value.span,
            })
        }
        KeyKind::Text => {
            let d = header.description.as_ref()?;
            if !e.value.span.touches(offset) {
                return None;
            }
            let n = header
                .examples
                .as_ref()
                .map(|x| x.examples.len())
                .unwrap_or(0);
            Some(HoverInfo {
                markdown: format!(
                    "**description** as Claude reads it ({n} example{})\n\n---\n\n{}",
                    if n == 1 { "" } else { "s" },
                    d.text
                ),
                span: e.value.span,
            })
        }
        _ => None,
    }
}

fn tool_hover(item: &str, span: Span, rules: bool) -> Option<HoverInfo> {
    let cat = catalog::get();
    if let Some(rest) = item.strip_prefix("mcp__") {
        let mut parts = rest.splitn(2, "__");
        let server = parts.next().unwrap_or("");
        let markdown = match parts.next() {
            Some(tool) => {
                format!("**`{item}`** · MCP tool\n\nTool `{tool}` of the MCP server `{server}`.")
            }
            None => {
                format!("**`{item}`** · MCP server\n\nEvery tool of the MCP server `{server}`.")
            }
        };
        return Some(HoverInfo { markdown, span });
    }
    let base = item.split('(').next().unwrap_or(item);
    let tool = cat.tool(base)?;
    let mut markdown = format!("**`{}`** · tool\n\n{}", tool.name, tool.doc);
    let version = &cat.verified_with;
    // a permission rule of a skill's or command's `allowed-tools`
    if rules && let Some(args) = item.get(base.len()..).filter(|a| a.starts_with('(')) {
        let inner = args.trim_start_matches('(').trim_end_matches(')');
        match cat.specifier_of(tool) {
            Some(s) => markdown.push_str(&format!(
                "\n\n*Permission rule* `{item}`: allowed without asking while it runs, for `{inner}`. {}",
                s.doc
            )),
            None => markdown.push_str(&format!(
                "\n\n*Permission rule* `{item}`: `{base}` takes no specifier."
            )),
        }
    }
    match (tool.status, &tool.current) {
        (ToolStatus::Alias, Some(c)) => markdown.push_str(&format!(
            "\n\n*Old name*: Claude Code {version} still resolves it, to `{c}`."
        )),
        (ToolStatus::Removed, current) => {
            markdown.push_str(&format!(
                "\n\n*Removed*: Claude Code {version} drops this name silently"
            ));
            if let Some(c) = current {
                markdown.push_str(&format!("; use `{c}`"));
            }
            markdown.push('.');
        }
        _ => {}
    }
    let legacy: Vec<_> = cat
        .tools
        .iter()
        .filter(|t| {
            t.status == ToolStatus::Alias && t.current.as_deref() == Some(tool.name.as_str())
        })
        .map(|t| format!("`{}`", t.name))
        .collect();
    if !legacy.is_empty() {
        markdown.push_str(&format!("\n\nFormerly: {}.", legacy.join(", ")));
    }
    // a permission rule is one thing; elsewhere the specifier is not the tool's
    let end = if rules {
        span.end
    } else {
        span.start + base.len()
    };
    Some(HoverInfo {
        markdown,
        span: Span::new(span.start, end),
    })
}

/// Hover on the first line of a skill or command: how to invoke it (`/git:commit <hint>`) and
/// what Claude Code reads as its description.
pub fn invocation(kind: Kind, path: &std::path::Path, header: &Header) -> Option<HoverInfo> {
    let name = match kind {
        Kind::Command => super::project::command_name(path)?,
        Kind::Skill => path.parent()?.file_name()?.to_str()?.to_string(),
        _ => return None,
    };
    let fm = header.frontmatter();
    let root = header.metadata();
    let text = |key: &str| {
        root.and_then(|r| r.get(key))
            .and_then(|v| v.as_str())
            .map(str::trim)
    };
    let hint = text("argument-hint").filter(|h| !h.is_empty());
    let mut md = format!(
        "**`/{name}{}`** · {}\n\n",
        hint.map(|h| format!(" {h}")).unwrap_or_default(),
        kind.spec().noun
    );
    if kind == Kind::Skill {
        md.push_str("Claude Code names a skill after its folder; Claude can also use it on its own when the description fits.\n\n");
    } else {
        md.push_str("Claude Code names a command after its path below `commands/`, folders joined with `:`.\n\n");
    }
    match text("description").filter(|d| !d.is_empty()) {
        Some(d) => md.push_str(d),
        None => md.push_str("No `description`: Claude Code shows the start of the body instead."),
    }
    if text("disable-model-invocation") == Some("true")
        || root.and_then(|r| r.get("disable-model-invocation"))
            == Some(&crate::syntax::load::Node::Bool(true))
    {
        md.push_str("\n\nOnly you can run it (`disable-model-invocation`).");
    }
    let span = fm
        .map(|f| f.open)
        .unwrap_or(Span::new(0, header.first_line_end));
    Some(HoverInfo { markdown: md, span })
}

/// "a" or "an" before a noun.
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The placeholder under `offset` in the body of a skill or command: what it becomes when the
/// file is used (`analysis::arguments`).
pub fn placeholder(
    header: &Header,
    kind: Kind,
    path: Option<&std::path::Path>,
    refs: &crate::syntax::refs::BodyRefs,
    offset: usize,
) -> Option<HoverInfo> {
    if !kind.spec().expands_body {
        return None;
    }
    let p = refs.placeholders.iter().find(|p| p.span.touches(offset))?;
    let invoked = crate::analysis::arguments::invoked_as(kind, path);
    let declared = crate::analysis::arguments::declared(header);
    Some(HoverInfo {
        markdown: crate::analysis::arguments::hover(
            p,
            &declared,
            &invoked,
            &catalog::get().verified_with,
        ),
        span: p.span,
    })
}

/// What an agent's `tools` give it when Claude Code spawns it: the tools that resolve, and the
/// names it drops.
fn spawned_with(header: &Header) -> String {
    use crate::analysis::diagnostics::{Effective, effective_tools};
    let version = &catalog::get().verified_with;
    let Some(value) = header.metadata().and_then(|r| r.get("tools")) else {
        return String::new();
    };
    let list = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match effective_tools(value) {
        Effective::All => {
            format!("\n\n---\n\nClaude Code {version} spawns this agent with every tool.")
        }
        Effective::Tools { granted, dropped } => {
            let mut md = if granted.is_empty() {
                format!(
                    "\n\n---\n\nNo tool resolves: Claude Code {version} lists this agent but refuses to spawn it."
                )
            } else {
                format!(
                    "\n\n---\n\nClaude Code {version} spawns this agent with exactly: {}.",
                    list(&granted)
                )
            };
            if !dropped.is_empty() {
                md.push_str(&format!(
                    " Dropped, silently: {} (no such tool).",
                    list(&dropped)
                ));
            }
            md
        }
    }
}
