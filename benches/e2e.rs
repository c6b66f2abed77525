//! End-to-end benchmark: language servers driven over stdio like an editor drives them, and the
//! `check` command lines, side by side in one run. Run through `benches/run`, or:
//!
//!   cargo bench --bench e2e -- --server agent-ls=target/release/agent-ls \
//!       [--server agnix-lsp=PATH] [--check agent-ls=CMD...] [--out benches/RESULTS.md] \
//!       [--readme README.md] [--rounds N] [--files N] [--check-timeout SECS] \
//!       [--quick [--peer-check]]
//!
//! For each server (and the no-op floor server, `--echo-server`): start-up to first diagnostics,
//! keystroke-to-diagnostics latency over typing traces at every edit place of an agent, a skill,
//! a slash command and a CLAUDE.md of 10 KB and 1 MB (`editor`), completion and hover round trips,
//! memory with 1,000 open agent files; then, in a big workspace generated from the corpus, the
//! time to a complete index, memory, rename, go to definition and workspace symbols
//! (`workspace`). For each `check` command: wall time and peak RSS over 10,000 agent files and
//! over the big workspace (`check`; a command still running after `--check-timeout`, 600 s by
//! default, is stopped and its figures are lower bounds). `report` writes RESULTS.md and the
//! README's summary.
//!
//! `--quick` (development runs): 2 rounds per trace, 1,000 agent files, a workspace 10x smaller,
//! and only agent-ls's `check` (the others with `--peer-check`). Without arguments (as
//! `cargo test --all-targets` runs it) it returns at once.

#[path = "fixtures.rs"]
mod fixtures;

#[path = "e2e/check.rs"]
mod check;
#[path = "e2e/editor.rs"]
mod editor;
#[path = "e2e/lsp.rs"]
mod lsp;
#[path = "e2e/report.rs"]
mod report;
#[path = "e2e/workspace.rs"]
mod workspace;

#[path = "../tests/common/wire.rs"]
mod wire;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fixtures::Scale;

fn main() {
    if std::env::args().any(|a| a == "--echo-server") {
        return lsp::echo_server();
    }
    let started = Instant::now();
    let mut servers: Vec<(String, String)> = Vec::new();
    let mut checks: Vec<(String, String)> = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut readme: Option<PathBuf> = None;
    let mut rounds: Option<usize> = None;
    let mut files: Option<usize> = None;
    let mut quick = false;
    let mut peer_check = false;
    let mut check_limit = Duration::from_secs(600);
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
            "--readme" => readme = it.next().map(PathBuf::from),
            "--rounds" => rounds = it.next().and_then(|v| v.parse().ok()),
            "--files" => files = it.next().and_then(|v| v.parse().ok()),
            "--quick" => quick = true,
            "--peer-check" => peer_check = true,
            "--check-timeout" => {
                if let Some(v) = it.next().and_then(|v| v.parse().ok()) {
                    check_limit = Duration::from_secs(v)
                }
            }
            _ => {}
        }
    }
    if servers.is_empty() && checks.is_empty() {
        eprintln!("e2e: nothing to run (use benches/run, or --server NAME=CMD / --check NAME=CMD)");
        return;
    }
    let rounds = rounds.unwrap_or(if quick { 2 } else { 10 });
    let files = files.unwrap_or(if quick { 1_000 } else { 10_000 });
    let scale = if quick { Scale::QUICK } else { Scale::FULL };
    if !servers.is_empty()
        && let Ok(me) = std::env::current_exe()
    {
        servers.push((
            report::FLOOR.into(),
            format!("{} --echo-server", me.display()),
        ));
        // the floor that writes agent-ls's answer: its diagnostics, replayed (after agent-ls)
        if servers.iter().any(|(n, _)| n == report::OURS) {
            servers.push((
                report::PAYLOAD_FLOOR.into(),
                format!("{} --echo-server --replay", me.display()),
            ));
        }
    }
    let corpus = fixtures::corpus_agents();
    // outside the repository: the peer skips what .gitignore lists (target/)
    let work = std::env::temp_dir().join("agent-ls-bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();

    // the editor: start-up, keystrokes, round trips, memory, every server side by side
    eprintln!("e2e: the editor, every server side by side");
    let editors = editor::bench_editors(&servers, &work, &corpus, rounds);
    let mut file_places = Vec::new();
    if !servers.is_empty() {
        for (size, bytes) in fixtures::EDITOR_SIZES {
            for f in fixtures::editor_workspace(size, bytes).0 {
                file_places.push((f.label(), f.places.iter().map(|(p, _)| p.clone()).collect()));
            }
        }
    }

    // the big workspace: the servers, then `check` over it
    let big_dir = work.join("workspace");
    let mut big = None;
    if !servers.is_empty() || !checks.is_empty() {
        eprintln!("e2e: generating the big workspace");
        big = Some(fixtures::big_workspace(&big_dir, scale));
    }
    let big_files = big.as_ref().map(|b| b.files).unwrap_or(0);
    let mut workspaces = Vec::new();
    if let Some(big) = &big {
        // the payload floor replays keystrokes only
        for (name, cmd) in servers.iter().filter(|(n, _)| n != report::PAYLOAD_FLOOR) {
            eprintln!("e2e: server {name}: big workspace");
            workspaces.push(workspace::bench_workspace(name, cmd, &big_dir, big));
        }
    }

    let tree = work.join("agents");
    if !checks.is_empty() {
        eprintln!("e2e: generating {files} agent files");
        check::make_tree(&tree, &corpus, files);
    }
    let mut check_reports = Vec::new();
    for (set, dir, n) in [("agents", &tree, files), ("workspace", &big_dir, big_files)] {
        for (name, cmd) in &checks {
            if quick && !peer_check && name != report::OURS {
                check_reports.push(check::CheckReport::skipped(
                    name,
                    set,
                    n,
                    "skipped (`--quick`; `--peer-check` runs it)".into(),
                ));
                continue;
            }
            eprintln!("e2e: check {name} over {set}");
            check_reports.push(check::bench_check(name, cmd, dir, set, n, check_limit));
        }
    }

    let run = report::Run {
        rounds,
        quick,
        files: file_places,
        editors,
        scale,
        big_files,
        workspaces,
        checks: check_reports,
        elapsed: started.elapsed(),
    };
    // the generated folders (25,000 files and more) are not kept
    let _ = std::fs::remove_dir_all(&work);
    let md = run.results();
    println!("{md}");
    if let Some(out) = out {
        std::fs::write(&out, &md).expect("write results");
        eprintln!("e2e: wrote {}", out.display());
    }
    if let Some(readme) = readme {
        match report::rewrite_readme(&readme, &run.readme_summary()) {
            Ok(()) => eprintln!("e2e: wrote the summary into {}", readme.display()),
            Err(e) => {
                eprintln!("e2e: {e}");
                std::process::exit(1);
            }
        }
    }
}
