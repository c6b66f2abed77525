//! `check` prints its reports as it lints, a batch of files at a time: over a tree of many more
//! files than a batch, with findings in a few of them, a configuration with a mistake and an
//! unreadable file in between, the output is what the whole run holds, in path order, and each
//! machine format is exactly the document `serde_json` prints for it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use agent_ls::catalog::Severity;

/// More than two batches of the second pass.
const FILES: usize = 700;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run agent-ls")
}

fn write(dir: &Path, p: &str, content: &[u8]) {
    let p = dir.join(p);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

/// Which files hold a finding (an unknown tool); the others are clean.
fn broken(i: usize) -> bool {
    [3, 255, 256, 257, 400, 699].contains(&i)
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..FILES {
        // half in a folder of their own, with a configuration that has a mistake
        let folder = if i % 2 == 0 { "" } else { "sub/" };
        let tools = if broken(i) { "Read, Fly" } else { "Read, Grep" };
        write(
            dir.path(),
            &format!(".claude/agents/{folder}agent-{i:04}.md"),
            format!(
                "---\nname: agent-{i}\ndescription: Use this agent to review code for style problems.\ntools: {tools}\n---\n\nYou review code.\n"
            )
            .as_bytes(),
        );
    }
    write(
        dir.path(),
        ".claude/agents/sub/agent-ls.toml",
        b"level = { bogus = \"x\" }\n",
    );
    write(dir.path(), ".claude/agents/agent-0300x.md", b"\xff\xfe");
    dir
}

/// `--format json`'s element, its fields in the printed order.
#[derive(Serialize, Deserialize)]
struct Finding {
    path: String,
    kind: Option<String>,
    range: Range,
    severity: String,
    code: String,
    message: String,
}

#[derive(Serialize, Deserialize)]
struct Range {
    start: Point,
    end: Point,
}

#[derive(Serialize, Deserialize)]
struct Point {
    line: usize,
    column: usize,
}

#[test]
fn many_files_print_as_one_document_in_path_order() {
    let dir = tree();
    let out = run_in(dir.path(), &["check", "--format", "json", "."]);
    // the configuration's mistake
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<Finding> = serde_json::from_str(&stdout).unwrap();
    // byte for byte what serde_json prints for the whole array
    assert_eq!(
        stdout,
        format!("{}\n", serde_json::to_string_pretty(&findings).unwrap())
    );
    let paths: Vec<PathBuf> = findings.iter().map(|f| PathBuf::from(&f.path)).collect();
    assert!(
        paths.windows(2).all(|w| w[0] <= w[1]),
        "not in path order: {paths:?}"
    );
    let folder = |i: usize| if i % 2 == 0 { "" } else { "sub/" };
    let mut expected: Vec<(PathBuf, &str)> = (0..FILES)
        .filter(|&i| broken(i))
        .map(|i| {
            (
                PathBuf::from(format!("./.claude/agents/{}agent-{i:04}.md", folder(i))),
                "unknown-tool",
            )
        })
        .collect();
    expected.push((
        PathBuf::from("./.claude/agents/sub/agent-ls.toml"),
        "invalid-config",
    ));
    expected.push((
        PathBuf::from("./.claude/agents/agent-0300x.md"),
        "unreadable-file",
    ));
    expected.sort();
    let got: Vec<(PathBuf, &str)> = findings
        .iter()
        .map(|f| (PathBuf::from(&f.path), f.code.as_str()))
        .collect();
    assert_eq!(got, expected);

    // the library's collected reports say the same, in the same order
    let files: Vec<(PathBuf, bool)> = agent_ls::check::discover(&[dir.path().to_path_buf()]).0;
    let reports = agent_ls::check::run(&files);
    assert_eq!(reports.len(), FILES + 1);
    let with_findings: Vec<PathBuf> = reports
        .iter()
        .filter(|r| r.error.is_some() || r.diagnostics.iter().any(|d| d.severity != Severity::Hint))
        .map(|r| r.path.strip_prefix(dir.path()).unwrap().to_path_buf())
        .collect();
    let expected_files: Vec<PathBuf> = expected
        .iter()
        .filter(|(_, code)| *code != "invalid-config")
        .map(|(p, _)| p.strip_prefix("./").unwrap().to_path_buf())
        .collect();
    assert_eq!(with_findings, expected_files);

    // SARIF: the same results, and the log is exactly what serde_json prints for it
    let out = run_in(dir.path(), &["check", "--format", "sarif", "."]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        stdout,
        format!("{}\n", serde_json::to_string_pretty(&log).unwrap())
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(codes, expected.iter().map(|(_, c)| *c).collect::<Vec<_>>());

    // text and GitHub: one report per finding, in the same order, and the counts of all files
    let out = run_in(dir.path(), &["check", "."]);
    let text = String::from_utf8(out.stdout).unwrap();
    let heads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("./"))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        heads,
        expected
            .iter()
            .map(|(p, _)| p.to_str().unwrap())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        text.lines().last(),
        Some(format!("2 errors, 6 warnings in {} agent files", FILES + 2).as_str())
    );
    let out = run_in(dir.path(), &["check", "--format", "github", "."]);
    let github = String::from_utf8(out.stdout).unwrap();
    assert_eq!(github.lines().count(), expected.len());
}

#[test]
fn nothing_found_is_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".claude/agents/a.md",
        b"---\nname: a\ndescription: Use this agent to review code for style problems.\n---\n\nBody.\n",
    );
    let out = run_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "[]\n");
    let out = run_in(dir.path(), &["check", "--format", "sarif", "."]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
    assert_eq!(
        stdout,
        format!("{}\n", serde_json::to_string_pretty(&log).unwrap())
    );
}

#[test]
fn a_baseline_absorbs_findings_across_batches() {
    let dir = tree();
    let out = run_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "."],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("findings to baseline.json"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // one finding fixed (in the first batch), one new (in the last)
    let agent = |i: usize, tools: &str| {
        format!(
            "---\nname: agent-{i}\ndescription: Use this agent to review code for style problems.\ntools: {tools}\n---\n\nYou review code.\n"
        )
    };
    write(
        dir.path(),
        ".claude/agents/sub/agent-0003.md",
        agent(3, "Read, Grep").as_bytes(),
    );
    write(
        dir.path(),
        ".claude/agents/agent-0650.md",
        agent(650, "Read, Fly").as_bytes(),
    );
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
            ".",
        ],
    );
    let findings: Vec<Finding> = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.path.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [("./.claude/agents/agent-0650.md", "unknown-tool")],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "suppressed by the baseline baseline.json (1 of its findings no longer occurs)"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
