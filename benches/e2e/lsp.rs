//! The client side of the harness: a language server driven over stdio like an editor drives
//! it, the edits of a typing trace, latency statistics, and the no-op floor server.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::wire::read_message;

/// How long a request or a keystroke may wait for its answer.
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    pub incremental: bool,
    next_id: i64,
    /// The `capabilities` of the `initialize` result.
    pub caps: Value,
    /// `serverInfo.name` of the `initialize` result.
    pub info_name: String,
    /// The `initialize` round trip.
    pub init_ms: f64,
    /// When `initialized` was sent.
    pub initialized_at: Instant,
}

impl Server {
    /// Spawns `cmd` in `root`, then `initialize` (with `root` as the workspace) and `initialized`.
    pub fn start(cmd: &str, root: &Path) -> Server {
        let mut parts = cmd.split_whitespace();
        let program = absolute(parts.next().expect("a command"));
        let mut child = Command::new(program)
            .args(parts)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd}: {e}"));
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            stdin,
            rx,
            incremental: false,
            next_id: 1,
            caps: Value::Null,
            info_name: String::new(),
            init_ms: f64::NAN,
            initialized_at: Instant::now(),
        };
        let root_uri = format!("file://{}", root.display());
        let t = Instant::now();
        let init = s.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root_uri,
                "workspaceFolders": [{ "uri": root_uri, "name": "bench" }],
                "capabilities": {
                    "workspace": {
                        "workspaceEdit": {
                            "documentChanges": true,
                            "resourceOperations": ["create", "rename", "delete"]
                        },
                        "symbol": {},
                        "workspaceFolders": true
                    },
                    "textDocument": {
                        "synchronization": { "didSave": true },
                        "completion": { "completionItem": { "snippetSupport": true, "documentationFormat": ["markdown"] } },
                        "hover": { "contentFormat": ["markdown"] },
                        "definition": {},
                        "rename": { "prepareSupport": true },
                        "publishDiagnostics": { "versionSupport": true }
                    }
                }
            }),
        );
        if init.get("result").is_some() {
            s.init_ms = t.elapsed().as_secs_f64() * 1000.0;
        }
        s.caps = init["result"]["capabilities"].clone();
        s.info_name = init["result"]["serverInfo"]["name"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let sync = &s.caps["textDocumentSync"];
        let kind = sync.get("change").unwrap_or(sync).as_i64().unwrap_or(1);
        s.incremental = kind == 2;
        s.notify("initialized", json!({}));
        s.initialized_at = Instant::now();
        s
    }

    /// The server advertised `provider` (`renameProvider`, ...) in its `initialize` result.
    pub fn supports(&self, provider: &str) -> bool {
        !matches!(&self.caps[provider], Value::Null | Value::Bool(false))
    }

    fn send(&mut self, msg: Value) {
        let frame = frame(&msg);
        self.send_frame(&frame);
    }

    /// Writes a message framed by [`frame`] beforehand (so that a measurement that starts here
    /// does not count the harness's own JSON encoding, a full text's for full-sync servers).
    pub fn send_frame(&mut self, frame: &str) {
        let _ = self.stdin.write_all(frame.as_bytes());
        let _ = self.stdin.flush();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The response (with its `result` or `error`), or `Null` when none came within `TIMEOUT`.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
            .unwrap_or(Value::Null)
    }

    /// A request timed: its response and the round trip (`None` without a response).
    pub fn timed(&mut self, method: &str, params: Value) -> (Value, Option<Duration>) {
        let t = Instant::now();
        let r = self.request(method, params);
        let d = t.elapsed();
        let answered = r.get("result").is_some() || r.get("error").is_some();
        (r, answered.then_some(d))
    }

    pub fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        self.wait_for(pred, TIMEOUT)
    }

    /// The next message that satisfies `pred` (the others are dropped), answering the requests
    /// the server makes meanwhile.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool, timeout: Duration) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            // Poll the channel for a short while instead of sleeping in it: waking this thread
            // would add a thread hand-off to every measured round trip (the same for every
            // server). Each poll yields the CPU, so that on a machine with few cores the server
            // and the reader thread get it at once (a plain spin delayed them by its whole length
            // when other work was running). Longer waits (start-up, indexing) sleep.
            let spin_until = Instant::now() + Duration::from_millis(2);
            let m = loop {
                match self.rx.try_recv() {
                    Ok(m) => break Some(m),
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => return None,
                    Err(std::sync::mpsc::TryRecvError::Empty) if Instant::now() < spin_until => {
                        std::thread::yield_now();
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => break None,
                }
            };
            let m = match m {
                Some(m) => m,
                None => {
                    let left = deadline.checked_duration_since(Instant::now())?;
                    self.rx.recv_timeout(left).ok()?
                }
            };
            if m["method"] == "workspace/configuration"
                || m["method"] == "client/registerCapability"
                || m["method"] == "window/workDoneProgress/create"
            {
                // answer server requests so that servers that ask do not stall
                let result = if m["method"] == "workspace/configuration" {
                    let n = m["params"]["items"]
                        .as_array()
                        .map(|a| a.len())
                        .unwrap_or(1);
                    Value::Array(vec![Value::Null; n])
                } else {
                    Value::Null
                };
                let id = m["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                continue;
            }
            if pred(&m) {
                return Some(m);
            }
        }
    }

    /// Waits for diagnostics of `uri` at `version` (or the next ones, for servers that send no
    /// version).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Option<Vec<Value>> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && (m["params"]["version"].is_null() || m["params"]["version"] == version)
        })?;
        m["params"]["diagnostics"].as_array().cloned()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    pub fn peak_rss_kb(&self) -> u64 {
        proc_status(self.child.id(), "VmHWM:")
    }

    pub fn rss_kb(&self) -> u64 {
        proc_status(self.child.id(), "VmRSS:")
    }

    /// Stops the process (SIGSTOP) while other servers are measured, so that what it still does
    /// in the background runs in its own turn, not theirs.
    pub fn pause(&self) {
        self.signal(libc::SIGSTOP);
    }

    /// Lets a paused process run again (SIGCONT).
    pub fn resume(&self) {
        self.signal(libc::SIGCONT);
    }

    fn signal(&self, sig: libc::c_int) {
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: kill takes no pointers; the child is ours and not yet reaped
            unsafe {
                libc::kill(pid, sig);
            }
        }
    }

    pub fn stop(mut self) {
        self.resume();
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A message with its `Content-Length` header.
pub fn frame(msg: &Value) -> String {
    let body = msg.to_string();
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body)
}

/// A notification, framed.
pub fn notification(method: &str, params: Value) -> String {
    frame(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
}

pub fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A program named by a relative path keeps working after `current_dir`.
pub fn absolute(program: &str) -> PathBuf {
    if program.contains('/') {
        std::fs::canonicalize(program).unwrap_or_else(|_| PathBuf::from(program))
    } else {
        PathBuf::from(program)
    }
}

fn proc_status(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Applies one edit to `text` (ASCII positions) and returns the LSP change for the server.
pub fn edit(
    text: &mut String,
    incremental: bool,
    line: u32,
    ch: u32,
    insert: Option<char>,
) -> Value {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let at = line_start + ch as usize;
    let change = match insert {
        Some(c) => {
            text.insert(at, c);
            json!({ "range": { "start": { "line": line, "character": ch }, "end": { "line": line, "character": ch } }, "text": c.to_string() })
        }
        None => {
            text.remove(at);
            json!({ "range": { "start": { "line": line, "character": ch }, "end": { "line": line, "character": ch + 1 } }, "text": "" })
        }
    };
    if incremental {
        change
    } else {
        json!({ "text": text.clone() })
    }
}

/// After this many keystrokes in a row without diagnostics, a trace stops waiting (it still
/// sends the rest of its edits, unmeasured, so that the text stays in step).
pub const GIVE_UP_AFTER: usize = 3;

#[derive(Default, Clone)]
pub struct Stats {
    pub samples: Vec<f64>,
    pub timeouts: usize,
    /// Edits sent after the trace gave up waiting.
    pub unmeasured: usize,
}

impl Stats {
    pub fn push(&mut self, d: Option<Duration>) {
        match d {
            Some(d) => self.samples.push(d.as_secs_f64() * 1000.0),
            None => self.timeouts += 1,
        }
    }
    pub fn pct(&self, p: f64) -> f64 {
        let mut s = self.samples.clone();
        s.sort_by(|a, b| a.total_cmp(b));
        if s.is_empty() {
            return f64::NAN;
        }
        s[((s.len() - 1) as f64 * p).round() as usize]
    }
    pub fn median(&self) -> f64 {
        self.pct(0.5)
    }
    /// `timeout` when nothing came back, `n/a` when nothing was measured.
    pub fn fmt(&self, v: f64) -> String {
        if v.is_finite() {
            format!("{v:.3}")
        } else if self.timeouts > 0 {
            "timeout".into()
        } else {
            "n/a".into()
        }
    }
    pub fn row(&self) -> String {
        format!(
            "{} | {} | {} | {} | {}",
            self.fmt(self.median()),
            self.fmt(self.pct(0.9)),
            self.fmt(self.pct(0.99)),
            self.fmt(self.pct(1.0)),
            self.samples.len()
        )
    }
}

/// `--echo-server`: a language server that does no work at all. It answers `initialize`
/// (advertising rename, definition and workspace symbols), publishes empty diagnostics for every
/// `didOpen`/`didChange` and answers every other request with `null`: its latencies are the floor
/// that pipes and process wake-ups set on this machine, whatever a server computes.
///
/// With `--replay` it is the payload floor: for each `didOpen`/`didChange` it publishes, for that
/// file and version, the diagnostics agent-ls published (as written to the file a `bench/replay`
/// notification names, already serialised: writing them is all it does), so that its latencies
/// are what decoding the frames and writing the same answer cost, without the analysis.
pub fn echo_server() {
    let replay = std::env::args().any(|a| a == "--replay");
    // the workspace is the current folder: a file's key is its path below it
    let prefix = std::env::current_dir()
        .map(|d| format!("file://{}/", d.display()))
        .unwrap_or_default();
    let mut recorded: std::collections::HashMap<(String, i64), String> = Default::default();
    let stdin = std::io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let out = std::cell::RefCell::new(std::io::stdout().lock());
    let send = |v: Value| {
        let body = v.to_string();
        let mut out = out.borrow_mut();
        let _ = write!(out, "Content-Length: {}\r\n\r\n{}", body.len(), body);
        let _ = out.flush();
    };
    while let Some(m) = read_message(&mut input) {
        let method = m["method"].as_str().unwrap_or("");
        match method {
            "initialize" => send(json!({ "jsonrpc": "2.0", "id": m["id"], "result": {
                "capabilities": {
                    "textDocumentSync": 2,
                    "renameProvider": true,
                    "definitionProvider": true,
                    "workspaceSymbolProvider": true
                },
                "serverInfo": { "name": "floor" }
            } })),
            "bench/replay" if replay => {
                recorded = load_replay(m["params"]["path"].as_str().unwrap_or(""));
            }
            "textDocument/didOpen" | "textDocument/didChange" if replay => {
                let td = &m["params"]["textDocument"];
                let rel = td["uri"].as_str().unwrap_or("").strip_prefix(&prefix);
                let key = (
                    rel.unwrap_or("").to_string(),
                    td["version"].as_i64().unwrap_or(0),
                );
                let diagnostics = recorded.get(&key).map_or("[]", String::as_str);
                let body = format!(
                    r#"{{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{{"uri":{},"version":{},"diagnostics":{diagnostics}}}}}"#,
                    td["uri"], td["version"]
                );
                let mut out = out.borrow_mut();
                let _ = write!(out, "Content-Length: {}\r\n\r\n{}", body.len(), body);
                let _ = out.flush();
            }
            "textDocument/didOpen" | "textDocument/didChange" => {
                let td = &m["params"]["textDocument"];
                send(
                    json!({ "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": { "uri": td["uri"], "version": td["version"], "diagnostics": [] } }),
                )
            }
            "exit" => break,
            _ if m.get("id").is_some() && !method.is_empty() => {
                send(json!({ "jsonrpc": "2.0", "id": m["id"], "result": null }))
            }
            _ => {}
        }
    }
}

/// The diagnostics a run recorded (see [`Recording`]), by file (path below the workspace) and
/// version, each array already serialised.
fn load_replay(path: &str) -> std::collections::HashMap<(String, i64), String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| {
            (
                (
                    v["file"].as_str().unwrap_or("").to_string(),
                    v["version"].as_i64().unwrap_or(0),
                ),
                v["diagnostics"].to_string(),
            )
        })
        .collect()
}

/// What agent-ls published for one file, version by version, for the payload floor to replay.
#[derive(Default)]
pub struct Recording {
    /// (version, diagnostics).
    pub published: Vec<(i64, Value)>,
}

impl Recording {
    /// Writes the recording of `file` (its path below the workspace) where `path` says, and tells
    /// the payload floor `s` to replay it.
    pub fn hand_to(&self, file: &str, path: &Path, s: &mut Server) {
        let lines: String = self
            .published
            .iter()
            .map(|(v, d)| {
                format!(
                    "{}\n",
                    json!({ "file": file, "version": v, "diagnostics": d })
                )
            })
            .collect();
        std::fs::write(path, lines).expect("write the replay");
        s.notify(
            "bench/replay",
            json!({ "path": path.display().to_string() }),
        );
    }
}
