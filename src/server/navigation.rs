//! Definition, references, rename and workspace symbols: `analysis::navigation` answers, this
//! module hands it the files (open documents first, the disk off the protocol loop) and converts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::jsonrpc::{Error, Result};
use ls_types::*;

use super::{State, guard, to_proto};
use crate::analysis::navigation::{self, Reference, Source, Symbol};
use crate::syntax::Span;
use crate::workspace;

/// The agent or skill under a position of an open agent document; with `known`, only one the
/// index knows (what rename acts on).
fn symbol_under(
    state: &State,
    tdp: &TextDocumentPositionParams,
    known: bool,
) -> Option<(Symbol, Span)> {
    let doc = state.agent_doc(&tdp.text_document.uri)?;
    let offset = doc.offset(to_proto::pos(tdp.position));
    let text = doc.text();
    navigation::symbol_at(
        &state.project(),
        doc.kind()?,
        doc.path.as_deref(),
        &text,
        doc.header(),
        offset,
        known,
    )
}

/// Every reference to `symbol` in the indexed files. Open documents are read from memory; the
/// rest from disk, on the blocking pool.
async fn references_to(state: &State, symbol: Symbol) -> Result<Vec<Reference>> {
    let open: HashMap<PathBuf, Source> = state
        .docs
        .iter()
        .filter_map(|e| {
            let doc = e.value();
            let path = doc.path.clone()?;
            Some((
                path,
                Source {
                    text: doc.text(),
                    version: Some(doc.version),
                },
            ))
        })
        .collect();
    let project = state.project();
    let read = move |path: &Path| {
        open.get(path).cloned().or_else(|| {
            let text = workspace::read_text(path, workspace::agent_file_cap()).ok()?;
            Some(Source {
                text,
                version: None,
            })
        })
    };
    tokio::task::spawn_blocking(move || guard(|| navigation::references(&project, &symbol, read)))
        .await
        .map_err(|_| Error::internal_error())?
}

/// Go to definition. Answered on the loop, but for a hook's script whose existence is not known:
/// the disk is asked on the blocking pool, then the question again.
pub async fn definition(
    state: &State,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    for _ in 0..2 {
        match definition_now(state, &params) {
            Err(Missed(paths)) => super::sync::look(state, paths).await,
            Ok(answer) => return answer,
        }
    }
    Ok(None)
}

/// Files whose existence a question depends on and that are not known yet.
struct Missed(Vec<PathBuf>);

fn definition_now(
    state: &State,
    params: &GotoDefinitionParams,
) -> std::result::Result<Result<Option<GotoDefinitionResponse>>, Missed> {
    let tdp = &params.text_document_position_params;
    let Some(doc) = state.agent_doc(&tdp.text_document.uri) else {
        return Ok(Ok(None));
    };
    let project = state.project();
    let offset = doc.offset(to_proto::pos(tdp.position));
    let kind = doc.kind().unwrap_or_default();
    let text = doc.text();
    // a JSON file: from a hook's command to the script it runs
    if kind.spec().json {
        let probe = state.exists.probe();
        let exists = |p: &Path| probe.check(p);
        let env = crate::analysis::json::Env {
            path: doc.path.as_deref(),
            exists: Some(&exists),
            project: Some(&project),
            ..Default::default()
        };
        let target = guard(|| crate::analysis::json::definition(kind, &text, offset, env));
        let missed = probe.missed();
        if !missed.is_empty() {
            return Err(Missed(missed));
        }
        return Ok(target.map(|t| {
            t.and_then(|t| Uri::from_file_path(&t)).map(|uri| {
                GotoDefinitionResponse::Array(vec![Location::new(uri, Range::default())])
            })
        }));
    }
    Ok(definition_of(doc, &project, kind, &text, offset))
}

fn definition_of(
    doc: dashmap::mapref::one::Ref<'_, Uri, crate::document::Document>,
    project: &crate::analysis::project::Project,
    kind: crate::catalog::Kind,
    text: &str,
    offset: usize,
) -> Result<Option<GotoDefinitionResponse>> {
    // an `@path` import or reference: the file it names
    if let Some(path) = doc.path.as_deref()
        && let Some((_, target)) =
            crate::analysis::imports::target_at(kind, path, text, offset, project.home.as_deref())
    {
        return Ok(Uri::from_file_path(&target)
            .map(|uri| GotoDefinitionResponse::Array(vec![Location::new(uri, Range::default())])));
    }
    let targets = guard(|| navigation::definition(project, kind, text, doc.header(), offset))?;
    let locations: Vec<Location> = targets
        .iter()
        .filter_map(|t| {
            let range = t
                .range
                .map(|r| to_proto::text_range(&r, doc.encoding))
                .unwrap_or_default();
            Some(Location::new(Uri::from_file_path(&t.path)?, range))
        })
        .collect();
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}

pub async fn references(state: &State, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let tdp = params.text_document_position;
    let Some((symbol, _)) = symbol_under(state, &tdp, false) else {
        // anywhere else in a file that memory files import: the imports of it
        let Some(path) = state
            .docs
            .get(&tdp.text_document.uri)
            .and_then(|d| d.path.clone())
        else {
            return Ok(None);
        };
        let enc = state.encoding();
        let project = state.project();
        let locations: Vec<Location> = project
            .imports
            .importers(&path)
            .filter_map(|(from, i)| {
                Some(Location::new(
                    Uri::from_file_path(from)?,
                    to_proto::text_range(&i.range, enc),
                ))
            })
            .collect();
        return Ok((!locations.is_empty()).then_some(locations));
    };
    let include_decl = params.context.include_declaration;
    let enc = state.encoding();
    let locations = references_to(state, symbol)
        .await?
        .into_iter()
        .filter(|r| include_decl || !r.declaration)
        .filter_map(|r| {
            Some(Location::new(
                Uri::from_file_path(&r.path)?,
                to_proto::text_range(&r.range, enc),
            ))
        })
        .collect();
    Ok(Some(locations))
}

pub fn prepare_rename(
    state: &State,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((_, span)) = symbol_under(state, &params, true) else {
        return Ok(None);
    };
    let Some(doc) = state.agent_doc(&params.text_document.uri) else {
        return Ok(None);
    };
    Ok(Some(PrepareRenameResponse::Range(to_proto::range(
        &doc, span,
    ))))
}

pub async fn rename(state: &State, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let tdp = params.text_document_position;
    let new = params.new_name;
    if let Some(why) = navigation::invalid_new_name(&new) {
        return Err(Error::invalid_params(why));
    }
    let Some((old, _)) = symbol_under(state, &tdp, true) else {
        return Ok(None);
    };
    let refs = references_to(state, old.clone()).await?;
    let caps = state.caps();
    let move_files = caps.document_changes && caps.rename_files;
    let change = guard(|| navigation::rename(&state.project(), &old, &new, &refs, move_files))?;
    Ok(to_proto::workspace_edit(
        &change,
        caps,
        state.encoding(),
        None,
    ))
}

pub fn workspace_symbols(
    state: &State,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let project = state.project();
    let enc = state.encoding();
    #[allow(deprecated)]
    let symbols: Vec<SymbolInformation> = project
        .search(&params.query)
        .into_iter()
        .filter_map(|a| {
            Some(SymbolInformation {
                name: a.name.clone(),
                kind: to_proto::symbol_kind(a.kind),
                tags: None,
                deprecated: None,
                location: Location::new(
                    Uri::from_file_path(&a.path)?,
                    to_proto::text_range(&a.name_pos, enc),
                ),
                container_name: Some(format!("{} {}", a.scope.label(), a.kind.spec().noun)),
            })
        })
        .collect();
    Ok(Some(WorkspaceSymbolResponse::Flat(symbols)))
}
