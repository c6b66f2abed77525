//! What a user feels in the editor: start-up to first diagnostics, keystroke-to-diagnostics over
//! typing traces at every edit place of every file of the editor workspace, completion and hover
//! round trips, and memory with 1,000 open agent files.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::fixtures::{self, Fixture};
use crate::lsp::{GIVE_UP_AFTER, Server, Stats, edit, notification, uri_of};

/// How many fresh processes the start-up figure is the median of.
pub const STARTS: usize = 5;

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
/// the diagnostics of its version arrive.
pub fn typing_trace(
    s: &mut Server,
    uri: &str,
    text: &mut String,
    version: &mut i64,
    at: (u32, u32),
    rounds: usize,
    stats: &mut Stats,
) {
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
        let d = s.diagnostics(uri, *version).map(|_| t.elapsed());
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

pub fn bench_editor(
    name: &str,
    cmd: &str,
    workspaces: &[(std::path::PathBuf, Vec<Fixture>)],
    open_dir: &Path,
    corpus: &[String],
    rounds: usize,
) -> EditorReport {
    // start-up: spawn, initialize, initialized, didOpen of the 10 KB agent, its diagnostics
    let (dir10, files10) = &workspaces[0];
    let agent = files10.iter().find(|f| f.kind == "agent").expect("agent");
    let mut startups = Vec::new();
    for _ in 0..STARTS {
        let t0 = Instant::now();
        let mut s = Server::start(cmd, dir10);
        let uri = uri_of(&dir10.join(&agent.rel));
        s.open(&uri, &agent.text);
        let first = s.diagnostics(&uri, 1);
        startups.push(first.map(|_| t0.elapsed().as_secs_f64() * 1000.0));
        s.stop();
    }

    let mut traces = Vec::new();
    let mut silent = BTreeSet::new();
    let mut completion = Stats::default();
    let mut hover = Stats::default();
    let mut peak_rss_kb = 0;
    for (dir, files) in workspaces {
        let mut s = Server::start(cmd, dir);
        for f in files {
            eprintln!("e2e:   {name}: {}", f.label());
            let uri = uri_of(&dir.join(&f.rel));
            let mut text = f.text.clone();
            s.open(&uri, &text);
            if s.diagnostics(&uri, 1).is_none() {
                silent.insert(f.label());
                s.close(&uri);
                continue;
            }
            let mut version = 1;
            for (place, at) in &f.places {
                let mut st = Stats::default();
                typing_trace(&mut s, &uri, &mut text, &mut version, *at, rounds, &mut st);
                traces.push(Trace {
                    file: f.label(),
                    place: place.clone(),
                    stats: st,
                });
            }
            if f.kind == "agent" && f.size == "10KB" {
                completion_and_hover(&mut s, &uri, &text, rounds, &mut completion, &mut hover);
            }
            s.close(&uri);
        }
        peak_rss_kb = peak_rss_kb.max(s.peak_rss_kb());
        s.stop();
    }

    // memory with 1,000 open agent files
    let agents = open_dir.join(".claude/agents");
    std::fs::create_dir_all(&agents).unwrap();
    let mut s = Server::start(cmd, open_dir);
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
    let open_1000_rss_kb = s.rss_kb();
    s.stop();
    EditorReport {
        name: name.to_string(),
        startups,
        traces,
        silent,
        completion,
        hover,
        peak_rss_kb,
        open_1000_rss_kb,
        open_1000_text_kb: text_bytes / 1024,
    }
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
