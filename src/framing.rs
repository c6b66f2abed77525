//! A guard between stdin and the LSP framework.
//!
//! tower-lsp-server stops reading its input after the first frame it cannot decode (malformed
//! JSON, a wrong `Content-Length`, bytes that are not UTF-8): one bad message from a client would
//! end the session. This guard reads the raw byte stream itself, re-synchronises on the next
//! `Content-Length` header after garbage, and hands the framework only frames it can decode. A
//! broken frame is replaced by a request to one of the methods below, which the server answers with
//! the JSON-RPC error the specification gives (`-32700` parse error, `-32600` invalid request),
//! so the client gets its answer and the session goes on.
//!
//! The way out is here too: every frame, the framework's and the diagnostics the server
//! publishes itself ([`notify`]), goes to stdout in one write under one lock ([`write_stdout`]).

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use std::io::{Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Answered with a parse error (`-32700`).
pub const PARSE_ERROR_METHOD: &str = "agent-ls/parseError";
/// Answered with an invalid-request error (`-32600`).
pub const INVALID_REQUEST_METHOD: &str = "agent-ls/invalidRequest";

/// A frame larger than this is refused (and skipped) rather than buffered.
pub const MAX_FRAME: usize = 512 * 1024 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A decodable message: pass its body on as is.
    Message(Vec<u8>),
    /// Not JSON, or not UTF-8.
    ParseError,
    /// JSON, but not a JSON-RPC message.
    InvalidRequest,
}

/// Whether a field is present at all (even as `null`), without keeping its value.
#[derive(Default)]
pub(crate) struct Present(pub bool);

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d)?;
        Ok(Present(true))
    }
}

#[derive(Deserialize)]
struct Probe {
    jsonrpc: Option<String>,
    method: Option<serde_json::Value>,
    id: Option<serde_json::Value>,
    #[serde(default)]
    result: Present,
    error: Option<serde_json::Value>,
}

fn valid_id(id: &serde_json::Value) -> bool {
    id.is_null() || id.is_string() || id.is_i64() || id.is_u64()
}

/// Classifies one frame body.
pub fn classify(body: &[u8]) -> Frame {
    if std::str::from_utf8(body).is_err() {
        return Frame::ParseError;
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Frame::ParseError;
    }
    let probe: Probe = match serde_json::from_slice(body) {
        Ok(p) => p,
        Err(e) if e.is_data() => return Frame::InvalidRequest,
        Err(_) => return Frame::ParseError,
    };
    if probe.jsonrpc.as_deref() != Some("2.0") {
        return Frame::InvalidRequest;
    }
    let id_ok = probe.id.as_ref().is_none_or(valid_id);
    let ok = match &probe.method {
        Some(m) => m.is_string() && id_ok,
        None => {
            probe.id.is_some()
                && id_ok
                && (probe.result.0
                    != probe.error.as_ref().is_some_and(|e| {
                        e.get("code").is_some_and(|c| c.is_i64())
                            && e.get("message").is_some_and(|m| m.is_string())
                    }))
        }
    };
    if ok {
        Frame::Message(body.to_vec())
    } else {
        Frame::InvalidRequest
    }
}

/// A frame as split: its body, or a header that cannot be read (or a body too large).
enum Raw {
    Body(Vec<u8>),
    Broken,
}

/// Incremental frame splitter over a byte stream.
#[derive(Default)]
pub struct Splitter {
    buf: Vec<u8>,
    /// Bytes of a refused oversized body still to skip.
    skip: usize,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl Splitter {
    pub fn push(&mut self, bytes: &[u8]) {
        if self.skip > 0 {
            let n = self.skip.min(bytes.len());
            self.skip -= n;
            self.buf.extend_from_slice(&bytes[n..]);
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// The next complete frame, if the buffer holds one.
    pub fn next_frame(&mut self) -> Option<Frame> {
        self.next_raw().map(|raw| match raw {
            Raw::Body(body) => classify(&body),
            Raw::Broken => Frame::ParseError,
        })
    }

    /// The next complete frame, its body not yet classified.
    fn next_raw(&mut self) -> Option<Raw> {
        if self.skip > 0 {
            let n = self.skip.min(self.buf.len());
            self.buf.drain(..n);
            self.skip -= n;
            if self.skip > 0 {
                return None;
            }
        }
        let Some(header_end) = find(&self.buf, b"\r\n\r\n") else {
            // drop garbage that can never start a header, keep a possible partial one
            if let Some(p) = find(&self.buf, b"Content-Length") {
                self.buf.drain(..p);
            } else if self.buf.len() > 64 {
                let keep = self.buf.len() - 16;
                self.buf.drain(..keep);
            }
            return None;
        };
        let header = String::from_utf8_lossy(&self.buf[..header_end]).into_owned();
        let mut len = None;
        let mut bad = false;
        for line in header.split("\r\n") {
            let Some((name, value)) = line.split_once(':') else {
                bad = true;
                continue;
            };
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(n) => len = Some(n),
                    Err(_) => bad = true,
                }
            }
        }
        let body_start = header_end + 4;
        match len {
            Some(n) if !bad && n <= MAX_FRAME => {
                if self.buf.len() < body_start + n {
                    return None;
                }
                let body: Vec<u8> = self.buf[body_start..body_start + n].to_vec();
                self.buf.drain(..body_start + n);
                Some(Raw::Body(body))
            }
            Some(n) if !bad => {
                // too large: skip it, answer with an error
                let have = self.buf.len() - body_start;
                self.buf.clear();
                self.skip = n.saturating_sub(have);
                Some(Raw::Broken)
            }
            _ => {
                // a broken header: resync at the next `Content-Length` after it
                let rest = &self.buf[1..];
                let next = find(rest, b"Content-Length").map(|p| p + 1);
                match next {
                    Some(p) => {
                        self.buf.drain(..p);
                    }
                    None => self.buf.clear(),
                }
                Some(Raw::Broken)
            }
        }
    }
}

fn encode(frame: Frame) -> Vec<u8> {
    let body = match frame {
        Frame::Message(b) => b,
        Frame::ParseError => {
            format!(r#"{{"jsonrpc":"2.0","id":null,"method":"{PARSE_ERROR_METHOD}"}}"#).into_bytes()
        }
        Frame::InvalidRequest => {
            format!(r#"{{"jsonrpc":"2.0","id":null,"method":"{INVALID_REQUEST_METHOD}"}}"#)
                .into_bytes()
        }
    };
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// The server's input: stdin read directly by the runtime (non-blocking, through epoll) where
/// that works, else by a dedicated thread.
pub enum Input {
    #[cfg(unix)]
    Direct(DirectStdin),
    Threaded(ChannelReader),
}

pub fn input() -> Input {
    input_with(None)
}

/// Looks at the body of each frame as it is read, before it is classified and before the
/// framework sees it: `true` means it was a well-formed message, and handled (the framework never
/// sees it). It is asked only when every frame before it has been handed over.
pub type Intercept = Box<dyn FnMut(&[u8]) -> bool + Send>;

/// [`input`], asking `intercept` about each frame where stdin is read directly.
pub fn input_with(intercept: Option<Intercept>) -> Input {
    #[cfg(unix)]
    if let Some(mut d) = DirectStdin::new() {
        d.intercept = intercept;
        return Input::Direct(d);
    }
    let _ = intercept;
    Input::Threaded(stdin())
}

impl AsyncRead for Input {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            #[cfg(unix)]
            Input::Direct(d) => Pin::new(d).poll_read(cx, out),
            Input::Threaded(t) => Pin::new(t).poll_read(cx, out),
        }
    }
}

/// Stdin as a non-blocking file descriptor registered with the runtime: no thread hand-off per
/// message. Frames are split and repaired as they arrive.
#[cfg(unix)]
pub struct DirectStdin {
    fd: tokio::io::unix::AsyncFd<std::os::fd::RawFd>,
    splitter: Splitter,
    pending: Vec<u8>,
    pos: usize,
    eof: bool,
    /// The read buffer, allocated once (zeroing 64 KiB on every read was most of the cost of a
    /// keystroke).
    chunk: Box<[u8]>,
    intercept: Option<Intercept>,
}

#[cfg(unix)]
impl DirectStdin {
    fn new() -> Option<Self> {
        let fd: std::os::fd::RawFd = 0;
        // SAFETY: fcntl on the process's own stdin descriptor, with valid flags.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if flags < 0 {
            return None;
        }
        // SAFETY: as above.
        if unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
            return None;
        }
        // SAFETY: descriptor 0 stays open, and refers to the same description, for the whole
        // life of the process, so for the whole life of the registration.
        let registered = unsafe {
            tokio::io::unix::AsyncFd::register_with_interest(fd, tokio::io::Interest::READABLE)
        };
        match registered {
            Ok(fd) => Some(DirectStdin {
                fd,
                splitter: Splitter::default(),
                pending: Vec::new(),
                pos: 0,
                eof: false,
                chunk: vec![0u8; 64 * 1024].into_boxed_slice(),
                intercept: None,
            }),
            Err(_) => {
                // not pollable (a regular file): back to blocking reads on a thread
                // SAFETY: restores the flags read above.
                unsafe { libc::fcntl(fd, libc::F_SETFL, flags) };
                None
            }
        }
    }
}

#[cfg(unix)]
impl AsyncRead for DirectStdin {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let me = self.get_mut();
        loop {
            if me.pos < me.pending.len() {
                let n = out.remaining().min(me.pending.len() - me.pos);
                out.put_slice(&me.pending[me.pos..me.pos + n]);
                me.pos += n;
                if me.pos == me.pending.len() {
                    me.pending.clear();
                    me.pos = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if me.eof {
                return Poll::Ready(Ok(()));
            }
            let mut guard = match me.fd.poll_read_ready(cx) {
                Poll::Ready(Ok(g)) => g,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            };
            let chunk = &mut me.chunk;
            let res = guard.try_io(|fd| {
                // SAFETY: reads into a buffer we own, of the length we pass.
                let n =
                    unsafe { libc::read(*fd.get_ref(), chunk.as_mut_ptr().cast(), chunk.len()) };
                if n < 0 {
                    Err(std::io::Error::last_os_error())
                } else {
                    Ok(n as usize)
                }
            });
            match res {
                Ok(Ok(0)) => me.eof = true,
                Ok(Ok(n)) => {
                    me.splitter.push(&me.chunk[..n]);
                    while let Some(raw) = me.splitter.next_raw() {
                        let frame = match raw {
                            // only when the framework has every frame before this one
                            Raw::Body(body)
                                if me.pending.is_empty()
                                    && me.intercept.as_mut().is_some_and(|f| f(&body)) =>
                            {
                                continue;
                            }
                            Raw::Body(body) => classify(&body),
                            Raw::Broken => Frame::ParseError,
                        };
                        me.pending.extend_from_slice(&encode(frame));
                    }
                }
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Ok(Err(e)) => return Poll::Ready(Err(e)),
                Err(_would_block) => {}
            }
        }
    }
}

/// Writes one message to stdout, header and body in a single write (see [`write_stdout`]):
/// messages written here and the framework's (see [`Output`]) never interleave.
pub fn write_message(body: &[u8]) -> std::io::Result<()> {
    let mut frame = Vec::with_capacity(body.len() + 32);
    write!(frame, "Content-Length: {}\r\n\r\n", body.len())?;
    frame.extend_from_slice(body);
    write_stdout(&frame)
}

/// Writes whole frames to the process's stdout in one system call where the pipe takes them
/// (std's stdout is line-buffered: it wrote a frame's header and its body in two calls, two
/// wake-ups of the client), under a lock so that frames never interleave. A descriptor left
/// non-blocking (shared with stdin, which [`DirectStdin`] makes non-blocking) is waited on
/// rather than failed.
#[cfg(unix)]
pub fn write_stdout(mut bytes: &[u8]) -> std::io::Result<()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    while !bytes.is_empty() {
        // SAFETY: writes from a buffer we borrow, of the length we pass, to descriptor 1.
        let n = unsafe { libc::write(1, bytes.as_ptr().cast(), bytes.len()) };
        if n >= 0 {
            bytes = &bytes[n as usize..];
            continue;
        }
        let e = std::io::Error::last_os_error();
        match e.kind() {
            std::io::ErrorKind::Interrupted => {}
            std::io::ErrorKind::WouldBlock => {
                let mut fd = libc::pollfd {
                    fd: 1,
                    events: libc::POLLOUT,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, waited on without a timeout.
                unsafe { libc::poll(&mut fd, 1, -1) };
            }
            _ => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|_| out.flush())
}

/// Sends a notification straight to the client: serialised once, from the typed parameters, and
/// written at once (the framework's client first builds a JSON tree of the parameters and hands
/// the message to another task; for the diagnostics of every keystroke that was most of the cost
/// of publishing).
pub fn notify<P: serde::Serialize>(method: &str, params: &P) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })?;
    write_message(&body)
}

/// Stdout written in place: a message is written and flushed when the framework flushes.
pub struct Output {
    buf: Vec<u8>,
}

pub fn output() -> Output {
    Output { buf: Vec::new() }
}

impl AsyncWrite for Output {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.get_mut().buf.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let me = self.get_mut();
        if me.buf.is_empty() {
            return Poll::Ready(Ok(()));
        }
        let r = write_stdout(&me.buf);
        me.buf.clear();
        Poll::Ready(r)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.poll_flush(cx)
    }
}

/// Stdin, read by a dedicated thread with plain blocking reads, split into frames and repaired
/// there, and handed to the async side through a channel. (Tokio's own stdin goes through the
/// blocking thread pool on every read, which costs a thread hand-off per message.)
pub fn stdin() -> ChannelReader {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut input = std::io::stdin().lock();
        let mut splitter = Splitter::default();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match input.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            splitter.push(&chunk[..n]);
            while let Some(frame) = splitter.next_frame() {
                if tx.send(encode(frame)).is_err() {
                    return;
                }
            }
        }
    });
    ChannelReader {
        rx,
        buf: Vec::new(),
        pos: 0,
    }
}

/// The async end of [`stdin`].
pub struct ChannelReader {
    rx: tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>,
    buf: Vec<u8>,
    pos: usize,
}

impl AsyncRead for ChannelReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.pos >= self.buf.len() {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(bytes)) => {
                    self.buf = bytes;
                    self.pos = 0;
                }
                // end of input
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = out.remaining().min(self.buf.len() - self.pos);
        let start = self.pos;
        out.put_slice(&self.buf[start..start + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut s = Splitter::default();
        s.push(input);
        std::iter::from_fn(|| s.next_frame()).collect()
    }

    #[test]
    fn passes_messages_and_flags_broken_ones() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#;
        let mut input = format!("Content-Length: {}\r\n\r\n", ok.len()).into_bytes();
        input.extend_from_slice(ok);
        input.extend_from_slice(b"Content-Length: 3\r\n\r\n{x}");
        input.extend_from_slice(b"Content-Length: 9\r\n\r\n[1, 2, 3]");
        input.extend_from_slice(b"garbage\r\n\r\n");
        input.extend_from_slice(&format!("Content-Length: {}\r\n\r\n", ok.len()).into_bytes());
        input.extend_from_slice(ok);
        let f = frames(&input);
        assert_eq!(
            f,
            [
                Frame::Message(ok.to_vec()),
                Frame::ParseError,
                Frame::InvalidRequest,
                Frame::ParseError,
                Frame::Message(ok.to_vec()),
            ]
        );
    }

    #[test]
    fn waits_for_partial_frames() {
        let mut s = Splitter::default();
        s.push(b"Content-Len");
        assert_eq!(s.next_frame(), None);
        s.push(b"gth: 2\r\n\r\n{");
        assert_eq!(s.next_frame(), None);
        s.push(b"}");
        assert_eq!(s.next_frame(), Some(Frame::InvalidRequest));
    }

    #[test]
    fn responses_and_notifications_are_messages() {
        assert!(matches!(
            classify(br#"{"jsonrpc":"2.0","id":3,"result":null}"#),
            Frame::Message(_)
        ));
        assert!(matches!(
            classify(br#"{"jsonrpc":"2.0","method":"exit"}"#),
            Frame::Message(_)
        ));
        assert_eq!(
            classify(br#"{"jsonrpc":"2.0","method":5}"#),
            Frame::InvalidRequest
        );
        assert_eq!(
            classify(br#"{"jsonrpc":"1.0","method":"x"}"#),
            Frame::InvalidRequest
        );
        assert_eq!(classify(b"\xff\xfe"), Frame::ParseError);
    }
}
