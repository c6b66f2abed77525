//! A minimal LSP client that drives the real `agent-ls` binary over stdio.
#![allow(dead_code)]

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub mod wire;
use wire::read_message;

pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The findings of `agent-ls check --format json ARGS... PATHS...`, with `HOME` set to `home`
/// when one is given.
pub fn check_json<P: AsRef<std::ffi::OsStr>>(
    paths: &[P],
    args: &[&str],
    home: Option<&std::path::Path>,
) -> Vec<Value> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agent-ls"));
    cmd.args(["check", "--format", "json"])
        .args(args)
        .args(paths);
    if let Some(home) = home {
        cmd.env("HOME", home);
    }
    let out = cmd.output().expect("run agent-ls check");
    serde_json::from_slice(&out.stdout).expect("check prints JSON")
}

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages received but not yet consumed (notifications, other responses).
    pub backlog: Vec<Value>,
}

/// Writes one framed message.
pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
}

impl Client {
    pub fn spawn() -> Client {
        Client::spawn_with(&[])
    }

    /// Spawns with extra environment variables (e.g. a fake `HOME`).
    pub fn spawn_with(env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn agent-ls");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            backlog: Vec::new(),
        }
    }

    /// Spawns and initializes with the given client capabilities.
    pub fn start(capabilities: Value) -> (Client, Value) {
        let mut c = Client::spawn();
        let result = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    pub fn start_default() -> Client {
        Client::start(json!({
            "textDocument": {
                "completion": { "completionItem": {
                    "snippetSupport": true,
                    "documentationFormat": ["markdown", "plaintext"],
                    "deprecatedSupport": true,
                    "tagSupport": { "valueSet": [1] }
                } },
                "hover": { "contentFormat": ["markdown", "plaintext"] },
                "publishDiagnostics": { "relatedInformation": true, "tagSupport": { "valueSet": [1, 2] } }
            }
        }))
        .0
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: Value) {
        self.send_raw(&frame(&msg.to_string()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its whole response message.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Sends a request and returns its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_raw(method, params);
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Waits for the first message matching `pred` (earlier ones stay in the backlog).
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        while let Some(m) = self.recv(deadline) {
            if pred(&m) {
                return m;
            }
            self.backlog.push(m);
        }
        panic!("timed out; backlog: {:#?}", self.backlog);
    }

    /// Waits for `publishDiagnostics` of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    pub fn completion(&mut self, uri: &str, line: u32, character: u32) -> Vec<Value> {
        let r = self.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        match r {
            Value::Array(a) => a,
            Value::Object(o) => o
                .get("items")
                .and_then(|i| i.as_array().cloned())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The folding ranges of `uri`, as (start line, end line).
    pub fn folds(&mut self, uri: &str) -> Vec<(u64, u64)> {
        let r = self.request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        );
        r.as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        (
                            f["startLine"].as_u64().unwrap_or(0),
                            f["endLine"].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
    }

    /// The exit code once the process has ended (`Some(None)` when killed by a signal).
    pub fn try_exit_code(&mut self) -> Option<Option<i32>> {
        self.child.try_wait().ok().flatten().map(|s| s.code())
    }

    /// shutdown + exit; returns the exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        let r = self.request_raw("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `file://` URI for a path under a fake project.
pub fn agent_uri(name: &str) -> String {
    format!("file:///project/.claude/agents/{name}")
}

/// The (line, character) of the `n`th occurrence of `needle` in `text`, in UTF-16 units.
pub fn find_pos(text: &str, needle: &str, n: usize) -> (u32, u32) {
    let at = text
        .match_indices(needle)
        .nth(n)
        .map(|(i, _)| i)
        .expect("needle present");
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map(|p| p + 1).unwrap_or(0);
    let ch = text[line_start..at].encode_utf16().count() as u32;
    (line, ch)
}

/// The range JSON of `needle`'s `n`th occurrence.
pub fn range_of(text: &str, needle: &str, n: usize) -> Value {
    let (l, c) = find_pos(text, needle, n);
    let end = c + needle.encode_utf16().count() as u32;
    json!({ "start": { "line": l, "character": c }, "end": { "line": l, "character": end } })
}

/// Diagnostics with the given code.
pub fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// Applies LSP `TextEdit`s (UTF-16 positions) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut resolved: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let off = |p: &Value| {
                utf16_offset(
                    text,
                    p["line"].as_u64().unwrap() as usize,
                    p["character"].as_u64().unwrap() as usize,
                )
            };
            (
                off(&r["start"]),
                off(&r["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    resolved.sort_by_key(|(a, b, _)| (*a, *b));
    let mut out = String::new();
    let mut at = 0;
    for (a, b, t) in resolved {
        out.push_str(&text[at..a]);
        out.push_str(&t);
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

fn utf16_offset(text: &str, line: usize, character: usize) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(p) => start += p + 1,
            None => return text.len(),
        }
    }
    let end = text[start..]
        .find(['\r', '\n'])
        .map(|p| start + p)
        .unwrap_or(text.len());
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

impl Client {
    /// Waits for the background index's log line and returns it.
    pub fn wait_indexed(&mut self) -> String {
        let log = self.wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("indexed")
        });
        log["params"]["message"].as_str().unwrap_or("").to_string()
    }

    /// `textDocument/codeAction` over `range` (line, char, line, char).
    pub fn code_actions(
        &mut self,
        uri: &str,
        range: (u32, u32, u32, u32),
        only: Option<&[&str]>,
    ) -> Vec<Value> {
        let (l1, c1, l2, c2) = range;
        let mut ctx = json!({ "diagnostics": [] });
        if let Some(o) = only {
            ctx["only"] = json!(o);
        }
        let r = self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } },
                "context": ctx
            }),
        );
        r.as_array().cloned().unwrap_or_default()
    }
}
