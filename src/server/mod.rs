//! The LSP front end: glue only. `mod.rs` holds the state; `dispatch.rs` the one loop that reads
//! every message and routes it, by method, to a small handler module (`sync.rs`: the document and
//! index lifecycle; `navigation.rs`: definition, references, rename, workspace symbols;
//! `features.rs`: completion, hover, code actions, outline, folding, semantic tokens).
//! `jsonrpc.rs` reads and writes the messages, `client.rs` writes what the server says unasked,
//! `caps.rs` holds what was negotiated, `to_proto.rs` the conversions to LSP types. What to
//! answer is decided in `crate::analysis`; disk reads go through `crate::workspace`, off the
//! protocol loop.

mod caps;
mod client;
mod dispatch;
mod features;
mod jsonrpc;
mod navigation;
mod sync;
mod to_proto;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use dashmap::DashMap;
use ls_types::*;

use crate::analysis::project::Project;
use crate::document::Document;
use crate::framing;
use crate::text::Encoding;
use crate::workspace;
use caps::{ClientCaps, Negotiated};

/// The server's state, shared (behind an `Arc`) with the tasks it starts, such as the workspace
/// index.
pub struct State {
    docs: DashMap<Uri, Document>,
    /// Written once by `initialize`; defaults before it.
    negotiated: OnceLock<Negotiated>,
    /// The workspace index, replaced whole or changed in place, with a number that changes with
    /// it (documents keep what they found with one index under its number).
    project: RwLock<(Arc<Project>, u64)>,
    /// Configuration files by folder; replaced whole when one changes on disk.
    configs: RwLock<Arc<workspace::Configs>>,
    /// Serialises publishing so that an older version's diagnostics never land after a newer's
    /// (held while the version is compared and the frame written, never across an `.await`).
    publish: std::sync::Mutex<()>,
    /// Which link targets exist, between keystrokes.
    exists: Arc<workspace::Exists>,
    /// Documents being opened (analysed and published) now: the workspace index starts when
    /// none is (see [`sync::initialized`]).
    opening: std::sync::atomic::AtomicUsize,
    /// Whether a document has been opened (and published) since the server started.
    any_opened: std::sync::atomic::AtomicBool,
    opened: tokio::sync::Notify,
}

/// Set by `shutdown`: the exit code of the process is 0 only if `exit` follows a `shutdown`.
static SHUTDOWN_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Runs the server on stdin/stdout until the client says `exit` (or closes stdin). Returns true
/// when a `shutdown` request came first (the LSP exit code rule).
pub async fn run_stdio() -> bool {
    let state = Arc::new(State::new());
    dispatch::serve(state, framing::input()).await;
    SHUTDOWN_REQUESTED.load(Ordering::SeqCst)
}

impl State {
    fn new() -> Self {
        State {
            docs: DashMap::new(),
            negotiated: OnceLock::new(),
            project: RwLock::new((
                Arc::new(Project {
                    home: workspace::home(),
                    ..Project::default()
                }),
                workspace::fresh_id(),
            )),
            configs: RwLock::new(Arc::new(workspace::Configs::default())),
            publish: std::sync::Mutex::new(()),
            exists: Arc::default(),
            opening: std::sync::atomic::AtomicUsize::new(0),
            any_opened: std::sync::atomic::AtomicBool::new(false),
            opened: tokio::sync::Notify::new(),
        }
    }

    pub(super) fn negotiated(&self) -> &Negotiated {
        static DEFAULT: OnceLock<Negotiated> = OnceLock::new();
        self.negotiated
            .get()
            .unwrap_or_else(|| DEFAULT.get_or_init(Negotiated::default))
    }

    fn caps(&self) -> ClientCaps {
        self.negotiated().caps
    }

    fn encoding(&self) -> Encoding {
        self.negotiated().encoding
    }

    fn minimum_severity(&self) -> Option<DiagnosticSeverity> {
        self.negotiated().minimum_severity
    }

    /// The current index. A panic while it was being replaced leaves the previous one in place
    /// (the lock's poison is ignored: the value behind it is always a whole index).
    fn project(&self) -> Arc<Project> {
        self.project_numbered().0
    }

    /// The current index and its number.
    fn project_numbered(&self) -> (Arc<Project>, u64) {
        self.project
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn set_project(&self, project: Project) {
        *self.project.write().unwrap_or_else(|e| e.into_inner()) =
            (Arc::new(project), workspace::fresh_id());
    }

    /// Changes the index in place; it is copied only while someone else still reads the old one
    /// (a keystroke in a description must not copy an index of 25,000 files).
    fn update_project(&self, f: impl FnOnce(&mut Project)) {
        let mut guard = self.project.write().unwrap_or_else(|e| e.into_inner());
        f(Arc::make_mut(&mut guard.0));
        guard.1 = workspace::fresh_id();
    }

    fn configs(&self) -> Arc<workspace::Configs> {
        self.configs
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The open document at `uri` if it is an agent file: features stay silent on other markdown.
    fn agent_doc(&self, uri: &Uri) -> Option<dashmap::mapref::one::Ref<'_, Uri, Document>> {
        self.docs.get(uri).filter(|d| d.is_agent_file())
    }
}

/// Runs analysis code, turning a panic into an internal error for this request alone.
fn guard<T>(f: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(panic_error)
}

/// The internal error a panic becomes.
fn panic_error(panic: Box<dyn std::any::Any + Send>) -> jsonrpc::Error {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let mut e = jsonrpc::Error::internal_error();
    e.message = format!("internal error (panic: {what})").into();
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r: jsonrpc::Result<()> = guard(|| panic!("boom"));
        std::panic::set_hook(prev);
        let e = r.unwrap_err();
        assert_eq!(e.code, -32603);
        assert!(e.message.contains("boom"));
        assert_eq!(guard(|| 7).ok(), Some(7));
    }
}
