//! What a user feels in the editor: start-up to first diagnostics, keystroke-to-diagnostics over
//! typing traces at every edit place of every file of the editor workspace, completion and hover
//! round trips, and memory with 1,000 open agent files.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::fixtures::{self, Fixture};
use crate::lsp::{GIVE_UP_AFTER, Recording, Server, Stats, edit, notification, uri_of};
use crate::report;

/// How many fresh processes the start-up figure is the median of.
pub const STARTS: usize = 21;

/// The typing traces of one (file, place).
pub struct Trace {
    /// `agent 10KB`, ...
    pub file: String,
    /// `body`, `description`, `import`, ...
    pub place: String,
    pub stats: Stats,
}

pub struct EditorReport {
    pub name: String,
    /// Start-up to first diagnostics of each start (`None`: no diagnostics).
    pub startups: Vec<Option<f64>>,
    pub traces: Vec<Trace>,
    /// Files on which the server published nothing after `didOpen` (not traced).
    pub silent: BTreeSet<String>,
    pub completion: Stats,
    pub hover: Stats,
    pub peak_rss_kb: u64,
    pub open_1000_rss_kb: u64,
    pub open_1000_text_kb: u64,
}

impl EditorReport {
    pub fn trace(&self, file: &str, place: &str) -> Option<&Stats> {
        self.traces
            .iter()
            .find(|t| t.file == file && t.place == place)
            .map(|t| &t.stats)
    }

    pub fn startup_median(&self) -> f64 {
        let mut s = Stats::default();
        for v in &self.startups {
            s.push(v.map(|ms| Duration::from_secs_f64(ms / 1000.0)));
        }
        s.median()
    }
}

/// Writes the editor workspace of each size under `work/SIZE/`; returns its fixtures.
pub fn write_workspaces(work: &Path) -> Vec<(std::path::PathBuf, Vec<Fixture>)> {
    let mut out = Vec::new();
    for (size, bytes) in fixtures::EDITOR_SIZES {
        let dir = work.join(size);
        let (files, imported) = fixtures::editor_workspace(size, bytes);
        for (rel, text) in files
            .iter()
            .map(|f| (&f.rel, &f.text))
            .chain(imported.iter().map(|(r, t)| (r, t)))
        {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        out.push((dir, files));
    }
    out
}

/// Types 10 characters at `at` then deletes them, `rounds` times, timing each keystroke until
/// the diagnostics of its version arrive; after [`GIVE_UP_AFTER`] keystrokes in a row without
/// any, the rest are sent unmeasured.
/// `rec`: where agent-ls's diagnostics of each version go, for the payload floor.
fn typing_trace(
    s: &mut Server,
    o: &mut Open,
    at: (u32, u32),
    rounds: usize,
    stats: &mut Stats,
    mut rec: Option<&mut Recording>,
) {
    let Open { uri, text, version } = o;
    let mut missed = 0;
    let mut key = |s: &mut Server, text: &mut String, ch: u32, c: Option<char>| {
        *version += 1;
        let change = edit(text, s.incremental, at.0, ch, c);
        let frame = notification(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": *version }, "contentChanges": [change] }),
        );
        let t = Instant::now();
        s.send_frame(&frame);
        if missed >= GIVE_UP_AFTER {
            stats.unmeasured += 1;
            return;
        }
        let published = s.diagnostics(uri, *version);
        let d = published.as_ref().map(|_| t.elapsed());
        if let (Some(r), Some(p)) = (rec.as_deref_mut(), published) {
            r.published.push((*version, serde_json::Value::Array(p)));
        }
        missed = if d.is_some() { 0 } else { missed + 1 };
        stats.push(d);
    };
    for _ in 0..rounds {
        for i in 0..10u32 {
            key(s, text, at.1 + i, Some((b'a' + i as u8) as char));
        }
        for i in (0..10u32).rev() {
            key(s, text, at.1 + i, None);
        }
    }
}

/// One open file on one server during a trace.
struct Open {
    uri: String,
    text: String,
    version: i64,
}

/// Every server side by side: each gets its own copy of the editor workspaces (`work/NAME/`),
/// all are started per workspace, and each place of each file is traced on every server in turn
/// (the others paused), so that the machine's drift over a run (other tenants, frequency) falls
/// on every server alike and the ratios between them hold. Start-ups are measured one process at
/// a time, the servers in turn; memory with 1,000 open files one server after the other.
pub fn bench_editors(
    servers: &[(String, String)],
    work: &Path,
    corpus: &[String],
    rounds: usize,
) -> Vec<EditorReport> {
    if servers.is_empty() {
        return Vec::new();
    }
    let dirs: Vec<_> = servers
        .iter()
        .map(|(name, _)| work.join(format!("server-{name}")))
        .collect();
    let spaces: Vec<_> = dirs.iter().map(|d| write_workspaces(d)).collect();
    let mut reports: Vec<EditorReport> = servers
        .iter()
        .map(|(name, _)| EditorReport {
            name: name.clone(),
            startups: Vec::new(),
            traces: Vec::new(),
            silent: BTreeSet::new(),
            completion: Stats::default(),
            hover: Stats::default(),
            peak_rss_kb: 0,
            open_1000_rss_kb: 0,
            open_1000_text_kb: 0,
        })
        .collect();

    // start-up: spawn, initialize, initialized, didOpen of the 10 KB agent, its diagnostics (one
    // process at a time, the servers in turn, so that the machine's drift falls on all alike)
    for _ in 0..STARTS {
        for (k, (_, cmd)) in servers.iter().enumerate() {
            let (dir10, files10) = &spaces[k][0];
            let agent = files10.iter().find(|f| f.kind == "agent").expect("agent");
            let t0 = Instant::now();
            let mut s = Server::start(cmd, dir10);
            let uri = uri_of(&dir10.join(&agent.rel));
            s.open(&uri, &agent.text);
            let first = s.diagnostics(&uri, 1);
            reports[k]
                .startups
                .push(first.map(|_| t0.elapsed().as_secs_f64() * 1000.0));
            s.stop();
        }
    }

    // agent-ls's diagnostics, replayed by the payload floor (which comes after it in `servers`)
    let ours = servers.iter().position(|(n, _)| n == report::OURS);
    let payload = servers
        .iter()
        .position(|(n, _)| n == report::PAYLOAD_FLOOR)
        .filter(|&p| ours.is_some_and(|o| o < p));
    let replay_file = work.join("replay.jsonl");
    for (w, (_, files)) in spaces[0].iter().enumerate() {
        // each server runs only in its own turn: the others are paused (SIGSTOP), so that one's
        // leftover work (a peer validating after it answered) never runs in another's trace
        let mut procs: Vec<Server> = Vec::new();
        for (k, (_, cmd)) in servers.iter().enumerate() {
            let s = Server::start(cmd, &spaces[k][w].0);
            // what it does once started (indexing the workspace) is over before any trace
            std::thread::sleep(Duration::from_millis(300));
            s.pause();
            procs.push(s);
        }
        for f in files {
            eprintln!("e2e:   {}", f.label());
            // open on every server; one that publishes nothing is not traced
            let mut open: Vec<Option<Open>> = Vec::new();
            let mut opened = Recording::default();
            for (k, s) in procs.iter_mut().enumerate() {
                let uri = uri_of(&spaces[k][w].0.join(&f.rel));
                s.resume();
                if Some(k) == payload {
                    opened.hand_to(&f.rel, &replay_file, s);
                }
                s.open(&uri, &f.text);
                let first = s.diagnostics(&uri, 1);
                if Some(k) == ours
                    && let Some(d) = &first
                {
                    opened
                        .published
                        .push((1, serde_json::Value::Array(d.clone())));
                }
                let published = first.is_some();
                if !published {
                    reports[k].silent.insert(f.label());
                    s.close(&uri);
                    s.pause();
                    open.push(None);
                } else {
                    s.pause();
                    open.push(Some(Open {
                        uri,
                        text: f.text.clone(),
                        version: 1,
                    }));
                }
            }
            for (place, at) in &f.places {
                // the whole trace on one server, then on the next: a round's first keystroke
                // after another server ran would find every cache cold
                let mut stats: Vec<Stats> = servers.iter().map(|_| Stats::default()).collect();
                let mut recording = Recording::default();
                for (k, s) in procs.iter_mut().enumerate() {
                    if let Some(o) = open[k].as_mut() {
                        s.resume();
                        if Some(k) == payload {
                            recording.hand_to(&f.rel, &replay_file, s);
                        }
                        let rec = (Some(k) == ours).then_some(&mut recording);
                        typing_trace(s, o, *at, rounds, &mut stats[k], rec);
                        s.pause();
                    }
                }
                for (k, st) in stats.into_iter().enumerate() {
                    if open[k].is_some() {
                        reports[k].traces.push(Trace {
                            file: f.label(),
                            place: place.clone(),
                            stats: st,
                        });
                    }
                }
            }
            for (k, s) in procs.iter_mut().enumerate() {
                let Some(o) = open[k].take() else {
                    continue;
                };
                s.resume();
                if f.kind == "agent" && f.size == "10KB" {
                    let r = &mut reports[k];
                    completion_and_hover(
                        s,
                        &o.uri,
                        &o.text,
                        rounds,
                        &mut r.completion,
                        &mut r.hover,
                    );
                }
                s.close(&o.uri);
                s.pause();
            }
        }
        for (k, s) in procs.into_iter().enumerate() {
            reports[k].peak_rss_kb = reports[k].peak_rss_kb.max(s.peak_rss_kb());
            s.stop();
        }
    }

    // memory with 1,000 open agent files
    for (k, (_, cmd)) in servers.iter().enumerate() {
        let open_dir = dirs[k].join("open");
        let agents = open_dir.join(".claude/agents");
        std::fs::create_dir_all(&agents).unwrap();
        let mut s = Server::start(cmd, &open_dir);
        let mut text_bytes = 0u64;
        for i in 0..1000 {
            let text = &corpus[i % corpus.len()];
            let path = agents.join(format!("open-{i}.md"));
            std::fs::write(&path, text).unwrap();
            let uri = uri_of(&path);
            s.open(&uri, text);
            text_bytes += text.len() as u64;
            let _ = s.diagnostics(&uri, 1);
        }
        std::thread::sleep(Duration::from_millis(200));
        reports[k].open_1000_rss_kb = s.rss_kb();
        reports[k].open_1000_text_kb = text_bytes / 1024;
        s.stop();
    }
    reports
}

/// Completion in the value of `color:` and hover on `model:`, `20 * rounds` times each.
fn completion_and_hover(
    s: &mut Server,
    uri: &str,
    text: &str,
    rounds: usize,
    completion: &mut Stats,
    hover: &mut Stats,
) {
    let line_of = |key: &str, default: usize| {
        text.lines()
            .position(|l| l.starts_with(key))
            .unwrap_or(default)
    };
    let (color_line, model_line) = (line_of("color:", 4), line_of("model:", 3));
    for _ in 0..20 * rounds {
        let (_, d) = s.timed(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": color_line, "character": 7 } }),
        );
        completion.push(d);
        let (_, d) = s.timed(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": model_line, "character": 8 } }),
        );
        hover.push(d);
    }
}
