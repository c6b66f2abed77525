//! The `check` command lines: wall time and peak RSS over a folder, and what their JSON says.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::lsp::absolute;

pub struct CheckReport {
    pub name: String,
    /// Which folder: `agents` (the 10,000 agent files) or `workspace` (the big workspace).
    pub set: &'static str,
    /// How many files the folder holds.
    pub files: usize,
    /// `Some(why)` when it did not run.
    pub skipped: Option<String>,
    /// It was still running after `limit_s` and was stopped: its wall time and peak RSS are
    /// lower bounds.
    pub stopped: bool,
    pub limit_s: u64,
    pub wall_s: f64,
    pub peak_rss_kb: u64,
    /// The exit code (`None`: killed by a signal).
    pub exit: Option<i32>,
    /// The number of files the tool's JSON says it checked.
    pub files_checked: Option<u64>,
    /// Distinct files its JSON reports findings in (`None`: its output is not that JSON).
    pub files_with_findings: Option<usize>,
}

impl CheckReport {
    pub fn skipped(name: &str, set: &'static str, files: usize, why: String) -> CheckReport {
        CheckReport {
            name: name.to_string(),
            set,
            files,
            skipped: Some(why),
            stopped: false,
            limit_s: 0,
            wall_s: f64::NAN,
            peak_rss_kb: 0,
            exit: None,
            files_checked: None,
            files_with_findings: None,
        }
    }

    /// It ran to its end as a linter ends (0: clean, 1: findings).
    pub fn ok(&self) -> bool {
        self.skipped.is_none() && !self.stopped && matches!(self.exit, Some(0 | 1))
    }

    /// Why its figures are not to be compared, if so (a stopped run's are lower bounds).
    pub fn failure(&self) -> Option<String> {
        match (&self.skipped, self.exit) {
            (Some(why), _) => Some(why.clone()),
            _ if self.stopped => None,
            (None, Some(0 | 1)) => None,
            (None, Some(c)) => Some(format!("failed (exit {c})")),
            (None, None) => Some("killed by a signal".into()),
        }
    }
}

/// 10,000 agent files: the corpus agents cycled (their names repeat).
pub fn make_tree(root: &Path, corpus: &[String], n: usize) {
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

/// Runs `cmd FOLDER` under `/usr/bin/time -f %M` (and `timeout`: stopped after `limit`), its
/// output into a file that is then read as JSON: agnix's `{files_checked, diagnostics: [{file}]}`
/// or agent-ls's `[{path}]`.
pub fn bench_check(
    name: &str,
    cmd: &str,
    tree: &Path,
    set: &'static str,
    files: usize,
    limit: Duration,
) -> CheckReport {
    let mut parts: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
    if let Some(first) = parts.first_mut() {
        *first = absolute(first).display().to_string();
    }
    parts.push(tree.display().to_string());
    let tmp = std::env::temp_dir();
    let stats = tmp.join(format!("agent-ls-bench-time-{}", std::process::id()));
    let out = tmp.join(format!("agent-ls-bench-out-{}", std::process::id()));
    let t = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&stats)
        .arg("timeout")
        .arg("--kill-after=10")
        .arg(limit.as_secs().to_string())
        .args(&parts)
        .stdout(std::fs::File::create(&out).expect("temp file"))
        .stderr(Stdio::null())
        .status();
    let wall_s = t.elapsed().as_secs_f64();
    let exit = status.ok().and_then(|s| s.code());
    let peak_rss_kb = std::fs::read_to_string(&stats)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0);
    let json: Option<Value> = std::fs::read(&out)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&stats);
    let files_checked = json.as_ref().and_then(|j| j["files_checked"].as_u64());
    let files_with_findings = json.as_ref().and_then(|j| {
        let (list, key) = match j {
            Value::Array(a) => (a, "path"),
            _ => (j["diagnostics"].as_array()?, "file"),
        };
        Some(
            list.iter()
                .filter_map(|d| d[key].as_str())
                .collect::<BTreeSet<_>>()
                .len(),
        )
    });
    CheckReport {
        name: name.to_string(),
        set,
        files,
        skipped: None,
        // `time` exits with the code of `timeout`, which is the command's unless it stopped it
        stopped: !matches!(exit, Some(0 | 1)) && wall_s >= limit.as_secs_f64(),
        limit_s: limit.as_secs(),
        wall_s,
        peak_rss_kb,
        exit,
        files_checked,
        files_with_findings,
    }
}
