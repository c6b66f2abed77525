//! Semantic tokens for the inside of the frontmatter: editors show a description as one flat
//! string, these tokens pick out its example tags, turn labels and commentary, and the tool names
//! and models of the other keys.

use crate::catalog::{KeyKind, Kind};
use crate::syntax::frontmatter::ValueKind;
use crate::syntax::{Header, Span};

/// Token types, in the order of the legend the server advertises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenType {
    /// `<example>`, `</commentary>`, ...
    Tag = 0,
    /// `Context:`, `user:`, `assistant:`
    Label = 1,
    /// The text of a `<commentary>`.
    Commentary = 2,
    /// A tool name.
    Tool = 3,
    /// A model, colour or enum value.
    Value = 4,
    /// A frontmatter key.
    Key = 5,
    /// An argument placeholder in the body of a skill or command (`$ARGUMENTS`, `$1`, `$name`).
    Placeholder = 6,
    /// A shell command Claude Code runs before sending a skill or command (`` !`cmd` ``).
    Shell = 7,
}

/// Tokens sorted by position, never overlapping.
pub fn tokens(header: &Header, kind: Kind) -> Vec<(Span, TokenType)> {
    let mut out = Vec::new();
    let Some(fm) = header.frontmatter() else {
        return out;
    };
    for e in &fm.entries {
        out.push((e.key_span, TokenType::Key));
        let Some(key) = kind.spec().key(&e.key) else {
            continue;
        };
        match key.kind {
            KeyKind::Tools => {
                if let Some(list) = e.value.list_items() {
                    for it in list.items.iter().filter(|i| !i.nested) {
                        let base = it.text.split('(').next().unwrap_or("");
                        out.push((
                            Span::new(it.span.start, it.span.start + base.len().min(it.span.len())),
                            TokenType::Tool,
                        ));
                    }
                }
            }
            KeyKind::Model | KeyKind::Color | KeyKind::Enum | KeyKind::Boolean => {
                if matches!(e.value.kind, ValueKind::Scalar(_)) {
                    out.push((e.value.span, TokenType::Value));
                }
            }
            _ => {}
        }
    }
    if let Some(ex) = &header.examples {
        for x in &ex.examples {
            out.extend(x.tags.iter().map(|s| (*s, TokenType::Tag)));
            out.extend(x.turns.iter().map(|t| (t.label, TokenType::Label)));
            out.extend(x.context_label.iter().map(|s| (*s, TokenType::Label)));
            for c in &x.commentary {
                // the text between the tags
                let open = x.tags.iter().find(|t| t.start == c.start).map(|t| t.end);
                let close = x.tags.iter().find(|t| t.end == c.end).map(|t| t.start);
                if let (Some(a), Some(b)) = (open, close)
                    && a < b
                {
                    out.push((Span::new(a, b), TokenType::Commentary));
                }
            }
        }
    }
    out.retain(|(s, _)| !s.is_empty());
    out.sort_by_key(|(s, t)| (s.start, s.end, *t));
    // drop overlaps (keep the first)
    let mut last_end = 0;
    out.retain(|(s, _)| {
        let keep = s.start >= last_end;
        if keep {
            last_end = s.end;
        }
        keep
    });
    out
}

/// Tokens of the body (which starts at byte `base`) of a kind whose body Claude Code expands:
/// placeholders and shell commands. Sorted, never overlapping.
pub fn body_tokens(kind: Kind, body: &str, base: usize) -> Vec<(Span, TokenType)> {
    if !kind.spec().expands_body {
        return Vec::new();
    }
    let found = crate::syntax::refs::scan(body, base);
    let mut out: Vec<(Span, TokenType)> = found
        .shell
        .iter()
        .filter(|l| !l.in_code)
        .map(|l| (l.command, TokenType::Shell))
        .collect();
    // a placeholder inside a shell command is expanded first: it wins
    out.retain(|(s, _)| {
        !found
            .placeholders
            .iter()
            .any(|p| p.span.start < s.end && s.start < p.span.end)
    });
    out.extend(
        found
            .placeholders
            .iter()
            .map(|p| (p.span, TokenType::Placeholder)),
    );
    out.retain(|(s, _)| !s.is_empty());
    out.sort_by_key(|(s, t)| (s.start, s.end, *t));
    out
}
