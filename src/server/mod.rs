//! The LSP front end: glue only. `mod.rs` holds the state and a `LanguageServer` impl of one-line
//! delegations; each request lives in a small handler module (`sync.rs`: the document and index
//! lifecycle; `navigation.rs`: definition, references, rename, workspace symbols; `features.rs`:
//! completion, hover, code actions, outline, folding, semantic tokens). `caps.rs` holds what was
//! negotiated, `to_proto.rs` the conversions to LSP types. What to answer is decided in
//! `crate::analysis`; disk reads go through `crate::workspace`, off the protocol loop.

mod caps;
mod fast;
mod features;
mod navigation;
mod sync;
mod to_proto;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use dashmap::DashMap;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::analysis::project::Project;
use crate::document::Document;
use crate::framing;
use crate::text::Encoding;
use crate::workspace;
use caps::{ClientCaps, Negotiated};

/// The language server. Its state is shared (behind an `Arc`) with background tasks such as the
/// workspace index.
pub struct Backend {
    state: Arc<State>,
}

pub struct State {
    client: Client,
    docs: DashMap<Uri, Document>,
    /// Written once by `initialize`; defaults before it.
    negotiated: OnceLock<Negotiated>,
    /// The workspace index, replaced whole or changed in place, with a number that changes with
    /// it (documents keep what they found with one index under its number).
    project: RwLock<(Arc<Project>, u64)>,
    /// Configuration files by folder; replaced whole when one changes on disk.
    configs: RwLock<Arc<workspace::Configs>>,
    /// Messages the framework was handed and has not finished, and work they started (see
    /// [`fast`]).
    busy: Arc<std::sync::atomic::AtomicUsize>,
    /// Serialises publishing so that an older version's diagnostics never land after a newer's.
    publish: tokio::sync::Mutex<()>,
    /// Which link targets exist, between keystrokes.
    exists: workspace::Exists,
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
    let (service, socket) = LspService::build(Backend::new)
        .custom_method(framing::PARSE_ERROR_METHOD, Backend::reject_parse_error)
        .custom_method(
            framing::INVALID_REQUEST_METHOD,
            Backend::reject_invalid_request,
        )
        .finish();
    let state = service.inner().state.clone();
    let busy = state.busy.clone();
    // Frames pass through a guard that keeps one broken message from ending the session; a
    // keystroke's `didChange`, and requests answered without waiting, are handled there when
    // nothing else is under way (see `fast`).
    let intercept: framing::Intercept =
        Box::new(move |body| fast::did_change(&state, body) || fast::request(&state, body));
    Server::new(
        framing::input_with(Some(intercept)),
        framing::output(),
        socket,
    )
    .serve(fast::Counted {
        inner: service,
        busy,
    })
    .await;
    SHUTDOWN_REQUESTED.load(Ordering::SeqCst)
}

impl Backend {
    async fn reject_parse_error(&self) -> Result<()> {
        Err(Error::parse_error())
    }

    async fn reject_invalid_request(&self) -> Result<()> {
        Err(Error::invalid_request())
    }

    pub fn new(client: Client) -> Self {
        Backend {
            state: Arc::new(State {
                client,
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
                busy: Arc::default(),
                publish: tokio::sync::Mutex::new(()),
                exists: workspace::Exists::default(),
                opening: std::sync::atomic::AtomicUsize::new(0),
                any_opened: std::sync::atomic::AtomicBool::new(false),
                opened: tokio::sync::Notify::new(),
            }),
        }
    }
}

impl State {
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
fn guard<T>(f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let mut e = Error::internal_error();
        e.message = format!("internal error (panic: {what})").into();
        e
    })
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let negotiated = Negotiated::from_params(&params);
        let capabilities = caps::server_capabilities(negotiated.encoding);
        // a second `initialize` is answered but changes nothing (the protocol forbids it)
        let _ = self.state.negotiated.set(negotiated);
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "agent-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        sync::initialized(&self.state).await
    }

    async fn shutdown(&self) -> Result<()> {
        SHUTDOWN_REQUESTED.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(&self.state, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(&self.state, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        sync::did_close(&self.state, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        sync::did_change_watched_files(&self.state, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        navigation::definition(&self.state, params)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        navigation::references(&self.state, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        navigation::prepare_rename(&self.state, params)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        navigation::rename(&self.state, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        navigation::workspace_symbols(&self.state, params)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        features::completion(&self.state, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        features::hover(&self.state, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        features::execute_command(&self.state, params)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        features::code_action(&self.state, params)
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        features::document_link(&self.state, params)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        features::document_symbol(&self.state, params)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        features::folding_range(&self.state, params)
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        features::semantic_tokens_full(&self.state, params)
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        features::semantic_tokens_range(&self.state, params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r: Result<()> = guard(|| panic!("boom"));
        std::panic::set_hook(prev);
        let e = r.unwrap_err();
        assert_eq!(e.code, tower_lsp_server::jsonrpc::ErrorCode::InternalError);
        assert!(e.message.contains("boom"));
        assert_eq!(guard(|| 7).ok(), Some(7));
    }
}
