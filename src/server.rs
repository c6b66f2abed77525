//! The LSP glue: protocol in, analysis calls, protocol out. No format logic lives here.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use dashmap::DashMap;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::analysis::project::{self, Project};
use crate::analysis::{self, ItemKind};
use crate::catalog::Severity;
use crate::document::{Change, Document, Encoding, Pos};
use crate::framing;
use crate::workspace;
use std::sync::Arc;

/// The language server. Its state is shared (behind an `Arc`) with background tasks such as the
/// workspace index.
pub struct Backend {
    state: Arc<State>,
}

impl std::ops::Deref for Backend {
    type Target = State;
    fn deref(&self) -> &State {
        &self.state
    }
}

pub struct State {
    client: Client,
    docs: DashMap<Uri, Document>,
    /// Workspace folders (from `initialize`).
    roots: std::sync::RwLock<Vec<PathBuf>>,
    /// The workspace index; replaced whole when it changes.
    project: std::sync::RwLock<Arc<Project>>,
    /// 0: UTF-16, 1: UTF-8 (negotiated in `initialize`).
    encoding: AtomicU8,
    caps: std::sync::RwLock<ClientCaps>,
    /// Serialises publishing so that an older version's diagnostics never land after a newer's.
    publish: tokio::sync::Mutex<()>,
}

/// What the client said it supports; the server sends nothing beyond it.
#[derive(Clone, Copy, Debug, Default)]
struct ClientCaps {
    snippets: bool,
    completion_markdown: bool,
    completion_deprecated: bool,
    completion_tags: bool,
    hover_markdown: bool,
    related_information: bool,
    diagnostic_tags: bool,
    rename_files: bool,
    document_changes: bool,
    watch_dynamic: bool,
}

impl ClientCaps {
    fn from_params(p: &InitializeParams) -> Self {
        let td = p.capabilities.text_document.as_ref();
        let item = td
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref());
        let diags = td.and_then(|t| t.publish_diagnostics.as_ref());
        let ws = p.capabilities.workspace.as_ref();
        let edit = ws.and_then(|w| w.workspace_edit.as_ref());
        ClientCaps {
            snippets: item.and_then(|i| i.snippet_support).unwrap_or(false),
            completion_markdown: item
                .and_then(|i| i.documentation_format.as_ref())
                .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
            completion_deprecated: item.and_then(|i| i.deprecated_support).unwrap_or(false),
            completion_tags: item
                .and_then(|i| i.tag_support.as_ref())
                .is_some_and(|t| t.value_set.contains(&CompletionItemTag::DEPRECATED)),
            hover_markdown: td
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
            related_information: diags.and_then(|d| d.related_information).unwrap_or(false),
            diagnostic_tags: diags
                .and_then(|d| d.tag_support.as_ref())
                .is_some_and(|t| t.value_set.contains(&DiagnosticTag::DEPRECATED)),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            rename_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Rename)),
        }
    }
}

/// The semantic token legend, in the order of [`analysis::semantic::TokenType`].
const TOKEN_TYPES: [SemanticTokenType; 6] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::DECORATOR,
    SemanticTokenType::COMMENT,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::PROPERTY,
];

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
    // Frames pass through a guard that keeps one broken message from ending the session.
    Server::new(framing::input(), framing::output(), socket)
        .serve(service)
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
                roots: std::sync::RwLock::new(Vec::new()),
                project: std::sync::RwLock::new(Arc::new(Project {
                    home: workspace::home(),
                    ..Project::default()
                })),
                encoding: AtomicU8::new(0),
                caps: std::sync::RwLock::new(ClientCaps::default()),
                publish: tokio::sync::Mutex::new(()),
            }),
        }
    }
}

impl State {
    fn project(&self) -> Arc<Project> {
        self.project.read().map(|p| p.clone()).unwrap_or_default()
    }

    fn set_project(&self, f: impl FnOnce(&mut Project)) {
        if let Ok(mut guard) = self.project.write() {
            let mut p = (**guard).clone();
            f(&mut p);
            *guard = Arc::new(p);
        }
    }

    /// Rebuilds the workspace index in the background, then refreshes open documents.
    async fn reindex(&self) {
        let roots = self.roots.read().map(|r| r.clone()).unwrap_or_default();
        let home = workspace::home();
        let started = std::time::Instant::now();
        let built =
            tokio::task::spawn_blocking(move || workspace::index(&roots, home.as_deref())).await;
        let Ok(project) = built else {
            return;
        };
        let n = project.agents.len();
        if let Ok(mut guard) = self.project.write() {
            *guard = Arc::new(project);
        }
        // open documents are the truth for their files
        let uris: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        for uri in &uris {
            self.track(uri);
        }
        self.client
            .log_message(
                MessageType::INFO,
                format!(
                    "agent-ls: indexed {n} agent files in {} ms",
                    started.elapsed().as_millis()
                ),
            )
            .await;
        self.refresh_all().await;
    }

    /// The agent name under a position of an open document.
    fn name_under(
        &self,
        tdp: &TextDocumentPositionParams,
    ) -> Option<(String, crate::syntax::Span)> {
        let doc = self.agent_doc(&tdp.text_document.uri)?;
        let offset = doc.offset(pos(tdp.position));
        let text = doc.text();
        project::name_at(&text, doc.header(), offset)
    }

    /// The text of a file: the open document if it is open, the disk otherwise.
    fn file_text(&self, path: &std::path::Path) -> Option<(String, Option<i32>)> {
        let uri = Uri::from_file_path(path)?;
        if let Some(doc) = self.docs.get(&uri) {
            return Some((doc.text(), Some(doc.version)));
        }
        std::fs::read_to_string(path).ok().map(|t| (t, None))
    }

    /// Every reference to agent `name` across the indexed agent files.
    fn occurrences(&self, name: &str) -> Vec<Occurrence> {
        let project = self.project();
        let enc = self.encoding();
        let mut out = Vec::new();
        for a in &project.agents {
            let Some((text, version)) = self.file_text(&a.path) else {
                continue;
            };
            let header = crate::syntax::Header::parse(&text);
            let decl = header
                .frontmatter()
                .and_then(|f| f.entry("name"))
                .map(|e| e.value.span);
            for span in project::references_in(&text, &header, name) {
                out.push(Occurrence {
                    path: a.path.clone(),
                    version,
                    span,
                    range: pos_range(&project::TextPos::of(&text, span), enc),
                    declaration: Some(span) == decl,
                });
            }
        }
        out
    }

    fn rename_edit(
        &self,
        project: &Project,
        old: &str,
        new: &str,
        caps: ClientCaps,
    ) -> WorkspaceEdit {
        let occ = self.occurrences(old);
        let mut by_file: std::collections::BTreeMap<PathBuf, (Option<i32>, Vec<TextEdit>)> =
            std::collections::BTreeMap::new();
        for o in occ {
            let entry = by_file
                .entry(o.path.clone())
                .or_insert((o.version, Vec::new()));
            entry.1.push(TextEdit::new(o.range, new.to_string()));
        }
        if !caps.document_changes {
            let changes = by_file
                .into_iter()
                .filter_map(|(p, (_, edits))| Some((Uri::from_file_path(p)?, edits)))
                .collect();
            return WorkspaceEdit::new(changes);
        }
        let mut ops = Vec::new();
        for (path, (version, edits)) in &by_file {
            let Some(uri) = Uri::from_file_path(path) else {
                continue;
            };
            ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri,
                    version: *version,
                },
                edits: edits.iter().cloned().map(OneOf::Left).collect(),
            }));
        }
        if caps.rename_files {
            for a in project.named(old) {
                let stem = a.path.file_stem().and_then(|s| s.to_str());
                if stem != Some(old) {
                    continue;
                }
                let target = a.path.with_file_name(format!("{new}.md"));
                if let (Some(old_uri), Some(new_uri)) =
                    (Uri::from_file_path(&a.path), Uri::from_file_path(&target))
                {
                    ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(
                        RenameFile {
                            old_uri,
                            new_uri,
                            options: None,
                            annotation_id: None,
                        },
                    )));
                }
            }
        }
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(ops)),
            ..Default::default()
        }
    }

    /// The open document at `uri` if it is an agent file: features stay silent on other markdown.
    fn agent_doc(&self, uri: &Uri) -> Option<dashmap::mapref::one::Ref<'_, Uri, Document>> {
        self.docs.get(uri).filter(|d| d.is_agent_file())
    }

    /// Re-publishes the diagnostics of every open document (after the index changed).
    async fn refresh_all(&self) {
        let uris: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        for uri in uris {
            self.refresh(uri).await;
        }
    }

    /// Keeps the index in step with an open document's head.
    fn track(&self, uri: &Uri) -> bool {
        let Some(doc) = self.docs.get(uri) else {
            return false;
        };
        let Some(path) = doc.path.clone().filter(|p| p.is_absolute()) else {
            return false;
        };
        let home = workspace::home();
        let rec = doc
            .is_agent_file()
            .then(|| project::record(&path, &doc.header().text, doc.header(), home.as_deref()))
            .flatten();
        drop(doc);
        let old = self.project();
        let before = old.agents.iter().find(|a| a.path == path);
        if before == rec.as_ref() {
            return false;
        }
        let name_changed = before.map(|a| &a.name) != rec.as_ref().map(|a| &a.name);
        self.set_project(|p| p.update(&path, rec));
        name_changed
    }

    fn caps(&self) -> ClientCaps {
        self.caps.read().map(|c| *c).unwrap_or_default()
    }

    fn encoding(&self) -> Encoding {
        if self.encoding.load(Ordering::Relaxed) == 1 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// Publishes diagnostics for `uri` as of `version`, unless a newer version has arrived.
    async fn publish(&self, uri: Uri, version: i32, diagnostics: Vec<Diagnostic>) {
        let _guard = self.publish.lock().await;
        let current = self.docs.get(&uri).map(|d| d.version);
        if current.is_some_and(|v| v != version) {
            return;
        }
        self.client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
    }

    /// The LSP diagnostics of a document (none for a file that is not an agent file).
    fn lsp_diagnostics(
        uri: &Uri,
        doc: &Document,
        caps: ClientCaps,
        project: &Project,
    ) -> Vec<Diagnostic> {
        if !doc.is_agent_file() {
            return Vec::new();
        }
        doc.diagnostics_in(Some(project))
            .into_iter()
            .map(|d| to_lsp_diagnostic(uri, doc, d, caps))
            .collect()
    }

    async fn refresh(&self, uri: Uri) {
        let caps = self.caps();
        let project = self.project();
        let computed = self.docs.get(&uri).map(|doc| {
            let diags = guard(|| Self::lsp_diagnostics(&uri, &doc, caps, &project));
            (doc.version, diags)
        });
        match computed {
            Some((version, Ok(diags))) => self.publish(uri, version, diags).await,
            Some((_, Err(e))) => {
                self.client
                    .log_message(MessageType::ERROR, format!("agent-ls: {}", e.message))
                    .await
            }
            None => {}
        }
    }
}

/// One reference to an agent, in some file.
struct Occurrence {
    path: PathBuf,
    version: Option<i32>,
    #[allow(dead_code)]
    span: crate::syntax::Span,
    range: Range,
    declaration: bool,
}

fn pos_range(p: &project::TextPos, enc: Encoding) -> Range {
    let (a, b) = match enc {
        Encoding::Utf8 => p.utf8,
        Encoding::Utf16 => p.utf16,
    };
    Range::new(Position::new(p.line, a), Position::new(p.line, b))
}

fn to_range(doc: &Document, span: crate::syntax::Span) -> Range {
    let (a, b) = doc.range(span);
    Range::new(
        Position::new(a.line, a.character),
        Position::new(b.line, b.character),
    )
}

fn to_lsp_diagnostic(
    uri: &Uri,
    doc: &Document,
    d: analysis::Diagnostic,
    caps: ClientCaps,
) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let related: Vec<_> = d
        .related
        .iter()
        .filter_map(|(at, message)| {
            let location = match at {
                analysis::Related::Here(span) => Location::new(uri.clone(), to_range(doc, *span)),
                analysis::Related::File(path, p) => {
                    Location::new(Uri::from_file_path(path)?, pos_range(p, doc.encoding))
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
        range: to_range(doc, d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("agent-ls".into()),
        message: d.message,
        related_information: (caps.related_information && !related.is_empty()).then_some(related),
        tags,
        ..Default::default()
    }
}

fn pos(p: Position) -> Pos {
    Pos {
        line: p.line,
        character: p.character,
    }
}

fn uri_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        // untitled buffers and other schemes: use the path part for the file name rules
        return Some(PathBuf::from(uri.path().as_str()));
    }
    uri.to_file_path().map(|p| p.into_owned())
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
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        self.encoding.store(u8::from(utf8), Ordering::Relaxed);
        if let Ok(mut caps) = self.caps.write() {
            *caps = ClientCaps::from_params(&params);
        }
        #[allow(deprecated)]
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path())
        {
            roots.push(root.into_owned());
        }
        if let Ok(mut r) = self.roots.write() {
            *r = roots;
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        [":", " ", ",", "[", "-"]
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    ),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: SemanticTokensLegend {
                                token_types: TOKEN_TYPES.to_vec(),
                                token_modifiers: Vec::new(),
                            },
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: Some(true),
                            ..Default::default()
                        },
                    ),
                ),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                        ]),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "agent-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.client
            .log_message(MessageType::INFO, "agent-ls ready")
            .await;
        if self.caps().watch_dynamic {
            let watchers = ["**/*.md", "**/.mcp.json"]
                .iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g.to_string()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "agent-ls-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            let _ = self.client.register_capability(vec![registration]).await;
        }
        // Index the workspace in the background: the first diagnostics do not wait for it.
        let state = self.state.clone();
        tokio::spawn(async move { state.reindex().await });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut full = false;
        let home = workspace::home();
        for change in params.changes {
            let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == ".mcp.json") {
                full = true;
                continue;
            }
            if self.docs.contains_key(&change.uri) {
                continue; // the open document is the truth
            }
            let rec = if change.typ == FileChangeType::DELETED {
                None
            } else {
                workspace::read_record(&path, home.as_deref())
            };
            self.set_project(|p| p.update(&path, rec));
        }
        if full {
            self.reindex().await;
        } else {
            self.refresh_all().await;
        }
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let tdp = params.text_document_position_params;
        let Some(doc) = self.agent_doc(&tdp.text_document.uri) else {
            return Ok(None);
        };
        let project = self.project();
        let offset = doc.offset(pos(tdp.position));
        let text = doc.text();
        let locations = guard(|| {
            if let Some((skill, _)) = project::skill_at(doc.header(), offset) {
                return project
                    .skills
                    .get(&skill)
                    .and_then(Uri::from_file_path)
                    .map(|u| vec![Location::new(u, Range::default())])
                    .unwrap_or_default();
            }
            let Some((name, _)) = project::name_at(&text, doc.header(), offset) else {
                return Vec::new();
            };
            project
                .named(&name)
                .filter_map(|a| {
                    Some(Location::new(
                        Uri::from_file_path(&a.path)?,
                        pos_range(&a.name_pos, doc.encoding),
                    ))
                })
                .collect()
        })?;
        Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let tdp = params.text_document_position;
        let Some((name, _)) = self.name_under(&tdp) else {
            return Ok(None);
        };
        let include_decl = params.context.include_declaration;
        let locations = guard(|| {
            self.occurrences(&name)
                .into_iter()
                .filter(|o| include_decl || !o.declaration)
                .filter_map(|o| Some(Location::new(Uri::from_file_path(&o.path)?, o.range)))
                .collect::<Vec<_>>()
        })?;
        Ok(Some(locations))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((name, span)) = self.name_under(&params) else {
            return Ok(None);
        };
        if self.project().named(&name).next().is_none() {
            return Ok(None);
        }
        let Some(doc) = self.agent_doc(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(Some(PrepareRenameResponse::Range(to_range(&doc, span))))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let tdp = params.text_document_position;
        let new_name = params.new_name;
        if !crate::analysis::diagnostics::valid_name(&new_name) {
            return Err(Error::invalid_params(format!(
                "`{new_name}` is not a valid agent name: use lowercase letters, digits and hyphens"
            )));
        }
        let Some((old, _)) = self.name_under(&tdp) else {
            return Ok(None);
        };
        let project = self.project();
        if project.named(&old).next().is_none() {
            return Ok(None);
        }
        let caps = self.caps();
        let edit = guard(|| self.rename_edit(&project, &old, &new_name, caps))?;
        Ok(Some(edit))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let project = self.project();
        let enc = self.encoding();
        #[allow(deprecated)]
        let symbols: Vec<SymbolInformation> = project
            .search(&params.query)
            .into_iter()
            .filter_map(|a| {
                Some(SymbolInformation {
                    name: a.name.clone(),
                    kind: SymbolKind::CLASS,
                    tags: None,
                    deprecated: None,
                    location: Location::new(
                        Uri::from_file_path(&a.path)?,
                        pos_range(&a.name_pos, enc),
                    ),
                    container_name: Some(format!("{} agent", a.scope.label())),
                })
            })
            .collect();
        Ok(Some(WorkspaceSymbolResponse::Flat(symbols)))
    }

    async fn shutdown(&self) -> Result<()> {
        SHUTDOWN_REQUESTED.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let path = uri_path(&td.uri);
        let doc = Document::new(&td.text, td.version, self.encoding(), path);
        self.docs.insert(td.uri.clone(), doc);
        if self.track(&td.uri) {
            self.refresh_all().await;
        } else {
            self.refresh(td.uri).await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let changes: Vec<Change> = params
            .content_changes
            .into_iter()
            .map(|c| Change {
                range: c.range.map(|r| (pos(r.start), pos(r.end))),
                text: c.text,
            })
            .collect();
        // Applied before any `.await`, so edits are never reordered.
        let applied = self.docs.get_mut(&uri).map(|mut doc| {
            let before = doc.head_parses;
            let ok = guard(|| doc.apply(version, &changes)).is_ok();
            (ok, doc.head_parses != before)
        });
        let Some((applied, head_changed)) = applied else {
            self.client
                .log_message(
                    MessageType::WARNING,
                    format!(
                        "agent-ls: ignored didChange for a document that is not open: {}",
                        uri.as_str()
                    ),
                )
                .await;
            return;
        };
        if !applied {
            self.client
                .log_message(MessageType::ERROR, "agent-ls: failed to apply an edit")
                .await;
        }
        // only an edit of the head can change what the index knows about this file
        if head_changed && self.track(&uri) {
            self.refresh_all().await;
        } else {
            self.refresh(uri).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.docs.remove(&uri).is_some() {
            let _guard = self.publish.lock().await;
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let tdp = params.text_document_position;
        let Some(doc) = self.agent_doc(&tdp.text_document.uri) else {
            return Ok(None);
        };
        let caps = self.caps();
        let project = self.project();
        let items = guard(|| {
            doc.complete_in(pos(tdp.position), caps.snippets, Some(&project))
                .into_iter()
                .map(|c| to_completion_item(&doc, c, caps))
                .collect::<Vec<_>>()
        })?;
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(doc) = self.agent_doc(&uri) else {
            return Ok(None);
        };
        let caps = self.caps();
        let only = params.context.only;
        let wants = |kind: &CodeActionKind| {
            only.as_ref()
                .is_none_or(|o| o.iter().any(|k| kind.as_str().starts_with(k.as_str())))
        };
        let range = params.range;
        let actions = guard(|| {
            let diags = doc.diagnostics();
            let a = doc.offset(pos(range.start));
            let b = doc.offset(pos(range.end)).max(a);
            let mut out = Vec::new();
            if wants(&CodeActionKind::QUICKFIX) {
                for d in diags
                    .iter()
                    .filter(|d| d.span.start <= b && a <= d.span.end)
                {
                    let lsp = to_lsp_diagnostic(&uri, &doc, d.clone(), caps);
                    for fix in &d.fixes {
                        let Some(edit) = fix_edit(&uri, &doc, fix, caps) else {
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
                    let edits = edits
                        .into_iter()
                        .map(|(span, text)| TextEdit::new(to_range(&doc, span), text))
                        .collect();
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Fix all safe problems ({})", titles.len()),
                        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                        edit: Some(WorkspaceEdit::new(
                            [(uri.clone(), edits)].into_iter().collect(),
                        )),
                        ..Default::default()
                    }));
                }
            }
            out
        })?;
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(doc) = self.agent_doc(&params.text_document.uri) else {
            return Ok(None);
        };
        let symbols = guard(|| {
            let headings = doc.headings();
            analysis::outline::symbols(doc.header(), &headings, doc.rope().len_bytes())
                .into_iter()
                .map(|s| to_document_symbol(&doc, s))
                .collect::<Vec<_>>()
        })?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(doc) = self.agent_doc(&params.text_document.uri) else {
            return Ok(None);
        };
        let ranges = guard(|| {
            let headings = doc.headings();
            analysis::outline::folding(doc.header(), &headings, doc.rope().len_bytes())
                .into_iter()
                .filter_map(|span| {
                    let r = to_range(&doc, span);
                    // a region that ends at the start of a line ends on the line before
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
                })
                .collect::<Vec<_>>()
        })?;
        Ok(Some(ranges))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some(doc) = self.agent_doc(&params.text_document.uri) else {
            return Ok(None);
        };
        let data = guard(|| encode_tokens(&doc, None))?;
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let Some(doc) = self.agent_doc(&params.text_document.uri) else {
            return Ok(None);
        };
        let range = (
            doc.offset(pos(params.range.start)),
            doc.offset(pos(params.range.end)),
        );
        let data = guard(|| encode_tokens(&doc, Some(range)))?;
        Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let tdp = params.text_document_position_params;
        let Some(doc) = self.agent_doc(&tdp.text_document.uri) else {
            return Ok(None);
        };
        let info = guard(|| doc.hover(pos(tdp.position)))?;
        let markdown = self.caps().hover_markdown;
        Ok(info.map(|h| Hover {
            contents: HoverContents::Markup(markup(h.markdown, markdown)),
            range: Some(to_range(&doc, h.span)),
        }))
    }
}

/// The workspace edit of a fix: text edits in this document, or a file rename (only for clients
/// that support resource operations).
fn fix_edit(
    uri: &Uri,
    doc: &Document,
    fix: &analysis::Fix,
    caps: ClientCaps,
) -> Option<WorkspaceEdit> {
    if let Some(new_name) = &fix.rename_file {
        if !caps.rename_files {
            return None;
        }
        let old = uri.as_str();
        let cut = old.rfind('/')?;
        let new_uri: Uri = format!("{}/{}", &old[..cut], new_name).parse().ok()?;
        return Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Rename(RenameFile {
                    old_uri: uri.clone(),
                    new_uri,
                    options: None,
                    annotation_id: None,
                })),
            ])),
            ..Default::default()
        });
    }
    let edits = fix
        .edits
        .iter()
        .map(|(span, text)| TextEdit::new(to_range(doc, *span), text.clone()))
        .collect();
    Some(WorkspaceEdit::new(
        [(uri.clone(), edits)].into_iter().collect(),
    ))
}

#[allow(deprecated)]
fn to_document_symbol(doc: &Document, s: analysis::outline::Symbol) -> DocumentSymbol {
    use analysis::outline::SymbolKind as K;
    let kind = match s.kind {
        K::Frontmatter => SymbolKind::NAMESPACE,
        K::Key => SymbolKind::PROPERTY,
        K::Example => SymbolKind::EVENT,
        K::Heading => SymbolKind::STRING,
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
        range: to_range(doc, s.span),
        selection_range: to_range(doc, s.selection),
        children: Some(
            s.children
                .into_iter()
                .map(|c| to_document_symbol(doc, c))
                .collect(),
        ),
    }
}

/// Semantic tokens, split at line breaks, relative-encoded as the protocol wants.
fn encode_tokens(doc: &Document, range: Option<(usize, usize)>) -> Vec<SemanticToken> {
    let mut data = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for (span, ty) in analysis::semantic::tokens(doc.header()) {
        if let Some((a, b)) = range
            && (span.end <= a || span.start >= b)
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

/// Markdown for clients that render it, plain text (markup stripped) for the rest.
fn markup(markdown: String, client_renders_markdown: bool) -> MarkupContent {
    if client_renders_markdown {
        MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }
    } else {
        MarkupContent {
            kind: MarkupKind::PlainText,
            value: markdown.replace("**", "").replace('`', ""),
        }
    }
}

fn to_completion_item(doc: &Document, c: analysis::Completion, caps: ClientCaps) -> CompletionItem {
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
            to_range(doc, c.replace),
            c.insert,
        ))),
        ..Default::default()
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

    #[test]
    fn plain_text_strips_markdown() {
        let m = markup("**`Bash`** · tool".into(), false);
        assert_eq!(m.kind, MarkupKind::PlainText);
        assert_eq!(m.value, "Bash · tool");
    }
}
