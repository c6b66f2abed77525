//! One route for every message. The loop reads a frame, decodes it once ([`jsonrpc::decode`]),
//! applies the lifecycle (nothing before `initialize`, nothing but `exit` after `shutdown`) and
//! finds the handler by the method's name, keyed by lsp-types' `METHOD` constants.
//!
//! Each handler says where it runs when it is registered:
//! - [`Router::on_sync`]: on the loop, answered before the next message is read. For requests
//!   that need nothing but the open documents and the index (definition, symbols, folding,
//!   semantic tokens, links, code actions).
//! - [`Router::on`]: for requests that may wait for the disk on the blocking pool (definition of a
//!   hook's script, completion and hover of an import, references, rename). Started on the loop,
//!   and answered there when it needs no waiting; otherwise finished as a task, which the client
//!   may cancel (`$/cancelRequest`).
//! - [`Router::on_notification`]: on the loop, in the order the client sent them; a handler
//!   starts a task itself for what waits (see `sync.rs`: a keystroke's diagnostics are published
//!   on the loop when its configuration is known, which is every keystroke after the first).
//!
//! Adding a request is one line in [`Router::new`] and its handler.

use std::collections::HashMap;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll, Waker};

use ls_types::notification::{self as n, Notification};
use ls_types::request::{self as r, Request};
use ls_types::{InitializeResult, MessageType, ServerInfo};
use serde_json::value::RawValue;
use tokio::task::JoinHandle;

use super::jsonrpc::{self, Error, Id, Message};
use super::{SHUTDOWN_REQUESTED, State, caps, client, features, navigation, sync};
use crate::framing::{self, Frame};

type SyncHandler = Box<dyn Fn(&Arc<State>, &Id, Option<&RawValue>)>;
type TaskHandler = Box<dyn Fn(&Arc<State>, Id, Option<&RawValue>) -> Option<JoinHandle<()>>>;
type NotificationHandler = Box<dyn Fn(&Arc<State>, Option<&RawValue>) -> jsonrpc::Result<()>>;

enum Route {
    Sync(SyncHandler),
    Task(TaskHandler),
    Notification(NotificationHandler),
}

/// The handlers by method.
pub(super) struct Router {
    routes: HashMap<&'static str, Route>,
}

impl Router {
    pub(super) fn new() -> Self {
        let mut router = Router {
            routes: HashMap::new(),
        };
        router
            .on_sync::<r::PrepareRenameRequest>(navigation::prepare_rename)
            .on_sync::<r::WorkspaceSymbolRequest>(navigation::workspace_symbols)
            .on_sync::<r::ExecuteCommand>(features::execute_command)
            .on_sync::<r::CodeActionRequest>(features::code_action)
            .on_sync::<r::DocumentLinkRequest>(features::document_link)
            .on_sync::<r::DocumentSymbolRequest>(features::document_symbol)
            .on_sync::<r::FoldingRangeRequest>(features::folding_range)
            .on_sync::<r::SemanticTokensFullRequest>(features::semantic_tokens_full)
            .on_sync::<r::SemanticTokensRangeRequest>(features::semantic_tokens_range)
            .on::<r::GotoDefinition, _>(|s, p| async move { navigation::definition(&s, p).await })
            .on::<r::References, _>(|s, p| async move { navigation::references(&s, p).await })
            .on::<r::Rename, _>(|s, p| async move { navigation::rename(&s, p).await })
            .on::<r::Completion, _>(|s, p| async move { features::completion(&s, p).await })
            .on::<r::HoverRequest, _>(|s, p| async move { features::hover(&s, p).await })
            .on_notification::<n::Initialized>(|s, _| sync::initialized(s))
            .on_notification::<n::DidOpenTextDocument>(sync::did_open)
            .on_notification::<n::DidChangeTextDocument>(sync::did_change)
            .on_notification::<n::DidCloseTextDocument>(sync::did_close)
            .on_notification::<n::DidChangeWatchedFiles>(sync::did_change_watched_files);
        router
    }

    /// A request answered on the loop.
    fn on_sync<R>(
        &mut self,
        handle: fn(&State, R::Params) -> jsonrpc::Result<R::Result>,
    ) -> &mut Self
    where
        R: Request,
    {
        let route = move |state: &Arc<State>, id: &Id, raw: Option<&RawValue>| {
            let result = jsonrpc::params::<R::Params>(raw)
                .and_then(|params| super::guard(|| handle(state, params)).and_then(|r| r));
            jsonrpc::respond(id, result);
        };
        self.routes.insert(R::METHOD, Route::Sync(Box::new(route)));
        self
    }

    /// A request started on the loop and answered by a task.
    fn on<R, F>(&mut self, handle: fn(Arc<State>, R::Params) -> F) -> &mut Self
    where
        R: Request,
        R::Result: Send,
        F: Future<Output = jsonrpc::Result<R::Result>> + Send + 'static,
    {
        let route = move |state: &Arc<State>, id: Id, raw: Option<&RawValue>| {
            let params = match jsonrpc::params::<R::Params>(raw) {
                Ok(params) => params,
                Err(e) => {
                    jsonrpc::respond::<()>(&id, Err(e));
                    return None;
                }
            };
            let mut answer = CatchUnwind(Box::pin(handle(state.clone(), params)));
            let result =
                |r: std::thread::Result<_>| r.unwrap_or_else(|p| Err(super::panic_error(p)));
            // polled once here: an answer that needs no waiting comes before the next message
            // is read, as a synchronous handler's would
            let mut cx = Context::from_waker(Waker::noop());
            match Pin::new(&mut answer).poll(&mut cx) {
                Poll::Ready(r) => {
                    jsonrpc::respond(&id, result(r));
                    None
                }
                Poll::Pending => Some(tokio::spawn(async move {
                    jsonrpc::respond(&id, result(answer.await));
                })),
            }
        };
        self.routes.insert(R::METHOD, Route::Task(Box::new(route)));
        self
    }

    /// A notification handled on the loop.
    fn on_notification<N>(&mut self, handle: fn(&Arc<State>, N::Params)) -> &mut Self
    where
        N: Notification,
    {
        let route = move |state: &Arc<State>, raw: Option<&RawValue>| {
            let params = jsonrpc::params::<N::Params>(raw)?;
            super::guard(|| handle(state, params))
        };
        self.routes
            .insert(N::METHOD, Route::Notification(Box::new(route)));
        self
    }
}

/// Where the session is in the protocol's lifecycle.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Initialized,
    ShutDown,
}

/// The loop's own state: the lifecycle, and the requests answered by tasks that have not finished
/// (for `$/cancelRequest`).
struct Session {
    phase: Phase,
    running: HashMap<Id, JoinHandle<()>>,
}

/// Serves the client until it says `exit` or its input ends.
pub(super) async fn serve(state: Arc<State>, mut input: framing::Input) {
    let router = Router::new();
    let mut session = Session {
        phase: Phase::Uninitialized,
        running: HashMap::new(),
    };
    while let Some(frame) = input.next().await {
        let body = match frame {
            Frame::Body(body) => body,
            Frame::Broken => {
                jsonrpc::respond::<()>(&Id::Null, Err(Error::parse_error()));
                continue;
            }
        };
        match jsonrpc::decode(&body) {
            Err(e) => jsonrpc::respond::<()>(&Id::Null, Err(e)),
            Ok(Message::Response) => {}
            Ok(Message::Request { id, method, params }) => {
                session.request(&state, &router, id, &method, params)
            }
            Ok(Message::Notification { method, params }) => {
                if method == n::Exit::METHOD {
                    break;
                }
                session.notification(&state, &router, &method, params)
            }
        }
    }
    for (_, task) in session.running.drain() {
        task.abort();
    }
}

impl Session {
    fn request(
        &mut self,
        state: &Arc<State>,
        router: &Router,
        id: Id,
        method: &str,
        params: Option<&RawValue>,
    ) {
        let refused = match (self.phase, method) {
            (Phase::Uninitialized, r::Initialize::METHOD) => {
                let answer = jsonrpc::params(params).map(|p| initialize(state, &p));
                if answer.is_ok() {
                    self.phase = Phase::Initialized;
                }
                return jsonrpc::respond(&id, answer);
            }
            (Phase::Uninitialized, _) => Some(Error::server_not_initialized()),
            (Phase::ShutDown, _) | (_, r::Initialize::METHOD) => Some(Error::invalid_request()),
            (Phase::Initialized, r::Shutdown::METHOD) => {
                self.phase = Phase::ShutDown;
                SHUTDOWN_REQUESTED.store(true, Ordering::SeqCst);
                return jsonrpc::respond(&id, Ok(()));
            }
            _ => None,
        };
        if let Some(e) = refused {
            return jsonrpc::respond::<()>(&id, Err(e));
        }
        match router.routes.get(method) {
            Some(Route::Sync(handle)) => handle(state, &id, params),
            Some(Route::Task(handle)) => {
                self.running.retain(|_, task| !task.is_finished());
                if let Some(task) = handle(state, id.clone(), params) {
                    self.running.insert(id, task);
                }
            }
            // a notification's method with an id
            Some(Route::Notification(_)) => {
                jsonrpc::respond::<()>(&id, Err(Error::invalid_request()))
            }
            None => jsonrpc::respond::<()>(&id, Err(Error::method_not_found())),
        }
    }

    fn notification(
        &mut self,
        state: &Arc<State>,
        router: &Router,
        method: &str,
        params: Option<&RawValue>,
    ) {
        if method == n::Cancel::METHOD {
            return self.cancel(params);
        }
        if self.phase != Phase::Initialized {
            return;
        }
        let Some(Route::Notification(handle)) = router.routes.get(method) else {
            return; // unknown notifications (`$/setTrace`, ...) are optional
        };
        if let Err(e) = handle(state, params) {
            client::log(
                MessageType::WARNING,
                format!("agent-ls: {method} not handled: {}", e.message),
            );
        }
    }

    /// Stops the task answering a request, and answers it as cancelled; a request already answered
    /// (or unknown) is left alone.
    fn cancel(&mut self, params: Option<&RawValue>) {
        let Ok(p) = jsonrpc::params::<ls_types::CancelParams>(params) else {
            return;
        };
        let id = match p.id {
            ls_types::NumberOrString::Number(n) => Id::Number(n.into()),
            ls_types::NumberOrString::String(s) => Id::String(s),
        };
        if let Some(task) = self.running.remove(&id)
            && !task.is_finished()
        {
            task.abort();
            jsonrpc::respond::<()>(&id, Err(Error::request_cancelled()));
        }
    }
}

/// Settles what the client and the server use (answered once; a second `initialize` is refused).
fn initialize(state: &State, params: &ls_types::InitializeParams) -> InitializeResult {
    let negotiated = caps::Negotiated::from_params(params);
    let capabilities = caps::server_capabilities(negotiated.encoding);
    let _ = state.negotiated.set(negotiated);
    InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "agent-ls".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    }
}

/// A future whose panic is caught (and becomes the request's internal error) instead of ending
/// the task without an answer.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(out)) => Poll::Ready(Ok(out)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}
