//! `didChange`, and the requests whose handlers need no waiting, handled as they are read, ahead
//! of the framework, when nothing else is under way.
//!
//! tower-lsp-server decodes every message into a JSON tree, then into its parameters, and runs
//! its handler as a task among the others; for the notification a client sends on every
//! keystroke, that was a fifth of the server's time. When no message handed to the framework is
//! still being handled (so no edit or request can be overtaken: [`Counted`] counts them) and what
//! the diagnostics need is at hand without waiting (the document open, its configuration
//! already looked up, the publishing lock free), the reader decodes the `didChange` itself and
//! does what [`super::sync::did_change`] does: apply, update the index, publish. A request in
//! [`request`]'s table (go to definition, symbols, folding, semantic tokens, links, code actions)
//! is answered the same way, by the handler the framework would call. Otherwise the message goes
//! on to the framework as before.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use serde::Deserialize;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;

use super::{SHUTDOWN_REQUESTED, State, sync};
use crate::framing;

/// One message (or one piece of work started by one) still under way while it lives.
pub(super) struct Busy(Arc<AtomicUsize>);

impl Busy {
    pub(super) fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Busy(count.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The framework's service, counting the messages it was handed and has not finished.
pub(super) struct Counted<S> {
    pub inner: S,
    pub busy: Arc<AtomicUsize>,
}

type Boxed<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, R> tower_service::Service<R> for Counted<S>
where
    S: tower_service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Boxed<Result<S::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let busy = Busy::new(&self.busy);
        let fut = self.inner.call(req);
        Box::pin(async move {
            let out = fut.await;
            drop(busy);
            out
        })
    }
}

/// A well-formed `didChange` notification (the frame is not classified before it is read as one).
#[derive(Deserialize)]
struct Notification {
    jsonrpc: String,
    method: String,
    #[serde(default)]
    id: framing::Present,
    params: DidChangeTextDocumentParams,
}

/// Handles the frame `body` if it is a `didChange` that can be handled now (see the module).
pub(super) fn did_change(state: &Arc<State>, body: &[u8]) -> bool {
    const METHOD: &str = "textDocument/didChange";
    if memchr::memmem::find(body, METHOD.as_bytes()).is_none() || !ready(state) {
        return false;
    }
    let Ok(note) = serde_json::from_slice::<Notification>(body) else {
        return false;
    };
    if note.jsonrpc != "2.0" || note.method != METHOD || note.id.0 {
        return false;
    }
    let uri = note.params.text_document.uri;
    // not open: the framework says so to the client
    let Some(path) = state.docs.get(&uri).map(|d| d.path.clone()) else {
        return false;
    };
    let config = match path.filter(|p| p.is_absolute()) {
        None => None,
        Some(p) => match state.configs().cached(&p) {
            Some(c) => c,
            None => return false,
        },
    };
    let Ok(publishing) = state.publish.try_lock() else {
        return false;
    };
    let changes = sync::changes_of(note.params.content_changes);
    let Some(edited) = sync::edit(state, &uri, note.params.text_document.version, &changes) else {
        return false;
    };
    if !edited.applied {
        log(MessageType::ERROR, sync::APPLY_FAILED.into());
    }
    match sync::diagnostics_of(state, &uri, config.as_deref()) {
        Some((version, Ok(diagnostics))) => {
            sync::send_diagnostics(uri.clone(), diagnostics, Some(version))
        }
        Some((_, Err(e))) => log(MessageType::ERROR, format!("agent-ls: {}", e.message)),
        None => {}
    }
    drop(publishing);
    // the index changed: the other open documents after this one, as a task of their own (none
    // when this is the only one open)
    if edited.others && state.docs.len() > 1 {
        let busy = Busy::new(&state.busy);
        let state = state.clone();
        tokio::spawn(async move {
            sync::refresh_others(&state, &uri).await;
            drop(busy);
        });
    }
    true
}

/// Whether a message may be handled here: the framework has nothing under way, the session is
/// initialized and no shutdown was asked for.
fn ready(state: &State) -> bool {
    state.busy.load(Ordering::SeqCst) == 0
        && state.negotiated.get().is_some()
        && !SHUTDOWN_REQUESTED.load(Ordering::SeqCst)
}

/// Answers the frame `body` if it is a request of a method in the table below and can be
/// answered now (see the module); `false` hands it on to the framework.
pub(super) fn request(state: &Arc<State>, body: &[u8]) -> bool {
    use super::{features, navigation};
    if !ready(state) {
        return false;
    }
    // the handlers the framework calls for these methods (see `Backend`)
    type Handler = fn(&State, &[u8], &str) -> bool;
    const TABLE: &[(&str, Handler)] = &[
        ("textDocument/definition", |s, b, m| {
            answer(s, b, m, navigation::definition)
        }),
        ("textDocument/documentSymbol", |s, b, m| {
            answer(s, b, m, features::document_symbol)
        }),
        ("textDocument/foldingRange", |s, b, m| {
            answer(s, b, m, features::folding_range)
        }),
        ("textDocument/semanticTokens/full", |s, b, m| {
            answer(s, b, m, features::semantic_tokens_full)
        }),
        ("textDocument/semanticTokens/range", |s, b, m| {
            answer(s, b, m, features::semantic_tokens_range)
        }),
        ("textDocument/documentLink", |s, b, m| {
            answer(s, b, m, features::document_link)
        }),
        ("textDocument/codeAction", |s, b, m| {
            answer(s, b, m, features::code_action)
        }),
        ("workspace/symbol", |s, b, m| {
            answer(s, b, m, navigation::workspace_symbols)
        }),
    ];
    // the first method named in the frame; `answer` checks it is the request's
    TABLE
        .iter()
        .find(|(method, _)| memchr::memmem::find(body, method.as_bytes()).is_some())
        .is_some_and(|(method, handle)| handle(state, body, method))
}

/// Decodes `body` as a request of `method` with parameters `P`, runs `handle` and writes its
/// answer; `false` (nothing written) when the frame is not such a request.
fn answer<P, R>(
    state: &State,
    body: &[u8],
    method: &str,
    handle: fn(&State, P) -> jsonrpc::Result<R>,
) -> bool
where
    P: serde::de::DeserializeOwned,
    R: serde::Serialize,
{
    #[derive(Deserialize)]
    struct Request<P> {
        jsonrpc: String,
        method: String,
        id: Option<jsonrpc::Id>,
        params: P,
    }
    #[derive(serde::Serialize)]
    struct Answer<'a, R> {
        jsonrpc: &'static str,
        id: &'a jsonrpc::Id,
        result: R,
    }
    #[derive(serde::Serialize)]
    struct Refusal<'a> {
        jsonrpc: &'static str,
        id: &'a jsonrpc::Id,
        error: jsonrpc::Error,
    }
    let Ok(req) = serde_json::from_slice::<Request<P>>(body) else {
        return false;
    };
    let Some(id) = req
        .id
        .filter(|_| req.jsonrpc == "2.0" && req.method == method)
    else {
        return false;
    };
    let refusal = |error| {
        serde_json::to_vec(&Refusal {
            jsonrpc: "2.0",
            id: &id,
            error,
        })
    };
    // a panic in the handler is this request's internal error, as in the framework
    let bytes = match super::guard(|| handle(state, req.params)).and_then(|r| r) {
        Ok(result) => serde_json::to_vec(&Answer {
            jsonrpc: "2.0",
            id: &id,
            result,
        })
        .or_else(|_| refusal(jsonrpc::Error::internal_error())),
        Err(error) => refusal(error),
    };
    if let Ok(bytes) = bytes {
        let _ = framing::write_message(&bytes);
    }
    true
}

fn log(typ: MessageType, message: String) {
    let _ = framing::notify("window/logMessage", &LogMessageParams { typ, message });
}
