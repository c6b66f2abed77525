//! Requests about one open document: completion, hover, code actions, outline, folding and
//! semantic tokens. Each asks `crate::analysis` (through the document) and converts.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{State, guard, to_proto};
use crate::analysis;

pub fn completion(state: &State, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let tdp = params.text_document_position;
    let Some(doc) = state.agent_doc(&tdp.text_document.uri) else {
        return Ok(None);
    };
    let caps = state.caps();
    let project = state.project();
    let items = guard(|| {
        doc.complete_in(to_proto::pos(tdp.position), caps.snippets, Some(&project))
            .into_iter()
            .map(|c| to_proto::completion_item(&doc, c, caps))
            .collect::<Vec<_>>()
    })?;
    Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
}

pub fn hover(state: &State, params: HoverParams) -> Result<Option<Hover>> {
    let tdp = params.text_document_position_params;
    let Some(doc) = state.agent_doc(&tdp.text_document.uri) else {
        return Ok(None);
    };
    let info = guard(|| doc.hover(to_proto::pos(tdp.position)))?;
    let markdown = state.caps().hover_markdown;
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
        let headings = doc.headings();
        analysis::outline::folding(doc.header(), &headings, doc.rope().len_bytes())
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
        doc.links()
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
