//! `agent-ls check` against the real tools of CI pipelines: Microsoft's SARIF validator
//! (`@microsoft/sarif-multitool` from npm) and `pre-commit` (from PyPI) with this repository's
//! `.pre-commit-hooks.yaml`. `.ci/run` installs them (into `.ci/tools/node_modules/` and `.venv-ci/`)
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
    let report = sarif.with_extension("validation.json");
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

const MULTITOOL: &str = ".ci/tools/node_modules/.bin/sarif-multitool";
/// The SARIF 2.1.0 schema that the validator's npm package ships.
const SCHEMA: &str = ".ci/tools/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json";
const CHECK_JSONSCHEMA: &str = ".venv-ci/bin/check-jsonschema";

/// Validates `sarif` against the SARIF 2.1.0 JSON schema with `check-jsonschema` (which, unlike
/// the validator, reports an enum value it cannot read): `Ok` or the validator's complaint.
fn schema_check(tool: &Path, sarif: &Path) -> Result<(), String> {
    let out = Command::new(tool)
        .arg("--schemafile")
        .arg(root().join(SCHEMA))
        .arg(sarif)
        .output()
        .expect("run check-jsonschema");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `check --format sarif --hints ARGS` in `dir`, written to `into/NAME.sarif`.
fn sarif_of(dir: &Path, args: &[&str], into: &Path, name: &str) -> (PathBuf, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .args(["check", "--format", "sarif", "--hints"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run agent-ls");
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert!(results > 0, "{name}: no results");
    let file = into.join(format!("{name}.sarif"));
    std::fs::write(&file, &out.stdout).expect("write the SARIF");
    (file, out.status.code())
}

#[test]
fn sarif_of_examples_corpus_and_odd_files_passes_the_validator_and_the_schema() {
    let (Some(multitool), Some(jsonschema)) = (ci_tool(MULTITOOL), ci_tool(CHECK_JSONSCHEMA))
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    // an unreadable file, a name to percent-encode, an astral character, a path given absolute
    let odd = tempfile::tempdir().expect("temp dir");
    let agents = odd.path().join(".claude/agents");
    std::fs::create_dir_all(&agents).expect("mkdir");
    std::fs::write(agents.join("latin 1#.md"), b"---\nname: \xe9\n").expect("write");
    std::fs::write(
        agents.join("crab.md"),
        "---\nname: crab\ndescription: 🦀 Use it: now\ntools: Read, Task\ncolor: teal\ncolor: red\n---\nBody\n",
    )
    .expect("write");
    let odd_abs = odd.path().to_str().expect("a UTF-8 path");
    let logs = [
        sarif_of(root(), &["examples"], dir.path(), "examples"),
        sarif_of(root(), &["../shared/corpus"], dir.path(), "corpus"),
        sarif_of(odd.path(), &["."], dir.path(), "odd-relative"),
        sarif_of(root(), &[odd_abs], dir.path(), "odd-absolute"),
    ];
    assert_eq!(
        logs.iter().map(|l| l.1).collect::<Vec<_>>(),
        // the corpus: its one plugin manifest Claude Code rejects (tests/check.rs)
        [Some(1), Some(1), Some(1), Some(1)],
        "exit codes"
    );
    for (file, _) in &logs {
        // no error and no warning, except that the driver names no informationUri (this
        // project has no public home page to name)
        assert_eq!(
            validate(&multitool, file),
            [(
                "SARIF2005".to_string(),
                "warning".to_string(),
                "Warning_ProvideToolnformationUri".to_string()
            )],
            "{}",
            file.display()
        );
        assert_eq!(
            schema_check(&jsonschema, file),
            Ok(()),
            "{}",
            file.display()
        );
    }
}

#[test]
fn the_validators_reject_broken_logs() {
    let (Some(multitool), Some(jsonschema)) = (ci_tool(MULTITOOL), ci_tool(CHECK_JSONSCHEMA))
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    // a line 0 and a result without a rule: the validator's errors
    let file = dir.path().join("line-zero.sarif");
    std::fs::write(
        &file,
        r#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.md"},"region":{"startLine":0}}}]}]}]}"#,
    )
    .expect("write");
    let found = validate(&multitool, &file);
    let errors: Vec<&str> = found
        .iter()
        .filter(|f| f.1 == "error")
        .map(|f| f.0.as_str())
        .collect();
    assert!(
        errors.contains(&"JSON1008") && errors.contains(&"SARIF1010"),
        "{found:?}"
    );
    assert!(schema_check(&jsonschema, &file).is_err());
    // an unknown level: the validator says nothing (it cannot read the log), the schema does
    let file = dir.path().join("fatal.sarif");
    std::fs::write(
        &file,
        r#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","level":"fatal","message":{"text":"m"}}]}]}"#,
    )
    .expect("write");
    let complaint = schema_check(&jsonschema, &file).expect_err("rejected");
    assert!(complaint.contains("'fatal' is not one of"), "{complaint}");
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
