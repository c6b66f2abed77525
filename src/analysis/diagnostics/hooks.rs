//! `hooks:`: a mapping from hook events to lists of matchers. What Claude Code drops the agent
//! for, and what it only ignores.

use crate::catalog;
use crate::catalog::{Code, KindSpec, Severity};
use crate::syntax::Span;
use crate::syntax::frontmatter::Entry;
use crate::syntax::load::Node;

use super::{Diagnostic, Fix};

pub(super) fn check(
    text: &str,
    e: &Entry,
    value: &Node,
    spec: &KindSpec,
    out: &mut Vec<Diagnostic>,
) {
    let cat = catalog::get();
    let version = &cat.verified_with;
    let first = out.len();
    match value {
        // `hooks:`, `""`, `0`, `false`: no hooks, and the agent loads
        v if !v.truthy() => {}
        Node::Seq(items) if items.is_empty() => out.push(
            Diagnostic::new(
                Code::HooksEmptyList,
                e.value.span,
                format!(
                    "`{}: []` makes Claude Code {version} drop the agent (`Invalid hooks`): hooks must be a mapping; use `{{}}` or remove the key",
                    e.key
                ),
            )
            .with_fix(Fix::replace("Replace `[]` with `{}`", e.value.span, "{}").safe()),
        ),
        Node::Map(events) if events.iter().any(|(k, _)| k == "hooks" || k == "matcher") => {
            out.push(Diagnostic::new(
                Code::InvalidHooks,
                e.value.span,
                format!(
                    "`hooks` holds a single matcher: it must map event names to lists of matchers (`PreToolUse:` then `- matcher: ...`), so Claude Code {version} does not load the agent"
                ),
            ))
        }
        Node::Map(events) => {
            for (event, v) in events {
                let span = find_key(text, e, event);
                if !cat.is_hook_event(event) {
                    out.push(Diagnostic::new(
                        Code::UnknownHookEvent,
                        span,
                        format!("`{event}` is not a hook event: Claude Code ignores this entry (\"unknown hook event; entry ignored\")"),
                    ));
                } else if !matches!(v, Node::Seq(_)) {
                    if cat.is_guard_hook_event(event) && *v != Node::Null {
                        out.push(Diagnostic::new(
                            Code::InvalidHooks,
                            span,
                            format!(
                                "`hooks.{event}` must be a list of matchers, not {}: Claude Code {version} does not load the agent rather than run it without this guard",
                                v.describe()
                            ),
                        ));
                    } else {
                        out.push(Diagnostic::new(
                            Code::UnknownHookEvent,
                            span,
                            format!(
                                "`hooks.{event}` must be a list of matchers, not {}: Claude Code ignores this entry",
                                v.describe()
                            ),
                        ));
                    }
                }
            }
        }
        v => out.push(Diagnostic::new(
            Code::InvalidHooks,
            e.value.span,
            format!(
                "`hooks` is {}, not a mapping of hook events: Claude Code {version} drops the agent (`Invalid hooks`); use a mapping such as `PreToolUse:` with a list of matchers, or remove the key",
                v.describe()
            ),
        )),
    }
    // Claude Code drops an agent for broken hooks; a skill or command still loads, without its
    // hooks and without its `allowed-tools` (verified with 2.1.330: a `Bash(touch:*)` grant
    // beside `hooks: []` no longer applies)
    if !spec.hooks_list_drops {
        let lost = format!(
            "loads the {} without its hooks and without its `allowed-tools`",
            spec.noun
        );
        for d in &mut out[first..] {
            if d.severity == Severity::Error {
                d.severity = Severity::Warning;
                d.message = d
                    .message
                    .replace("drop the agent", &lost.replacen("loads", "load", 1))
                    .replace("drops the agent", &lost)
                    .replace("does not load the agent", &lost);
            }
        }
    }
}

/// The span of a nested key inside the entry's value (the value's span when not found).
fn find_key(text: &str, e: &Entry, key: &str) -> Span {
    let v = e.value.span;
    let Some(src) = text.get(v.start..v.end.min(text.len())) else {
        return v;
    };
    let mut from = 0;
    while let Some(i) = src[from..].find(key).map(|i| from + i) {
        let after = src[i + key.len()..].trim_start_matches(['"', '\'']);
        let before_ok = i == 0 || !src.as_bytes()[i - 1].is_ascii_alphanumeric();
        if before_ok && after.starts_with(':') {
            return Span::new(v.start + i, v.start + i + key.len());
        }
        from = i + key.len();
    }
    v
}
