//! Name references: where a file names an agent (its `name`, `Agent(...)` in the tool lists, the
//! assistant turns of the description's examples, backticked names in the body) and which skill
//! a `skills:` item names, for definition, references and rename.

use crate::catalog::{KeyKind, Kind};
use crate::syntax::examples::Role;
use crate::syntax::{Header, Span};

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b':'
}

/// The agent-name-like word around `offset`.
fn word_at(text: &str, offset: usize) -> Option<Span> {
    let b = text.as_bytes();
    if offset > b.len() {
        return None;
    }
    let mut s = offset;
    while s > 0 && is_name_byte(b[s - 1]) {
        s -= 1;
    }
    let mut e = offset;
    while e < b.len() && is_name_byte(b[e]) {
        e += 1;
    }
    // trailing punctuation is not part of a name
    while e > s && matches!(b[e - 1], b'.' | b':') {
        e -= 1;
    }
    (e > s).then_some(Span::new(s, e))
}

/// Where a file refers to agents: `name` itself, the arguments of `Agent(...)`/`Task(...)` in the
/// tool lists, names in the assistant turns of the description's examples, and backticked names
/// in the body. Returns the regions in which a word may be an agent reference.
fn reference_regions(kind: Kind, text: &str, header: &Header) -> Vec<(Span, bool)> {
    // (region, backticks required)
    let mut out = Vec::new();
    let Some(fm) = header.frontmatter() else {
        return out;
    };
    let spec = kind.spec();
    if kind == Kind::Agent
        && let Some(e) = fm.entry("name")
    {
        out.push((e.value.span, false));
    }
    // a skill's or command's `agent:`
    for key in spec.keys_of(KeyKind::Agent) {
        if let Some(e) = fm.entry(&key.name) {
            out.push((e.value.span, false));
        }
    }
    let cat = crate::catalog::get();
    let tool_keys = spec.keys_of(KeyKind::Tools);
    for key in tool_keys {
        if let Some(list) = fm.entry(&key.name).and_then(|e| e.value.list_items()) {
            for it in &list.items {
                let base = it.text.split('(').next().unwrap_or("");
                let spawns = cat.spawn_tools.iter().any(|t| t == base);
                if spawns && it.text.len() > base.len() {
                    out.push((Span::new(it.span.start + base.len(), it.span.end), false));
                }
            }
        }
    }
    if let Some(ex) = &header.examples {
        for x in &ex.examples {
            for (i, t) in x.turns.iter().enumerate() {
                if t.role != Role::Assistant {
                    continue;
                }
                let end = x
                    .turns
                    .get(i + 1)
                    .map(|n| n.label.start)
                    .or_else(|| {
                        x.tags
                            .iter()
                            .map(|t| t.start)
                            .filter(|s| *s > t.label.end)
                            .min()
                    })
                    .unwrap_or(x.span.end);
                out.push((Span::new(t.label.end, end.max(t.label.end)), false));
            }
        }
    }
    let body = fm.body_start.min(text.len());
    out.push((Span::new(body, text.len()), true));
    out
}

fn in_backticks(text: &str, w: Span) -> bool {
    text[..w.start].ends_with('`') && text[w.end..].starts_with('`')
}

/// The agent name under the cursor, if the cursor is on a reference (or the declaration).
pub fn name_at(kind: Kind, text: &str, header: &Header, offset: usize) -> Option<(String, Span)> {
    let w = word_at(text, offset)?;
    let regions = reference_regions(kind, text, header);
    regions
        .iter()
        .any(|(r, ticks)| r.start <= w.start && w.end <= r.end && (!ticks || in_backticks(text, w)))
        .then(|| (text[w.start..w.end].to_string(), w))
}

/// Every reference to agent `name` in a file (the declaration included).
pub fn references_in(kind: Kind, text: &str, header: &Header, name: &str) -> Vec<Span> {
    let mut out = Vec::new();
    if name.is_empty() {
        return out;
    }
    for (r, ticks) in reference_regions(kind, text, header) {
        let hay = &text[r.start.min(text.len())..r.end.min(text.len())];
        for (i, _) in hay.match_indices(name) {
            let s = r.start + i;
            let e = s + name.len();
            let before_ok = s == 0 || !is_name_byte(text.as_bytes()[s - 1]);
            let after_ok = e >= text.len()
                || !is_name_byte(text.as_bytes()[e])
                || matches!(text.as_bytes()[e], b'.' | b':');
            if before_ok && after_ok && (!ticks || in_backticks(text, Span::new(s, e))) {
                out.push(Span::new(s, e));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The skill named in a `skills:` item under the cursor.
pub fn skill_at(header: &Header, offset: usize) -> Option<(String, Span)> {
    let fm = header.frontmatter()?;
    let list = fm.entry("skills")?.value.list_items()?;
    list.items
        .iter()
        .find(|i| i.span.touches(offset) && !i.nested)
        .map(|i| (i.text.clone(), i.span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let text = "---\nname: lead\ndescription: \"<example>user: hi assistant: I'll use the worker agent</example>\"\ntools: Read, Agent(worker, helper)\n---\nDelegate to `worker`, not worker.\n";
        let h = Header::parse(text);
        let refs = references_in(Kind::Agent, text, &h, "worker");
        assert_eq!(refs.len(), 3, "{refs:?}");
        let at = text.find("worker, helper").unwrap() + 2;
        assert_eq!(
            name_at(Kind::Agent, text, &h, at).map(|(n, _)| n),
            Some("worker".to_string())
        );
        let plain = text.rfind("worker").unwrap() + 1;
        assert_eq!(
            name_at(Kind::Agent, text, &h, plain),
            None,
            "an unquoted word in the body is prose"
        );
    }
}
