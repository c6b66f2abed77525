//! End-to-end benchmark: language servers driven over stdio like an editor drives them, and the
//! `check` command lines, side by side in one run. Run through `benches/run`, or:
//!
//!   cargo bench --bench e2e -- --server agent-ls=target/release/agent-ls \
//!       [--server agnix-lsp=PATH] [--check agent-ls=CMD...] [--out benches/RESULTS.md]
//!
//! For each server: start-up to first diagnostics, keystroke-to-diagnostics latency over a typing
//! trace (frontmatter, then body) on a 10 KB and a 1 MB agent file, completion and hover round
//! trips, peak RSS, and memory with 1,000 open agent files. For each `check` command: wall time
//! and peak RSS over a tree of 10,000 agent files generated from the corpus.

mod fixtures;

use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "../tests/common/wire.rs"]
mod wire;
use wire::read_message;

const TIMEOUT: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    incremental: bool,
    next_id: i64,
}

impl Server {
    fn start(cmd: &str, root: &Path) -> Server {
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
        };
        let root_uri = format!("file://{}", root.display());
        let init = s.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root_uri,
                "workspaceFolders": [{ "uri": root_uri, "name": "bench" }],
                "capabilities": {
                    "textDocument": {
                        "synchronization": { "didSave": true },
                        "completion": { "completionItem": { "snippetSupport": true, "documentationFormat": ["markdown"] } },
                        "hover": { "contentFormat": ["markdown"] },
                        "publishDiagnostics": { "versionSupport": true }
                    }
                }
            }),
        );
        let sync = &init["result"]["capabilities"]["textDocumentSync"];
        let kind = sync.get("change").unwrap_or(sync).as_i64().unwrap_or(1);
        s.incremental = kind == 2;
        s.notify("initialized", json!({}));
        s
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body);
        let _ = self.stdin.flush();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
            .unwrap_or(Value::Null)
    }

    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            // Spin on the channel for a short while instead of sleeping in it: waking this thread
            // would add a thread hand-off to every measured round trip (the same for every
            // server). Longer waits (start-up, indexing) sleep, so the spinning never competes
            // with a busy server for the CPU.
            let spin_until = Instant::now() + Duration::from_millis(2);
            let m = loop {
                match self.rx.try_recv() {
                    Ok(m) => break Some(m),
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => return None,
                    Err(std::sync::mpsc::TryRecvError::Empty) if Instant::now() < spin_until => {
                        std::hint::spin_loop();
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
    fn diagnostics(&mut self, uri: &str, version: i64) -> Option<Vec<Value>> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && (m["params"]["version"].is_null() || m["params"]["version"] == version)
        })?;
        m["params"]["diagnostics"].as_array().cloned()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    fn peak_rss_kb(&self) -> u64 {
        proc_status(self.child.id(), "VmHWM:")
    }

    fn rss_kb(&self) -> u64 {
        proc_status(self.child.id(), "VmRSS:")
    }

    fn stop(mut self) {
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

/// A program named by a relative path keeps working after `current_dir`.
fn absolute(program: &str) -> PathBuf {
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
fn edit(text: &mut String, incremental: bool, line: u32, ch: u32, insert: Option<char>) -> Value {
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

#[derive(Default, Clone)]
struct Stats {
    samples: Vec<f64>,
    timeouts: usize,
}

impl Stats {
    fn push(&mut self, d: Option<Duration>) {
        match d {
            Some(d) => self.samples.push(d.as_secs_f64() * 1000.0),
            None => self.timeouts += 1,
        }
    }
    fn pct(&self, p: f64) -> f64 {
        let mut s = self.samples.clone();
        s.sort_by(|a, b| a.total_cmp(b));
        if s.is_empty() {
            return f64::NAN;
        }
        s[((s.len() - 1) as f64 * p).round() as usize]
    }
    fn median(&self) -> f64 {
        self.pct(0.5)
    }
    fn row(&self) -> String {
        format!(
            "{:.3} | {:.3} | {:.3} | {:.3} | {}",
            self.median(),
            self.pct(0.9),
            self.pct(0.99),
            self.pct(1.0),
            self.samples.len()
        )
    }
}

struct ServerReport {
    name: String,
    startup_ms: f64,
    keystrokes: BTreeMap<String, Stats>,
    completion: Stats,
    hover: Stats,
    peak_rss_kb: u64,
    open_1000_rss_kb: u64,
    open_1000_text_kb: u64,
}

fn typing_trace(
    s: &mut Server,
    uri: &str,
    text: &mut String,
    version: &mut i64,
    at: (u32, u32),
    rounds: usize,
    stats: &mut Stats,
) {
    for _ in 0..rounds {
        for i in 0..10u32 {
            *version += 1;
            let change = edit(
                text,
                s.incremental,
                at.0,
                at.1 + i,
                Some((b'a' + i as u8) as char),
            );
            let t = Instant::now();
            s.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": *version }, "contentChanges": [change] }));
            stats.push(s.diagnostics(uri, *version).map(|_| t.elapsed()));
        }
        for i in (0..10u32).rev() {
            *version += 1;
            let change = edit(text, s.incremental, at.0, at.1 + i, None);
            let t = Instant::now();
            s.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": *version }, "contentChanges": [change] }));
            stats.push(s.diagnostics(uri, *version).map(|_| t.elapsed()));
        }
    }
}

fn bench_server(
    name: &str,
    cmd: &str,
    work: &Path,
    corpus: &[String],
    rounds: usize,
) -> ServerReport {
    let agents = work.join(".claude/agents");
    std::fs::create_dir_all(&agents).unwrap();
    let mut keystrokes = BTreeMap::new();
    let mut completion = Stats::default();
    let mut hover = Stats::default();
    let t0 = Instant::now();
    let mut s = Server::start(cmd, work);
    let sizes = fixtures::sizes();
    let mut startup_ms = f64::NAN;
    for (size, text) in sizes.iter().filter(|(n, _)| *n != "2KB") {
        let path = agents.join(format!("backend-architect-{size}.md"));
        std::fs::write(&path, text).unwrap();
        let uri = format!("file://{}", path.display());
        let mut text = text.clone();
        s.open(&uri, &text);
        let first = s.diagnostics(&uri, 1);
        if startup_ms.is_nan() {
            startup_ms = if first.is_some() {
                t0.elapsed().as_secs_f64() * 1000.0
            } else {
                f64::NAN
            };
        }
        let (fm, body) = fixtures::edit_points(&text);
        let mut version = 1;
        let mut st = Stats::default();
        typing_trace(&mut s, &uri, &mut text, &mut version, fm, rounds, &mut st);
        keystrokes.insert(format!("{size} frontmatter"), st);
        let mut st = Stats::default();
        typing_trace(&mut s, &uri, &mut text, &mut version, body, rounds, &mut st);
        keystrokes.insert(format!("{size} body"), st);
        let color_line = text
            .lines()
            .position(|l| l.starts_with("color:"))
            .unwrap_or(4);
        let model_line = text
            .lines()
            .position(|l| l.starts_with("model:"))
            .unwrap_or(3);
        for _ in 0..20 * rounds {
            let t = Instant::now();
            let r = s.request("textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": { "line": color_line, "character": 7 } }));
            completion.push(r.get("id").map(|_| t.elapsed()));
            let t = Instant::now();
            let r = s.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": { "line": model_line, "character": 8 } }));
            hover.push(r.get("id").map(|_| t.elapsed()));
        }
    }
    let peak_rss_kb = s.peak_rss_kb();
    s.stop();

    // memory with 1,000 open agent files
    let mut s = Server::start(cmd, work);
    let mut text_bytes = 0u64;
    for i in 0..1000 {
        let text = &corpus[i % corpus.len()];
        let path = agents.join(format!("open-{i}.md"));
        std::fs::write(&path, text).unwrap();
        let uri = format!("file://{}", path.display());
        s.open(&uri, text);
        text_bytes += text.len() as u64;
        let _ = s.diagnostics(&uri, 1);
    }
    std::thread::sleep(Duration::from_millis(200));
    let open_1000_rss_kb = s.rss_kb();
    s.stop();
    ServerReport {
        name: name.to_string(),
        startup_ms,
        keystrokes,
        completion,
        hover,
        peak_rss_kb,
        open_1000_rss_kb,
        open_1000_text_kb: text_bytes / 1024,
    }
}

struct CheckReport {
    name: String,
    wall_s: f64,
    peak_rss_kb: u64,
    files: usize,
}

fn bench_check(name: &str, cmd: &str, tree: &Path, files: usize) -> CheckReport {
    let mut parts: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
    if let Some(first) = parts.first_mut() {
        *first = absolute(first).display().to_string();
    }
    parts.push(tree.display().to_string());
    let stats = std::env::temp_dir().join(format!("agent-ls-bench-time-{}", std::process::id()));
    let t = Instant::now();
    let _ = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&stats)
        .args(&parts)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let wall_s = t.elapsed().as_secs_f64();
    let peak_rss_kb = std::fs::read_to_string(&stats)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0);
    CheckReport {
        name: name.to_string(),
        wall_s,
        peak_rss_kb,
        files,
    }
}

fn corpus_files() -> Vec<String> {
    let dir = Path::new(fixtures::SEED)
        .parent()
        .and_then(Path::parent)
        .expect("corpus");
    let mut out = Vec::new();
    for sub in ["seeds", "voltagent", "wshobson-agents"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(p) {
                out.push(t);
            }
        }
    }
    out
}

fn make_tree(root: &Path, corpus: &[String], n: usize) {
    let agents = root.join(".claude/agents");
    std::fs::create_dir_all(&agents).unwrap();
    for i in 0..n {
        std::fs::write(
            agents.join(format!("agent-{i:05}.md")),
            &corpus[i % corpus.len()],
        )
        .unwrap();
    }
}

fn criterion_estimates(root: &Path) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "new") {
                    let b: Option<Value> = std::fs::read_to_string(p.join("benchmark.json"))
                        .ok()
                        .and_then(|s| serde_json::from_str(&s).ok());
                    let est: Option<Value> = std::fs::read_to_string(p.join("estimates.json"))
                        .ok()
                        .and_then(|s| serde_json::from_str(&s).ok());
                    if let (Some(b), Some(est)) = (b, est) {
                        let id = b["full_id"].as_str().unwrap_or("?").to_string();
                        let ns = est["median"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
                        out.push((id, ns));
                    }
                } else {
                    stack.push(p);
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mem = proc_meminfo_gb();
    format!("{cpu}, {cores} cores, {mem:.0} GiB")
}

fn proc_meminfo_gb() -> f64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().next().and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0)
}

fn ratio(a: f64, b: f64) -> String {
    if a.is_finite() && b.is_finite() && a > 0.0 {
        format!("{:.1}x", b / a)
    } else {
        "n/a".into()
    }
}

/// `--echo-server`: a language server that does no work at all. It answers `initialize`,
/// publishes empty diagnostics for every `didOpen`/`didChange` and answers every other request
/// with `null`: its keystroke latency is the floor that pipes and process wake-ups set on this
/// machine, whatever a server computes.
fn echo_server() {
    let stdin = std::io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let mut out = std::io::stdout().lock();
    let mut send = |v: Value| {
        let body = v.to_string();
        let _ = write!(out, "Content-Length: {}\r\n\r\n{}", body.len(), body);
        let _ = out.flush();
    };
    while let Some(m) = read_message(&mut input) {
        let method = m["method"].as_str().unwrap_or("");
        match method {
            "initialize" => send(
                json!({ "jsonrpc": "2.0", "id": m["id"], "result": { "capabilities": { "textDocumentSync": 2 } } }),
            ),
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

fn main() {
    if std::env::args().any(|a| a == "--echo-server") {
        return echo_server();
    }
    let mut servers: Vec<(String, String)> = Vec::new();
    let mut checks: Vec<(String, String)> = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut rounds = 5;
    let mut files = 10_000;
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--server" | "--check" => {
                let v = it.next().expect("NAME=COMMAND");
                let (n, c) = v.split_once('=').expect("NAME=COMMAND");
                if a == "--server" {
                    servers.push((n.into(), c.into()))
                } else {
                    checks.push((n.into(), c.into()))
                }
            }
            "--out" => out = it.next().map(PathBuf::from),
            "--rounds" => rounds = it.next().and_then(|v| v.parse().ok()).unwrap_or(rounds),
            "--files" => files = it.next().and_then(|v| v.parse().ok()).unwrap_or(files),
            _ => {}
        }
    }
    if servers.is_empty() && checks.is_empty() {
        eprintln!("e2e: nothing to run (use benches/run, or --server NAME=CMD / --check NAME=CMD)");
        return;
    }
    if !servers.is_empty()
        && let Ok(me) = std::env::current_exe()
    {
        servers.push((
            "floor (no-op server)".into(),
            format!("{} --echo-server", me.display()),
        ));
    }
    let corpus = corpus_files();
    // outside the repository: the peer skips what .gitignore lists (target/)
    let work = std::env::temp_dir().join("agent-ls-bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();

    let mut reports = Vec::new();
    for (name, cmd) in &servers {
        eprintln!("e2e: server {name}");
        let dir = work.join(format!("server-{name}"));
        reports.push(bench_server(name, cmd, &dir, &corpus, rounds));
    }
    let tree = work.join("tree");
    if !checks.is_empty() {
        eprintln!("e2e: generating {files} agent files");
        make_tree(&tree, &corpus, files);
    }
    let mut check_reports = Vec::new();
    for (name, cmd) in &checks {
        eprintln!("e2e: check {name}");
        check_reports.push(bench_check(name, cmd, &tree, files));
    }

    let mut md = String::new();
    md.push_str("# Benchmark results\n\n");
    md.push_str(&format!(
        "Machine: {}. Written by `benches/run` (the e2e harness, `benches/e2e.rs`); ",
        machine()
    ));
    md.push_str(&format!("date: {}.\n\n", today()));
    md.push_str("All servers and commands ran in the same run, on the same files and the same typing trace. Ratios are the other tool's median over agent-ls's (higher is better for agent-ls).\n\n");
    md.push_str("## Keystroke to diagnostics (ms)\n\nFrom sending `didChange` until the matching `publishDiagnostics` arrives. Each trace types 10 characters and deletes them, ");
    md.push_str(&format!(
        "{rounds} times, in the frontmatter (description) and in the middle of the body.\n\n"
    ));
    md.push_str("| server | file, where | median | p90 | p99 | max | samples |\n|---|---|---|---|---|---|---|\n");
    for r in &reports {
        for (k, st) in &r.keystrokes {
            md.push_str(&format!("| {} | {k} | {} |\n", r.name, st.row()));
            if st.timeouts > 0 {
                md.push_str(&format!(
                    "| {} | {k}: {} keystrokes got no diagnostics within {}s | | | | | |\n",
                    r.name,
                    st.timeouts,
                    TIMEOUT.as_secs()
                ));
            }
        }
    }
    md.push_str("\n## Round trips and memory\n\n| server | start-up to first diagnostics (ms) | completion median (ms) | hover median (ms) | peak RSS (MB) | RSS with 1,000 open files (MB) | their text (MB) |\n|---|---|---|---|---|---|---|\n");
    for r in &reports {
        md.push_str(&format!(
            "| {} | {:.1} | {:.3} | {:.3} | {:.1} | {:.1} | {:.1} |\n",
            r.name,
            r.startup_ms,
            r.completion.median(),
            r.hover.median(),
            r.peak_rss_kb as f64 / 1024.0,
            r.open_1000_rss_kb as f64 / 1024.0,
            r.open_1000_text_kb as f64 / 1024.0
        ));
    }
    if !check_reports.is_empty() {
        md.push_str(&format!("\n## `check` over {files} agent files\n\n| command | wall time (s) | peak RSS (MB) |\n|---|---|---|\n"));
        for c in &check_reports {
            md.push_str(&format!(
                "| {} | {:.2} | {:.1} |\n",
                c.name,
                c.wall_s,
                c.peak_rss_kb as f64 / 1024.0
            ));
        }
    }

    // targets
    md.push_str("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    let ours = reports.iter().find(|r| r.name == "agent-ls");
    let peer = reports
        .iter()
        .find(|r| r.name != "agent-ls" && !r.name.starts_with("floor"));
    let floor = reports.iter().find(|r| r.name.starts_with("floor"));
    if let Some(o) = ours {
        let typ = |r: &ServerReport| {
            let mut all = Stats::default();
            for k in ["10KB frontmatter", "10KB body"] {
                if let Some(s) = r.keystrokes.get(k) {
                    all.samples.extend(&s.samples);
                }
            }
            all.median()
        };
        if let Some(p) = peer {
            let (a, b) = (typ(o), typ(p));
            md.push_str(&format!("| keystroke to diagnostics, 10 KB file: at least 10x faster than {} | {:.3} ms vs {:.3} ms: {} | {} |\n", p.name, a, b, ratio(a, b), yes(b / a >= 10.0)));
            if let Some(f) = floor {
                let fl = typ(f);
                md.push_str(&format!(
                    "| (the same trace against a server that does no work: {:.3} ms; above that floor agent-ls spends {:.3} ms and {} {:.3} ms, {}) | | |\n",
                    fl,
                    a - fl,
                    p.name,
                    b - fl,
                    ratio(a - fl, b - fl)
                ));
            }
        }
        let big = o
            .keystrokes
            .get("1MB body")
            .map(Stats::median)
            .unwrap_or(f64::NAN);
        let small = o
            .keystrokes
            .get("10KB body")
            .map(Stats::median)
            .unwrap_or(f64::NAN);
        let big_fm = o
            .keystrokes
            .get("1MB frontmatter")
            .map(Stats::median)
            .unwrap_or(f64::NAN);
        let small_fm = o
            .keystrokes
            .get("10KB frontmatter")
            .map(Stats::median)
            .unwrap_or(f64::NAN);
        md.push_str(&format!(
            "| 1 MB file: an edit costs less than 2x an edit on the 10 KB file | body {:.3} vs {:.3} ms ({:.2}x), frontmatter {:.3} vs {:.3} ms ({:.2}x) | {} |\n",
            big, small, big / small, big_fm, small_fm, big_fm / small_fm,
            yes(big / small < 2.0 && big_fm / small_fm < 2.0)
        ));
        if let Some(p) = peer {
            let pb = p
                .keystrokes
                .get("1MB body")
                .map(Stats::median)
                .unwrap_or(f64::NAN);
            let ps = p
                .keystrokes
                .get("10KB body")
                .map(Stats::median)
                .unwrap_or(f64::NAN);
            md.push_str(&format!(
                "| ({} for comparison: 1 MB {:.3} ms vs 10 KB {:.3} ms, {:.1}x) | | |\n",
                p.name,
                pb,
                ps,
                pb / ps
            ));
        }
        let limit_kb = 2 * o.open_1000_text_kb + 20 * 1024;
        md.push_str(&format!(
            "| memory with 1,000 open files under 2x their text + 20 MB | {:.1} MB (limit {:.1} MB) | {} |\n",
            o.open_1000_rss_kb as f64 / 1024.0,
            limit_kb as f64 / 1024.0,
            yes(o.open_1000_rss_kb <= limit_kb)
        ));
    }
    let our_check = check_reports.iter().find(|c| c.name == "agent-ls");
    let peer_check = check_reports.iter().find(|c| c.name != "agent-ls");
    if let (Some(o), Some(p)) = (our_check, peer_check) {
        md.push_str(&format!(
            "| `check` over {} files at least 20x faster than {} | {:.2} s vs {:.2} s: {} | {} |\n",
            o.files,
            p.name,
            o.wall_s,
            p.wall_s,
            ratio(o.wall_s, p.wall_s),
            yes(p.wall_s / o.wall_s >= 20.0)
        ));
    }

    let estimates =
        criterion_estimates(&Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion"));
    if !estimates.is_empty() {
        md.push_str("\n## In-process engine (criterion medians, `benches/engine.rs`)\n\n| benchmark | median |\n|---|---|\n");
        for (id, ns) in estimates {
            md.push_str(&format!("| {id} | {} |\n", human_ns(ns)));
        }
    }

    println!("{md}");
    if let Some(out) = out {
        std::fs::write(&out, &md).expect("write results");
        eprintln!("e2e: wrote {}", out.display());
    }
}

fn human_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "**no**" }
}

fn today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}
