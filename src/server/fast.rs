//! `didChange` handled as it is read, ahead of the framework, when nothing else is under way.
//!
//! tower-lsp-server decodes every message into a JSON tree, then into its parameters, and runs
//! its handler as a task among the others; for the notification a client sends on every
//! keystroke, that was a fifth of the server's time. When no message handed to the framework is
//! still being handled (so no edit or request can be overtaken: [`Counted`] counts them) and what
//! the diagnostics need is at hand without waiting (the document open, its configuration
//! already looked up, the publishing lock free), the reader decodes the `didChange` itself and
//! does what [`super::sync::did_change`] does: apply, update the index, publish. Otherwise the
//! message goes on to the framework as before.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use serde::Deserialize;
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
    if memchr::memmem::find(body, METHOD.as_bytes()).is_none()
        || state.busy.load(Ordering::SeqCst) != 0
        || state.negotiated.get().is_none()
        || SHUTDOWN_REQUESTED.load(Ordering::SeqCst)
    {
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

fn log(typ: MessageType, message: String) {
    let _ = framing::notify("window/logMessage", &LogMessageParams { typ, message });
}
