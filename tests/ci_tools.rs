//! `agent-ls check` against the real tools of CI pipelines: Microsoft's SARIF validator
//! (`@microsoft/sarif-multitool` from npm) and `pre-commit` (from PyPI) with this repository's
//! `.pre-commit-hooks.yaml`. `.ci/run` installs them (into `target/ci-tools/` and `.venv-ci/`)
//! and sets `AGENT_LS_CI=1`, which makes a missing tool a failure; elsewhere these tests are
//! skipped when the tools are not installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The tool at `rel` (from the repository root), or `None` (skip) when it is not installed and
/// this is not a `.ci/run` run.
fn ci_tool(rel: &str) -> Option<PathBuf> {
    let path = root().join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("AGENT_LS_CI").is_some_and(|v| v == "1") {
        panic!("{} is missing: .ci/run installs it", path.display());
    }
    eprintln!(
        "skipped: {} is not installed (bash .ci/run installs it)",
        path.display()
    );
    None
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {:?}\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs Microsoft's validator on `sarif` and returns what it found: (rule, level, message id).
/// The validator exits 0 whatever it finds, so its own SARIF output is read.
fn validate(tool: &Path, sarif: &Path) -> Vec<(String, String, String)> {
    let report = sarif.with_extension("validation.sarif");
    let out = Command::new(tool)
        .arg("validate")
        .arg(sarif)
        .arg("--output")
        .arg(&report)
        .args(["--log", "ForceOverwrite"])
        .output()
        .expect("run sarif-multitool");
    ok(&out, "sarif-multitool validate");
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("the validator's report"))
            .expect("the validator's report is JSON");
    let results = log["runs"][0]["results"].as_array().cloned();
    results
        .expect("results")
        .iter()
        .map(|r| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
            let level = r["level"].as_str().unwrap_or("warning").to_string();
            (s(&r["ruleId"]), level, s(&r["message"]["id"]))
        })
        .collect()
}

#[test]
fn sarif_of_examples_and_corpus_passes_microsofts_validator() {
    let Some(tool) = ci_tool("target/ci-tools/node_modules/.bin/sarif-multitool") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, path, status) in [
        ("examples", "examples", 1),
        ("corpus", "../shared/corpus", 0),
    ] {
        assert!(root().join(path).is_dir(), "{path} must exist");
        let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
            .args(["check", "--format", "sarif", "--hints", path])
            .current_dir(root())
            .output()
            .expect("run agent-ls");
        assert_eq!(out.status.code(), Some(status), "{name}");
        let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
        let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
        assert!(results > 10, "{name}: {results} results");
        let file = dir.path().join(format!("{name}.sarif"));
        std::fs::write(&file, &out.stdout).expect("write the SARIF");
        // no error and no warning, except that the driver names no informationUri (this
        // project has no public home page to name)
        assert_eq!(
            validate(&tool, &file),
            [(
                "SARIF2005".to_string(),
                "warning".to_string(),
                "Warning_ProvideToolnformationUri".to_string()
            )],
            "{name}"
        );
    }
}

#[test]
fn the_validator_rejects_a_broken_log() {
    let Some(tool) = ci_tool("target/ci-tools/node_modules/.bin/sarif-multitool") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.sarif");
    std::fs::write(
        &file,
        r#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}"#,
    )
    .expect("write");
    let found = validate(&tool, &file);
    assert!(
        found.iter().any(|(_, level, _)| level == "error"),
        "{found:?}"
    );
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    ok(&out, &format!("git {args:?}"));
    out
}

/// The hook from `.pre-commit-hooks.yaml`, installed by the real pre-commit (`language: rust`:
/// `cargo install` of a clone of this repository's HEAD), on a repository with a broken agent
/// file and a README: it fails on the agent file only, and passes once the file is fixed.
#[test]
fn pre_commit_hook_fails_on_broken_agent_files_only() {
    let Some(pre_commit) = ci_tool(".venv-ci/bin/pre-commit") else {
        return;
    };
    // a stable place, so that pre-commit's cache (by repository and revision) and cargo's
    // build are reused between runs of the same HEAD
    let tools = root().join("target/ci-tools");
    let clone = tools.join("agent-ls-clone");
    if clone.exists() {
        std::fs::remove_dir_all(&clone).expect("remove the old clone");
    }
    std::fs::create_dir_all(&tools).expect("mkdir");
    let clone_arg = clone.to_str().expect("a UTF-8 path");
    git(root(), &["clone", "-q", ".", clone_arg]);
    let head = git(&clone, &["rev-parse", "HEAD"]);
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();

    let project = tempfile::tempdir().expect("temp dir");
    let p = project.path();
    git(p, &["init", "-q"]);
    std::fs::write(
        p.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {clone_arg}\n    rev: {head}\n    hooks:\n      - id: agent-ls\n"
        ),
    )
    .expect("write the config");
    std::fs::create_dir_all(p.join(".claude/agents")).expect("mkdir");
    let agent = p.join(".claude/agents/reviewer.md");
    std::fs::write(
        &agent,
        "---\nname: reviewer\ndescription: Reviews code.\nhooks: []\n---\nBody\n",
    )
    .expect("write");
    std::fs::write(p.join("README.md"), "# Project\n\nNo frontmatter here.\n").expect("write");
    git(p, &["add", "-A"]);

    let run = || {
        Command::new(&pre_commit)
            .args(["run", "--all-files", "--color", "never"])
            .current_dir(p)
            .env("PRE_COMMIT_HOME", tools.join("pre-commit-home"))
            // cargo install builds here (not in a temporary folder), so a second run is quick
            .env("CARGO_TARGET_DIR", tools.join("pre-commit-cargo"))
            .env("NO_COLOR", "1")
            .output()
            .expect("run pre-commit")
    };
    let out = run();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("agent-ls") && text.contains("Failed"),
        "{text}"
    );
    assert!(
        text.contains(".claude/agents/reviewer.md:4:8: error[hooks-empty-list]"),
        "{text}"
    );
    assert!(!text.contains("README.md"), "{text}");

    std::fs::write(
        &agent,
        "---\nname: reviewer\ndescription: Reviews code.\n---\nBody\n",
    )
    .expect("write");
    git(p, &["add", "-A"]);
    let out = run();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Passed"), "{text}");
}
