//! From the analysis's values (byte spans, `SourceChange`, plain structs) to LSP types, in the
//! encoding and within the capabilities the client negotiated. Nothing here decides what to show.

use std::path::Path;

use ls_types::*;

use super::caps::ClientCaps;
use crate::analysis::edit::{FileOp, SourceChange};
use crate::analysis::{self, ItemKind};
use crate::catalog::Severity;
use crate::document::{Document, Pos};
use crate::syntax::Span;
use crate::text::{Encoding, TextRange};

pub fn pos(p: Position) -> Pos {
    Pos {
        line: p.line,
        character: p.character,
    }
}

pub fn range(doc: &Document, span: Span) -> Range {
    let (a, b) = doc.range(span);
    Range::new(
        Position::new(a.line, a.character),
        Position::new(b.line, b.character),
    )
}

/// The byte span of an LSP range of an open document (the ends in order).
pub fn span(doc: &Document, r: Range) -> Span {
    let a = doc.offset(pos(r.start));
    let b = doc.offset(pos(r.end)).max(a);
    Span::new(a, b)
}

pub fn text_range(r: &TextRange, enc: Encoding) -> Range {
    Range::new(
        Position::new(r.start.line, r.start.column(enc)),
        Position::new(r.end.line, r.end.column(enc)),
    )
}

/// The URI of a path the analysis names: the request's document for its own path (it may be
/// an untitled buffer), a `file:` URI for the rest.
pub fn uri_of(path: &Path, current: Option<(&Path, &Uri)>) -> Option<Uri> {
    match current {
        Some((p, uri)) if p == path => Some(uri.clone()),
        _ => Uri::from_file_path(path),
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(
    uri: &Uri,
    doc: &Document,
    d: analysis::Diagnostic,
    caps: ClientCaps,
) -> Diagnostic {
    let severity = severity(d.severity);
    // converted only for a client that shows them (a placeholder finding can have hundreds)
    let shown = if caps.related_information {
        &d.related[..]
    } else {
        &[]
    };
    let related: Vec<_> = shown
        .iter()
        .filter_map(|(at, message)| {
            let location = match at {
                analysis::Related::Here(span) => Location::new(uri.clone(), range(doc, *span)),
                analysis::Related::File(path, p) => {
                    Location::new(Uri::from_file_path(path)?, text_range(p, doc.encoding))
                }
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: message.clone(),
            })
        })
        .collect();
    let deprecated = crate::catalog::get()
        .rule(d.code)
        .is_some_and(|r| r.deprecated);
    let tags = (caps.diagnostic_tags && deprecated).then(|| vec![DiagnosticTag::DEPRECATED]);
    Diagnostic {
        range: range(doc, d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("agent-ls".into()),
        message: d.message,
        related_information: (caps.related_information && !related.is_empty()).then_some(related),
        tags,
        ..Default::default()
    }
}

/// The `WorkspaceEdit` of a change, in the form the client supports: `documentChanges` (versioned
/// edits, then file operations) when it takes them, plain `changes` otherwise. `None` when the
/// change moves files and the client cannot, or a path has no URI: an edit that would do half of
/// what it says is not offered.
pub fn workspace_edit(
    change: &SourceChange,
    caps: ClientCaps,
    enc: Encoding,
    current: Option<(&Path, &Uri)>,
) -> Option<WorkspaceEdit> {
    let has_ops = change.has_file_ops();
    if has_ops && !caps.rename_files {
        return None;
    }
    let mut files = Vec::new();
    for f in &change.files {
        let uri = uri_of(&f.path, current)?;
        let edits: Vec<TextEdit> = f
            .edits
            .iter()
            .map(|e| TextEdit::new(text_range(&e.range, enc), e.new_text.clone()))
            .collect();
        files.push((uri, f.version, edits));
    }
    if !caps.document_changes && !has_ops {
        return Some(WorkspaceEdit::new(
            files.into_iter().map(|(u, _, e)| (u, e)).collect(),
        ));
    }
    let mut ops: Vec<DocumentChangeOperation> = files
        .into_iter()
        .map(|(uri, version, edits)| {
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            })
        })
        .collect();
    for op in &change.ops {
        match op {
            FileOp::Rename { from, to } => ops.push(DocumentChangeOperation::Op(
                ResourceOp::Rename(RenameFile {
                    old_uri: uri_of(from, current)?,
                    new_uri: Uri::from_file_path(to)?,
                    options: None,
                    annotation_id: None,
                }),
            )),
        }
    }
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..Default::default()
    })
}

#[allow(deprecated)]
pub fn document_symbol(doc: &Document, s: analysis::outline::Symbol) -> DocumentSymbol {
    use analysis::outline::SymbolKind as K;
    let kind = match s.kind {
        K::Frontmatter => SymbolKind::NAMESPACE,
        K::Key => SymbolKind::PROPERTY,
        K::Example => SymbolKind::EVENT,
        K::Heading => SymbolKind::STRING,
        K::JsonObject => SymbolKind::OBJECT,
        K::JsonArray => SymbolKind::ARRAY,
        K::JsonString => SymbolKind::STRING,
        K::JsonNumber => SymbolKind::NUMBER,
        K::JsonBoolean => SymbolKind::BOOLEAN,
        K::JsonNull => SymbolKind::NULL,
    };
    DocumentSymbol {
        name: if s.name.is_empty() {
            " ".into()
        } else {
            s.name
        },
        detail: s.detail,
        kind,
        tags: None,
        deprecated: None,
        range: range(doc, s.span),
        selection_range: range(doc, s.selection),
        children: Some(
            s.children
                .into_iter()
                .map(|c| document_symbol(doc, c))
                .collect(),
        ),
    }
}

/// A folding range of the lines a span covers (none for a span within one line); a region that
/// ends at the start of a line ends on the line before.
pub fn folding_range(doc: &Document, span: Span) -> Option<FoldingRange> {
    let r = range(doc, span);
    let end = if r.end.character == 0 && r.end.line > r.start.line {
        r.end.line - 1
    } else {
        r.end.line
    };
    (end > r.start.line).then(|| FoldingRange {
        start_line: r.start.line,
        end_line: end,
        kind: Some(FoldingRangeKind::Region),
        ..Default::default()
    })
}

/// Semantic tokens, split at line breaks, relative-encoded as the protocol wants.
pub fn semantic_tokens(doc: &Document, within: Option<Span>) -> Vec<SemanticToken> {
    let mut data = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for (span, ty) in doc.semantic_tokens() {
        if let Some(w) = within
            && (span.end <= w.start || span.start >= w.end)
        {
            continue;
        }
        let (start, end) = doc.range(span);
        for line in start.line..=end.line {
            let from = if line == start.line {
                start.character
            } else {
                0
            };
            let to = if line == end.line {
                end.character
            } else {
                let eol = doc.offset(Pos {
                    line,
                    character: u32::MAX,
                });
                doc.position(eol).character
            };
            if to <= from {
                continue;
            }
            let delta_line = line - prev_line;
            let delta_start = if delta_line == 0 {
                from - prev_start
            } else {
                from
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: to - from,
                token_type: ty as u32,
                token_modifiers_bitset: 0,
            });
            prev_line = line;
            prev_start = from;
        }
    }
    data
}

/// Markdown for clients that render it, its plain text for the rest.
pub fn markup(markdown: String, client_renders_markdown: bool) -> MarkupContent {
    if client_renders_markdown {
        MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }
    } else {
        MarkupContent {
            kind: MarkupKind::PlainText,
            value: plain_text_cached(markdown),
        }
    }
}

/// [`plain_text`], remembered: completion sends the same catalog docs on every request. The cache
/// is small and bounded (emptied when full), so dynamic hovers cannot grow it.
fn plain_text_cached(markdown: String) -> String {
    use std::collections::HashMap;
    use std::sync::Mutex;
    const MAX: usize = 2048;
    static CACHE: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);
    let mut guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let cache = guard.get_or_insert_with(HashMap::new);
    if let Some(plain) = cache.get(&markdown) {
        return plain.clone();
    }
    let plain = plain_text(&markdown);
    if cache.len() >= MAX {
        cache.clear();
    }
    cache.insert(markdown, plain.clone());
    plain
}

/// The text a reader sees of a markdown document: markup gone, paragraphs and list items on
/// their own lines, code kept as written.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => {
                newline(&mut out);
                out.push_str("- ");
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                newline(&mut out);
                out.push('\n');
            }
            Event::Rule => {
                newline(&mut out);
                out.push_str("---\n");
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

pub fn completion_item(
    doc: &Document,
    c: analysis::Completion,
    caps: ClientCaps,
) -> CompletionItem {
    let kind = match c.kind {
        ItemKind::Key => CompletionItemKind::PROPERTY,
        ItemKind::Value => CompletionItemKind::ENUM_MEMBER,
        ItemKind::Tool => CompletionItemKind::FUNCTION,
        ItemKind::Model => CompletionItemKind::CONSTANT,
        ItemKind::Color => CompletionItemKind::COLOR,
    };
    CompletionItem {
        label: c.label,
        kind: Some(kind),
        detail: Some(c.detail),
        documentation: (!c.documentation.is_empty()).then_some(Documentation::MarkupContent(
            markup(c.documentation, caps.completion_markdown),
        )),
        deprecated: (caps.completion_deprecated && c.deprecated).then_some(true),
        tags: (caps.completion_tags && c.deprecated).then(|| vec![CompletionItemTag::DEPRECATED]),
        sort_text: Some(c.sort),
        insert_text_format: Some(if c.snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            range(doc, c.replace),
            c.insert,
        ))),
        ..Default::default()
    }
}

/// The symbol kind a workspace symbol of each kind of agent file is shown with (the kind's
/// `symbol` in the catalog; a catalog test keeps them among these names).
pub fn symbol_kind(kind: crate::catalog::Kind) -> SymbolKind {
    match kind.spec().symbol.as_str() {
        "class" => SymbolKind::CLASS,
        "function" => SymbolKind::FUNCTION,
        "event" => SymbolKind::EVENT,
        "string" => SymbolKind::STRING,
        "file" => SymbolKind::FILE,
        "interface" => SymbolKind::INTERFACE,
        _ => SymbolKind::OBJECT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup() {
        let m = markup("**`Bash`** · tool".into(), false);
        assert_eq!(m.kind, MarkupKind::PlainText);
        assert_eq!(m.value, "Bash · tool");
        assert_eq!(
            plain_text("**name**\n\nOne *line*.\n\n- a\n- `b`"),
            "name\n\nOne line.\n\n- a\n- b"
        );
        let md = markup("**x**".into(), true);
        assert_eq!(md.value, "**x**");
    }
}
