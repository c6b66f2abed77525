//! The stdio transport: frames split from stdin, and written whole to stdout.
//!
//! Stdin is read here as a byte stream and split into frames at their `Content-Length` headers.
//! A broken header re-synchronises on the next `Content-Length` after it, so one bad message from
//! a client never ends the session: the server answers it with the JSON-RPC error and reads on.
//! Every frame the server writes goes to stdout in one write under one lock ([`write_stdout`]).

use std::io::{Read, Write};

/// A frame larger than this is refused (and skipped) rather than buffered.
pub const MAX_FRAME: usize = 512 * 1024 * 1024;

/// A frame as split: its body, or a header that cannot be read (or a body too large), which is
/// answered as a parse error.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
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
                Some(Frame::Body(body))
            }
            Some(n) if !bad => {
                // too large: skip it, answer with an error
                let have = self.buf.len() - body_start;
                self.buf.clear();
                self.skip = n.saturating_sub(have);
                Some(Frame::Broken)
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
                Some(Frame::Broken)
            }
        }
    }
}

/// The server's input: stdin read directly by the runtime (non-blocking, through epoll) where
/// that works, else by a dedicated thread.
pub enum Input {
    #[cfg(unix)]
    Direct(DirectStdin),
    Threaded(tokio::sync::mpsc::UnboundedReceiver<Frame>),
}

pub fn input() -> Input {
    #[cfg(unix)]
    if let Some(d) = DirectStdin::new() {
        return Input::Direct(d);
    }
    Input::Threaded(stdin())
}

impl Input {
    /// The next frame; `None` at the end of the input (or when it cannot be read).
    pub async fn next(&mut self) -> Option<Frame> {
        match self {
            #[cfg(unix)]
            Input::Direct(d) => d.next().await,
            Input::Threaded(rx) => rx.recv().await,
        }
    }
}

/// Stdin as a non-blocking file descriptor registered with the runtime: no thread hand-off per
/// message.
#[cfg(unix)]
pub struct DirectStdin {
    fd: tokio::io::unix::AsyncFd<std::os::fd::RawFd>,
    splitter: Splitter,
    eof: bool,
    /// The read buffer, allocated once (zeroing 64 KiB on every read was most of the cost of a
    /// keystroke).
    chunk: Box<[u8]>,
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
                eof: false,
                chunk: vec![0u8; 64 * 1024].into_boxed_slice(),
            }),
            Err(_) => {
                // not pollable (a regular file): back to blocking reads on a thread
                // SAFETY: restores the flags read above.
                unsafe { libc::fcntl(fd, libc::F_SETFL, flags) };
                None
            }
        }
    }

    async fn next(&mut self) -> Option<Frame> {
        loop {
            if let Some(frame) = self.splitter.next_frame() {
                return Some(frame);
            }
            if self.eof {
                return None;
            }
            let mut guard = self.fd.readable().await.ok()?;
            let chunk = &mut self.chunk;
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
                Ok(Ok(0)) => self.eof = true,
                Ok(Ok(n)) => self.splitter.push(&self.chunk[..n]),
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Ok(Err(_)) => self.eof = true,
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

/// Stdin, read by a dedicated thread with plain blocking reads and split into frames there,
/// handed to the async side through a channel. (Tokio's own stdin goes through the blocking
/// thread pool on every read, which costs a thread hand-off per message.)
fn stdin() -> tokio::sync::mpsc::UnboundedReceiver<Frame> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Frame>();
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
                if tx.send(frame).is_err() {
                    return;
                }
            }
        }
    });
    rx
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
                Frame::Body(ok.to_vec()),
                Frame::Body(b"{x}".to_vec()),
                Frame::Body(b"[1, 2, 3]".to_vec()),
                Frame::Broken,
                Frame::Body(ok.to_vec()),
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
        assert_eq!(s.next_frame(), Some(Frame::Body(b"{}".to_vec())));
    }
}
