//! The lifecycle of documents and of the index: open, change, close, watched files, the
//! background index, and publishing diagnostics (never an older version after a newer one).

use std::path::PathBuf;
use std::sync::Arc;

use ls_types::*;

use super::{State, client, guard, to_proto};
use crate::analysis::project::{self, RecordChange, WatchedEffect};
use crate::document::{Change, DiagnosticsInput, Document};
use crate::workspace;

pub fn initialized(state: &Arc<State>) {
    client::log(MessageType::INFO, "agent-ls ready");
    for problem in &state.negotiated().option_problems {
        client::show(MessageType::WARNING, problem.clone());
    }
    if state.caps().watch_dynamic {
        let watchers = project::WATCHED_GLOBS
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        client::register(vec![Registration {
            id: "agent-ls-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        }]);
    }
    // Index the workspace in the background: the first diagnostics do not wait for it, nor
    // share the machine with it. A client sends `didOpen` right after `initialized`; the index's
    // threads, started while that document's configuration was looked up on the blocking pool,
    // slowed the first diagnostics by up to a millisecond (page faults and thread creation
    // contend in one process). The `didOpen` may not have been read yet when this runs: the
    // index waits for the first document to be published, or a moment when none comes.
    let state = state.clone();
    tokio::spawn(async move {
        let _ = tokio::time::timeout(FIRST_OPEN_WAIT, first_opened(&state)).await;
        when_opened(&state).await;
        reindex(&state).await
    });
}

/// How long the index waits for a client to open its first document after `initialized`.
const FIRST_OPEN_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// Returns once a document has been opened and published.
async fn first_opened(state: &State) {
    opened_until(state, |s| {
        s.any_opened.load(std::sync::atomic::Ordering::SeqCst)
    })
    .await
}

/// Returns once no document is being opened.
async fn when_opened(state: &State) {
    opened_until(state, |s| {
        s.opening.load(std::sync::atomic::Ordering::SeqCst) == 0
    })
    .await
}

/// Returns once `done` holds, looking again each time a document has been opened.
async fn opened_until(state: &State, done: impl Fn(&State) -> bool) {
    loop {
        let opened = state.opened.notified();
        tokio::pin!(opened);
        opened.as_mut().enable();
        if done(state) {
            return;
        }
        opened.await;
    }
}

/// A document being opened, while it lives (see [`when_opened`]).
struct Opening(Arc<State>);

impl Opening {
    fn new(state: &Arc<State>) -> Self {
        state
            .opening
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Opening(state.clone())
    }
}

impl Drop for Opening {
    fn drop(&mut self) {
        self.0
            .any_opened
            .store(true, std::sync::atomic::Ordering::SeqCst);
        if self
            .0
            .opening
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst)
            == 1
        {
            self.0.opened.notify_waiters();
        }
    }
}

/// An index of at least this many files returns the memory it freed to the system (25,000 files:
/// the resident size fell from 225 to 36 MB).
const TRIM_AFTER_FILES: usize = 1_000;

/// Rebuilds the workspace index on the blocking pool, then refreshes open documents.
async fn reindex(state: &State) {
    let roots = state.negotiated().roots.clone();
    let home = workspace::home();
    let started = std::time::Instant::now();
    // at a low priority, and the allocator's freed memory returned there too: neither takes the
    // processor from the keystrokes a client sends meanwhile. Only a big index leaves much to
    // return; the trim walks the heap under the allocator's locks, which stalled the keystrokes
    // typed while it ran (a 10 KB agent's body p99 0.19-0.53 -> 0.10 ms without it)
    let built = tokio::task::spawn_blocking(move || {
        let project = workspace::in_background(|| workspace::index(&roots, home.as_deref()));
        if project.agents.len() >= TRIM_AFTER_FILES {
            workspace::release_freed_memory();
        }
        project
    })
    .await;
    let Ok(project) = built else {
        return;
    };
    let n = project.agents.len();
    let by_kind: Vec<String> = crate::catalog::Kind::all()
        .iter()
        .map(|k| (k, project.of_kind(*k).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}{}", k.spec().noun, if n == 1 { "" } else { "s" }))
        .collect();
    state.set_project(project);
    // open documents are the truth for their files
    let uris: Vec<Uri> = state.docs.iter().map(|e| e.key().clone()).collect();
    for uri in &uris {
        track(state, uri);
    }
    client::log(
        MessageType::INFO,
        format!(
            "agent-ls: indexed {n} agent files ({}) in {} ms",
            by_kind.join(", "),
            started.elapsed().as_millis()
        ),
    );
    refresh_all(state).await;
}

/// Keeps the index in step with an open document's head and imports; true when other documents'
/// diagnostics may have changed too: its name, its imports, or its size where a file imports it.
fn track(state: &State, uri: &Uri) -> bool {
    let Some(doc) = state.docs.get(uri) else {
        return false;
    };
    let Some(path) = doc.path.clone().filter(|p| p.is_absolute()) else {
        return false;
    };
    let home = workspace::home();
    let kind = doc.kind();
    let rec = kind.and_then(|kind| {
        project::record(
            kind,
            &path,
            &doc.header().text,
            doc.header(),
            home.as_deref(),
        )
    });
    // the imports of an open memory file or rule (or of a file one imports) follow its text
    let follows =
        kind.is_some_and(|k| k.spec().imports) || state.project().imports.chars.contains_key(&path);
    let imports = follows
        .then(|| doc.imports(home.as_deref()).map(|i| (i, doc.chars())))
        .flatten();
    drop(doc);
    // other files' import diagnostics (cycles, depth, size) depend on these
    let mut imports_changed = false;
    if let Some((imports, chars)) = imports {
        let project = state.project();
        let edges = project.imports.of.get(&path) != Some(&imports);
        let size = project.imports.chars.get(&path) != Some(&chars);
        // the size counts only in the files that import this one (a keystroke changes it)
        let imported = size && !edges && project.imports.importers(&path).next().is_some();
        // no reader of the index left here: it is changed in place, not copied
        drop(project);
        if edges || size {
            state.update_project(|p| {
                p.imports.of.insert(path.clone(), imports);
                p.imports.chars.insert(path.clone(), chars);
            });
            imports_changed = edges || imported;
        }
    }
    let change = state.project().change_of(&path, rec.as_ref());
    match change {
        RecordChange::None => imports_changed,
        change => {
            state.update_project(|p| p.update(&path, rec));
            imports_changed || change == RecordChange::Name
        }
    }
}

/// Re-publishes the diagnostics of every open document (after the index changed).
async fn refresh_all(state: &State) {
    refresh_but(state, None).await;
}

/// Re-publishes the diagnostics of every open document but `except`.
async fn refresh_others(state: &State, except: &Uri) {
    refresh_but(state, Some(except)).await;
}

async fn refresh_but(state: &State, except: Option<&Uri>) {
    let uris: Vec<Uri> = state
        .docs
        .iter()
        .map(|e| e.key().clone())
        .filter(|u| Some(u) != except)
        .collect();
    for uri in uris {
        refresh(state, uri).await;
    }
}

/// Computes and publishes the diagnostics of one open document (none for other markdown).
async fn refresh(state: &State, uri: Uri) {
    let path = state.docs.get(&uri).and_then(|d| d.path.clone());
    let config = config_for(state, path).await;
    // each round asks the disk about the files the last one did not know; the second round knows
    // them all unless an answer it got leads the analysis to new files
    for _ in 0..LOOKS {
        match diagnostics_of(state, &uri, config.as_deref(), Disk::Remembered) {
            Outcome::Missed(paths) => look(state, paths).await,
            outcome => {
                let stale = outcome.stale().to_vec();
                deliver(state, uri.clone(), outcome);
                // answers past their time were used: computed again only if one changed
                if stale.is_empty() || !still(state, stale).await {
                    return;
                }
            }
        }
    }
    let last = diagnostics_of(state, &uri, config.as_deref(), Disk::Asked);
    deliver(state, uri, last)
}

/// How many rounds [`refresh`] asks the disk off the loop before it asks it on the loop (never
/// seen: [`workspace::Exists::look`] also looks for a missed name in the folders above, which is
/// how the analysis walks up).
const LOOKS: usize = 4;

/// Where the diagnostics learn whether a file exists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Disk {
    /// From what [`workspace::Exists`] remembers only.
    Remembered,
    /// From the disk where it remembers nothing.
    Asked,
}

/// Asks the disk about the files a computation did not know, on the blocking pool.
pub(super) async fn look(state: &State, paths: Vec<PathBuf>) {
    let exists = state.exists.clone();
    let _ = tokio::task::spawn_blocking(move || exists.look(&paths)).await;
}

/// Asks the disk again, on the blocking pool, about files a computation knew from a stale
/// memory: true when one of them changed (the computation is then done again).
async fn still(state: &State, paths: Vec<PathBuf>) -> bool {
    let exists = state.exists.clone();
    tokio::task::spawn_blocking(move || exists.refresh(&paths))
        .await
        .unwrap_or(false)
}

/// What the diagnostics of an open document came to.
enum Outcome {
    /// Its version, and its diagnostics (none for other markdown), or the error of a panic;
    /// with the files whose existence came from a memory past its time.
    Ready(i32, super::jsonrpc::Result<Vec<Diagnostic>>, Vec<PathBuf>),
    /// They depend on files whose existence is not known yet (see [`workspace::Probe`]).
    Missed(Vec<PathBuf>),
    NotOpen,
}

impl Outcome {
    /// The files a ready outcome knew from a memory past its time.
    fn stale(&self) -> &[PathBuf] {
        match self {
            Outcome::Ready(_, _, stale) => stale,
            _ => &[],
        }
    }
}

/// Publishes an outcome (a panic is logged).
fn deliver(state: &State, uri: Uri, outcome: Outcome) {
    match outcome {
        Outcome::Ready(version, Ok(diagnostics), _) => publish(state, uri, version, diagnostics),
        Outcome::Ready(_, Err(e), _) => {
            client::log(MessageType::ERROR, format!("agent-ls: {}", e.message))
        }
        Outcome::Missed(_) | Outcome::NotOpen => {}
    }
}

/// The diagnostics of the open document at `uri`, computed without asking the disk: whether a
/// file exists comes from what [`workspace::Exists`] remembers, and a file it does not know makes
/// the outcome [`Outcome::Missed`].
fn diagnostics_of(
    state: &State,
    uri: &Uri,
    config: Option<&workspace::LoadedConfig>,
    disk: Disk,
) -> Outcome {
    let caps = state.caps();
    let minimum = state.minimum_severity();
    let (project, number) = state.project_numbered();
    let stamp = crate::document::Stamp {
        project: number,
        config: config.map_or(0, |c| c.id),
    };
    let Some(doc) = state.docs.get(uri) else {
        return Outcome::NotOpen;
    };
    let probe = state.exists.probe();
    let diags = guard(|| {
        // a file a memory file imports is read as one: Claude Code follows its imports
        let imported =
            !doc.is_agent_file() && doc.path.as_deref().is_some_and(|p| project.is_imported(p));
        if !doc.is_agent_file() && !imported {
            return Vec::new();
        }
        let asked = disk == Disk::Asked;
        let exists = |p: &std::path::Path| match asked {
            true => state.exists.check(p),
            false => probe.check(p),
        };
        let executable = |p: &std::path::Path| match asked {
            true => state.exists.executable(p),
            false => probe.executable(p),
        };
        doc.diagnostics_with(DiagnosticsInput {
            project: Some(&project),
            config: config.map(|c| &c.config),
            inline_suppressions: true,
            exists: &exists,
            executable: &executable,
            stamp: (!imported).then_some(stamp),
            kind: imported.then_some(crate::catalog::Kind::Imported),
        })
        .into_iter()
        .map(|d| to_proto::diagnostic(uri, &doc, d, caps))
        // severities compare the other way round: ERROR is 1, HINT 4
        .filter(|d| minimum.is_none_or(|m| d.severity.is_none_or(|s| s <= m)))
        .collect()
    });
    let (missed, stale) = probe.finish();
    if missed.is_empty() {
        Outcome::Ready(doc.version, diags, stale)
    } else {
        Outcome::Missed(missed)
    }
}

/// The configuration of the file at `path`: from the cache, or looked up on the blocking pool,
/// and then its problems are published on it.
async fn config_for(
    state: &State,
    path: Option<PathBuf>,
) -> Option<std::sync::Arc<workspace::LoadedConfig>> {
    let path = path.filter(|p| p.is_absolute())?;
    let configs = state.configs();
    if let Some(cached) = configs.cached(&path) {
        return cached;
    }
    let found = tokio::task::spawn_blocking(move || configs.for_file(&path))
        .await
        .ok()
        .flatten();
    if let Some(c) = &found {
        publish_config(state, c).await;
    }
    found
}

/// Publishes the problems of a configuration file on it (an empty list clears earlier ones).
async fn publish_config(state: &State, c: &workspace::LoadedConfig) {
    let Some(uri) = Uri::from_file_path(&c.path) else {
        return;
    };
    let enc = state.encoding();
    let index = crate::text::LineIndex::new(&c.text);
    let diagnostics = c
        .problems
        .iter()
        .map(|d| Diagnostic {
            range: to_proto::text_range(&index.range(&c.text, d.span), enc),
            severity: Some(to_proto::severity(d.severity)),
            code: Some(NumberOrString::String(d.code.to_string())),
            source: Some("agent-ls".into()),
            message: d.message.clone(),
            ..Default::default()
        })
        .collect();
    let _guard = lock(state);
    send_diagnostics(uri, diagnostics, None);
}

/// The publishing lock (a panic while it was held leaves nothing half done: a frame is written
/// whole or not at all).
fn lock(state: &State) -> std::sync::MutexGuard<'_, ()> {
    state.publish.lock().unwrap_or_else(|e| e.into_inner())
}

/// A configuration file changed on disk: every configuration is read again, the changed file's
/// problems published (or cleared), and every open document re-checked.
async fn reload_configs(state: &State, changed: Vec<PathBuf>) {
    let fresh = std::sync::Arc::new(workspace::Configs::default());
    *state.configs.write().unwrap_or_else(|e| e.into_inner()) = fresh;
    let loaded = tokio::task::spawn_blocking(move || {
        changed
            .into_iter()
            .map(|p| {
                if p.is_file() {
                    workspace::load_config(&p)
                } else {
                    // deleted: nothing to report on it any more
                    workspace::LoadedConfig {
                        id: workspace::fresh_id(),
                        config: crate::analysis::config::Config::empty(PathBuf::new()),
                        text: String::new(),
                        problems: Vec::new(),
                        path: p,
                    }
                }
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    for c in &loaded {
        publish_config(state, c).await;
    }
    refresh_all(state).await;
}

/// Publishes diagnostics for `uri` as of `version`, unless a newer version has arrived.
fn publish(state: &State, uri: Uri, version: i32, diagnostics: Vec<Diagnostic>) {
    let _guard = lock(state);
    let current = state.docs.get(&uri).map(|d| d.version);
    if current.is_some_and(|v| v != version) {
        return;
    }
    send_diagnostics(uri, diagnostics, Some(version));
}

/// Writes a `textDocument/publishDiagnostics` notification (see [`framing::notify`]); a client
/// that has gone away is not an error here.
fn send_diagnostics(uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    let _ = crate::framing::notify("textDocument/publishDiagnostics", &params);
}

/// The path the file-name rules use: the file's for `file:` URIs, the path part for untitled
/// buffers and other schemes.
fn uri_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return Some(PathBuf::from(uri.path().as_str()));
    }
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn did_open(state: &Arc<State>, params: DidOpenTextDocumentParams) {
    let opening = Opening::new(state);
    state.exists.forget();
    let td = params.text_document;
    let path = uri_path(&td.uri);
    let doc = Document::new(&td.text, td.version, state.encoding(), path);
    state.docs.insert(td.uri.clone(), doc);
    let others = track(state, &td.uri);
    publish_soon(state, td.uri, others, opening);
}

pub fn did_change(state: &Arc<State>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let changes = changes_of(params.content_changes);
    let Some(edited) = edit(state, &uri, version, &changes) else {
        client::log(
            MessageType::WARNING,
            format!(
                "agent-ls: ignored didChange for a document that is not open: {}",
                uri.as_str()
            ),
        );
        return;
    };
    if !edited.applied {
        client::log(MessageType::ERROR, APPLY_FAILED);
    }
    publish_soon(state, uri, edited.others, ());
}

/// Publishes the diagnostics of the open document at `uri`, and then, when `others`, of every
/// other open document. Its own are published here, on the loop, when its configuration is known
/// (every keystroke after the first): a task would only add a hand-off. Otherwise, and for the
/// other documents, a task does it; `keep` lives until the document's own are out.
fn publish_soon(state: &Arc<State>, uri: Uri, others: bool, keep: impl Send + 'static) {
    let path = state.docs.get(&uri).and_then(|d| d.path.clone());
    let cached = match path.filter(|p| p.is_absolute()) {
        None => Some(None),
        Some(p) => state.configs().cached(&p),
    };
    // the configuration is known and no file needs asking the disk about: here
    let outcome =
        cached.map(|config| diagnostics_of(state, &uri, config.as_deref(), Disk::Remembered));
    let state = state.clone();
    match outcome {
        None | Some(Outcome::Missed(_)) => {
            tokio::spawn(async move {
                refresh(&state, uri.clone()).await;
                drop(keep);
                if others {
                    refresh_others(&state, &uri).await;
                }
            });
        }
        Some(outcome) => {
            let stale = outcome.stale().to_vec();
            deliver(&state, uri.clone(), outcome);
            drop(keep);
            // the other open documents after this one (none when this is the only one open);
            // answers past their time asked again, and the document computed again if one
            // changed
            let others = others && state.docs.len() > 1;
            if others || !stale.is_empty() {
                tokio::spawn(async move {
                    if !stale.is_empty() && still(&state, stale).await {
                        refresh(&state, uri.clone()).await;
                    }
                    if others {
                        refresh_others(&state, &uri).await;
                    }
                });
            }
        }
    }
}

const APPLY_FAILED: &str = "agent-ls: failed to apply an edit";

/// The content changes of a `didChange`, in the document's terms.
fn changes_of(changes: Vec<TextDocumentContentChangeEvent>) -> Vec<Change> {
    changes
        .into_iter()
        .map(|c| Change {
            range: c
                .range
                .map(|r| (to_proto::pos(r.start), to_proto::pos(r.end))),
            text: c.text,
        })
        .collect()
}

/// What [`edit`] did.
struct Edited {
    /// The changes were applied (not stopped by a panic).
    applied: bool,
    /// Other open documents' diagnostics may have changed too (the index did).
    others: bool,
}

/// Applies the changes of one `didChange` to the open document at `uri` and brings the index up
/// to date; `None` when it is not open.
fn edit(state: &State, uri: &Uri, version: i32, changes: &[Change]) -> Option<Edited> {
    let (applied, head_changed) = state.docs.get_mut(uri).map(|mut doc| {
        let before = doc.head_parses;
        let ok = guard(|| doc.apply(version, changes)).is_ok();
        (ok, doc.head_parses != before)
    })?;
    // only an edit of the head can change what the index knows about an agent file; anywhere in
    // a file of the import graph, its imports and size
    let in_graph = state
        .docs
        .get(uri)
        .and_then(|d| d.path.clone())
        .is_some_and(|p| state.project().imports.chars.contains_key(&p));
    Some(Edited {
        applied,
        others: (head_changed || in_graph) && track(state, uri),
    })
}

pub fn did_close(state: &Arc<State>, params: DidCloseTextDocumentParams) {
    state.exists.forget();
    let uri = params.text_document.uri;
    if state.docs.remove(&uri).is_some() {
        let _guard = lock(state);
        send_diagnostics(uri, Vec::new(), None);
    }
}

/// Files changed on disk: their records are read again on the blocking pool (a FIFO, a huge file
/// or a symlink loop announced here costs nothing and blocks nothing), or the whole index is
/// rebuilt when a project-wide file changed.
pub fn did_change_watched_files(state: &Arc<State>, params: DidChangeWatchedFilesParams) {
    state.exists.forget();
    let state = state.clone();
    tokio::spawn(async move { watched_files_changed(&state, params).await });
}

async fn watched_files_changed(state: &State, params: DidChangeWatchedFilesParams) {
    let mut full = false;
    let mut reads = Vec::new();
    let mut configs = Vec::new();
    for change in params.changes {
        let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
            continue;
        };
        match project::watched_effect(&path) {
            WatchedEffect::Reindex => {
                full = true;
                continue;
            }
            WatchedEffect::Config => {
                configs.push(path);
                continue;
            }
            WatchedEffect::Record => {}
        }
        if state.docs.contains_key(&change.uri) {
            continue; // the open document is the truth
        }
        reads.push((path, change.typ == FileChangeType::DELETED));
    }
    if !configs.is_empty() {
        reload_configs(state, configs).await;
    }
    if full {
        return reindex(state).await;
    }
    let home = workspace::home();
    let graph = state.project().imports.clone();
    let records = tokio::task::spawn_blocking(move || {
        reads
            .into_iter()
            .map(|(path, deleted)| {
                let rec = if deleted {
                    None
                } else {
                    workspace::read_record(&path, home.as_deref())
                };
                // a file of the import graph, or a new memory file or rule: its imports again
                let follows = graph.chars.contains_key(&path)
                    || rec.as_ref().is_some_and(|r| r.kind.spec().imports);
                let text = (follows && !deleted)
                    .then(|| workspace::read_text(&path, workspace::agent_file_cap()).ok())
                    .flatten();
                (path, rec, text, follows)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    let home = workspace::home();
    state.update_project(|p| {
        for (path, rec, text, follows) in records {
            p.update(&path, rec);
            match text {
                Some(text) => p.imports.record(&path, &text, home.as_deref()),
                None if follows => p.imports.remove(&path),
                None => {}
            }
        }
    });
    refresh_all(state).await;
}
