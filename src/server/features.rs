//! Requests about one open document: completion, hover, code actions, outline, folding and
//! semantic tokens. Each asks `crate::analysis` (through the document) and converts.

use super::jsonrpc::Result;
use ls_types::*;

use super::{State, guard, to_proto};
use crate::analysis;

pub async fn completion(
    state: &State,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let tdp = params.text_document_position;
    let caps = state.caps();
    let project = state.project();
    // after `@` in a file whose imports or file references Claude Code reads: the folder's files,
    // listed off the protocol loop
    let typed = state.agent_doc(&tdp.text_document.uri).and_then(|doc| {
        let kind = doc.kind()?;
        if !analysis::diagnostics::reads_body(kind) {
            return None;
        }
        let path = doc.path.clone()?;
        let offset = doc.offset(to_proto::pos(tdp.position));
        let (span, dir, name) = analysis::imports::typed_path(&doc.text(), offset)?;
        let folder = if kind.spec().imports {
            analysis::imports::completion_folder(&path, &dir, project.home.as_deref())
        } else {
            analysis::diagnostics::resolve_at(
                &path,
                if dir.is_empty() { "." } else { &dir },
                project.home.as_deref(),
            )
        }?;
        Some((to_proto::range(&doc, span), folder, name))
    });
    if let Some((range, folder, name)) = typed {
        let entries = tokio::task::spawn_blocking(move || crate::workspace::list_folder(&folder))
            .await
            .unwrap_or_default();
        let items: Vec<CompletionItem> = entries
            .into_iter()
            .filter(|(n, _)| n.starts_with(&name) || name.is_empty())
            .map(|(n, is_dir)| {
                let text = if is_dir { format!("{n}/") } else { n.clone() };
                CompletionItem {
                    label: text.clone(),
                    kind: Some(if is_dir {
                        CompletionItemKind::FOLDER
                    } else {
                        CompletionItemKind::FILE
                    }),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: text,
                    })),
                    ..Default::default()
                }
            })
            .collect();
        return Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)));
    }
    let Some(doc) = state.agent_doc(&tdp.text_document.uri) else {
        return Ok(None);
    };
    let items = guard(|| {
        doc.complete_in(to_proto::pos(tdp.position), caps.snippets, Some(&project))
            .into_iter()
            .map(|c| to_proto::completion_item(&doc, c, caps))
            .collect::<Vec<_>>()
    })?;
    Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
}

pub async fn hover(state: &State, params: HoverParams) -> Result<Option<Hover>> {
    let tdp = params.text_document_position_params;
    let Some(doc) = state.agent_doc(&tdp.text_document.uri) else {
        return Ok(None);
    };
    let markdown = state.caps().hover_markdown;
    let project = state.project();
    let kind = doc.kind().unwrap_or_default();
    let pos = to_proto::pos(tdp.position);
    let offset = doc.offset(pos);
    // the whole text only for the kinds whose imports or `@file`s hover reads
    let text = analysis::diagnostics::reads_body(kind).then(|| doc.text());
    let path = doc.path.clone();
    // an import: the first lines of the file it names, read off the protocol loop
    if let (Some(path), Some(text)) = (path.as_deref(), text.as_deref())
        && let Some((span, target)) =
            analysis::imports::target_at(kind, path, text, offset, project.home.as_deref())
    {
        let range = to_proto::range(&doc, span);
        drop(doc);
        let read = target.clone();
        let body = tokio::task::spawn_blocking(move || {
            crate::workspace::read_text(&read, crate::workspace::agent_file_cap())
        })
        .await
        .ok()
        .and_then(|r| r.ok());
        let verdict =
            analysis::imports::verdict(&project.imports, path, &target, project.home.as_deref());
        let md = match body {
            Some(body) => format!(
                "{verdict}\n\n{}",
                analysis::imports::preview(&target, &body)
            ),
            None => format!(
                "**`{}`**\n\nNo such file: Claude Code skips this import.",
                target.display()
            ),
        };
        return Ok(Some(Hover {
            contents: HoverContents::Markup(to_proto::markup(md, markdown)),
            range: Some(range),
        }));
    }
    // a memory file's first line: what Claude Code loads with it
    if kind == crate::catalog::Kind::Memory
        && pos.line == 0
        && let (Some(path), Some(text)) = (path.as_deref(), text.as_deref())
    {
        let md = analysis::imports::size_summary(&project, path, text);
        let span = crate::syntax::Span::new(0, text.find('\n').unwrap_or(text.len()));
        return Ok(Some(Hover {
            contents: HoverContents::Markup(to_proto::markup(md, markdown)),
            range: Some(to_proto::range(&doc, span)),
        }));
    }
    let info = guard(|| doc.hover(pos))?;
    Ok(info.map(|h| Hover {
        contents: HoverContents::Markup(to_proto::markup(h.markdown, markdown)),
        range: Some(to_proto::range(&doc, h.span)),
    }))
}

/// The quick fixes of the diagnostics under the range, and "fix all" for the file's safe fixes.
pub fn code_action(state: &State, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(doc) = state.agent_doc(&uri) else {
        return Ok(None);
    };
    let caps = state.caps();
    let enc = doc.encoding;
    let only = params.context.only;
    let wants = |kind: &CodeActionKind| {
        only.as_ref()
            .is_none_or(|o| o.iter().any(|k| kind.as_str().starts_with(k.as_str())))
    };
    let path = doc.path.clone().unwrap_or_default();
    let current = Some((path.as_path(), &uri));
    let actions = guard(|| {
        let diags = doc.diagnostics();
        let range_of = |span| doc.text_range(span);
        let mut out = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            for d in analysis::fixes::under(&diags, to_proto::span(&doc, params.range)) {
                let lsp = to_proto::diagnostic(&uri, &doc, d.clone(), caps);
                let suppression = (d.code != crate::catalog::Code::UnusedSuppression).then(|| {
                    let rope = doc.rope();
                    let line_start = rope.line_to_byte(rope.byte_to_line(d.span.start));
                    analysis::suppress::fix(doc.header(), d, line_start, rope.len_bytes())
                });
                for fix in d.fixes.iter().chain(suppression.as_ref()) {
                    let change = fix.change(&path, Some(doc.version), range_of);
                    let Some(edit) = to_proto::workspace_edit(&change, caps, enc, current) else {
                        continue;
                    };
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![lsp.clone()]),
                        edit: Some(edit),
                        is_preferred: Some(fix.preferred),
                        ..Default::default()
                    }));
                }
            }
        }
        if wants(&CodeActionKind::SOURCE_FIX_ALL) {
            let (edits, titles) = analysis::fixes::safe_edits(&diags);
            if !edits.is_empty() {
                let change = analysis::edit::SourceChange::edit_file(
                    path.clone(),
                    Some(doc.version),
                    &edits,
                    range_of,
                );
                if let Some(edit) = to_proto::workspace_edit(&change, caps, enc, current) {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Fix all safe problems ({})", titles.len()),
                        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                        edit: Some(edit),
                        ..Default::default()
                    }));
                }
            }
        }
        out
    })?;
    Ok((!actions.is_empty()).then_some(actions))
}

pub fn document_symbol(
    state: &State,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(doc) = state.agent_doc(&params.text_document.uri) else {
        return Ok(None);
    };
    let symbols = guard(|| {
        if doc.kind().is_some_and(|k| k.spec().json) {
            return analysis::json::outline::symbols(&doc.text())
                .into_iter()
                .map(|s| to_proto::document_symbol(&doc, s))
                .collect();
        }
        let headings = doc.headings();
        analysis::outline::symbols(doc.header(), &headings, doc.rope().len_bytes())
            .into_iter()
            .map(|s| to_proto::document_symbol(&doc, s))
            .collect::<Vec<_>>()
    })?;
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

pub fn folding_range(
    state: &State,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let Some(doc) = state.agent_doc(&params.text_document.uri) else {
        return Ok(None);
    };
    let ranges = guard(|| {
        let spans = if doc.kind().is_some_and(|k| k.spec().json) {
            analysis::json::outline::folding(&doc.text())
        } else {
            let headings = doc.headings();
            analysis::outline::folding(doc.header(), &headings, doc.rope().len_bytes())
        };
        spans
            .into_iter()
            .filter_map(|span| to_proto::folding_range(&doc, span))
            .collect::<Vec<_>>()
    })?;
    Ok(Some(ranges))
}

pub fn semantic_tokens_full(
    state: &State,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let Some(doc) = state.agent_doc(&params.text_document.uri) else {
        return Ok(None);
    };
    let data = guard(|| to_proto::semantic_tokens(&doc, None))?;
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}

pub fn semantic_tokens_range(
    state: &State,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    let Some(doc) = state.agent_doc(&params.text_document.uri) else {
        return Ok(None);
    };
    let within = to_proto::span(&doc, params.range);
    let data = guard(|| to_proto::semantic_tokens(&doc, Some(within)))?;
    Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}

/// The body's links to other files, resolved (a client opens the file on a click).
pub fn document_link(
    state: &State,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let Some(doc) = state.agent_doc(&params.text_document.uri) else {
        return Ok(None);
    };
    let links = guard(|| {
        doc.links_with(state.project().home.as_deref())
            .into_iter()
            .filter_map(|l| {
                Some(DocumentLink {
                    range: to_proto::range(&doc, l.span),
                    target: Some(to_proto::uri_of(&l.target, None)?),
                    tooltip: Some(l.target.display().to_string()),
                    data: None,
                })
            })
            .collect::<Vec<_>>()
    })?;
    Ok(Some(links))
}

/// The command that answers the prompt Claude Code sends for a skill or command: arguments
/// `[uri, "ARG1 ARG2"]` (the second optional), the answer a string (null for another kind of
/// file).
pub const PREVIEW: &str = "agent-ls.preview";

pub fn execute_command(state: &State, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
    if params.command != PREVIEW {
        return Err(super::jsonrpc::Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let uri = params
        .arguments
        .first()
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse::<Uri>().ok())
        .ok_or_else(|| {
            super::jsonrpc::Error::invalid_params("agent-ls.preview takes [uri, arguments]")
        })?;
    let typed = params
        .arguments
        .get(1)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let Some(doc) = state.agent_doc(&uri) else {
        return Ok(None);
    };
    let kind = doc.kind().unwrap_or_default();
    let text = doc.text();
    let path = doc.path.clone();
    drop(doc);
    let prompt = guard(|| analysis::arguments::prompt(kind, path.as_deref(), &text, &typed))?;
    Ok(prompt.map(LSPAny::String))
}
