//! The shape of a file: a hierarchical outline (frontmatter keys, the description's examples,
//! body headings) and the folding ranges that go with it.

use crate::syntax::body::Heading;
use crate::syntax::frontmatter::ValueKind;
use crate::syntax::{Header, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Frontmatter,
    Key,
    Example,
    Heading,
    JsonObject,
    JsonArray,
    JsonString,
    JsonNumber,
    JsonBoolean,
    JsonNull,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole extent.
    pub span: Span,
    /// What to highlight when the symbol is selected.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

fn preview(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(59).collect::<String>())
    } else {
        one_line
    }
}

/// The outline. `headings` come from the body; `doc_len` is the document's length in bytes.
pub fn symbols(header: &Header, headings: &[Heading], doc_len: usize) -> Vec<Symbol> {
    let mut out = Vec::new();
    if let Some(fm) = header.frontmatter() {
        let end = fm.close.map(|c| c.end).unwrap_or(header.text.len());
        let mut keys = Vec::new();
        for e in &fm.entries {
            let detail = match &e.value.kind {
                ValueKind::Scalar(s) => Some(preview(&s.text.text.replace("\\n", " "))),
                ValueKind::List(l) => Some(
                    l.items
                        .iter()
                        .map(|i| i.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ValueKind::Mapping { .. } => Some("{…}".into()),
                _ => None,
            };
            let mut children = Vec::new();
            if e.key == "description"
                && let Some(ex) = &header.examples
            {
                for (i, x) in ex.examples.iter().enumerate() {
                    let name = match &x.context {
                        Some(c) if !c.is_empty() => format!("Example: {}", preview(c)),
                        _ => format!("Example {}", i + 1),
                    };
                    children.push(Symbol {
                        name,
                        detail: None,
                        kind: SymbolKind::Example,
                        span: x.span,
                        selection: x.open,
                        children: Vec::new(),
                    });
                }
            }
            keys.push(Symbol {
                name: e.key.clone(),
                detail,
                kind: SymbolKind::Key,
                span: e.span,
                selection: e.key_span,
                children,
            });
        }
        out.push(Symbol {
            name: "frontmatter".into(),
            detail: None,
            kind: SymbolKind::Frontmatter,
            span: Span::new(fm.open.start, end),
            selection: fm.open,
            children: keys,
        });
    }
    out.extend(nest(headings, doc_len));
    out
}

/// Headings nested by level; a section runs to the next heading of the same or a higher level.
fn nest(headings: &[Heading], doc_len: usize) -> Vec<Symbol> {
    let sections = sections(headings, doc_len);
    let mut roots: Vec<Symbol> = Vec::new();
    // a stack of (level, path of indices) to the current parents
    let mut stack: Vec<(u8, Symbol)> = Vec::new();
    for (h, span) in headings.iter().zip(sections) {
        let sym = Symbol {
            name: h.text.clone(),
            detail: None,
            kind: SymbolKind::Heading,
            span,
            selection: h.span,
            children: Vec::new(),
        };
        while stack.last().is_some_and(|(level, _)| *level >= h.level) {
            if let Some((_, done)) = stack.pop() {
                attach(&mut stack, &mut roots, done);
            }
        }
        stack.push((h.level, sym));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [(u8, Symbol)], roots: &mut Vec<Symbol>, sym: Symbol) {
    match stack.last_mut() {
        Some((_, parent)) => parent.children.push(sym),
        None => roots.push(sym),
    }
}

/// The extent of each heading's section.
pub fn sections(headings: &[Heading], doc_len: usize) -> Vec<Span> {
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings[i + 1..]
                .iter()
                .find(|n| n.level <= h.level)
                .map(|n| n.span.start)
                .unwrap_or(doc_len);
            Span::new(h.span.start, end.max(h.span.end))
        })
        .collect()
}

/// Foldable regions: the frontmatter, each example, each body section.
pub fn folding(header: &Header, headings: &[Heading], doc_len: usize) -> Vec<Span> {
    let mut out = Vec::new();
    if let Some(fm) = header.frontmatter() {
        out.push(Span::new(
            fm.open.start,
            fm.close.map(|c| c.end).unwrap_or(header.text.len()),
        ));
    }
    if let Some(ex) = &header.examples {
        out.extend(ex.examples.iter().map(|x| x.span));
    }
    out.extend(sections(headings, doc_len));
    out
}
