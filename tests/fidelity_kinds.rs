//! Fidelity for skills, slash commands and output styles: the cases of
//! `tests/fixtures/fidelity-kinds/`, each run through the real Claude Code (2.1.330, recorded in
//! `ORACLE.json` by `oracle-kinds.py`; `FACTS.md` says what each showed), staged where Claude Code
//! read them and checked with `agent-ls check`. Claude Code loads every case file (a skill hidden
//! by `disable-model-invocation` or `paths` is loaded, just not listed), so none may get an error;
//! the scenarios where it loads nothing (`skill.md`, `SKILL.MD`, a nested `SKILL.md`, a `.MD`
//! style) must. And each case whose outcome a rule describes gets exactly that rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fidelity-kinds");

/// Where `oracle-kinds.py` places a case of each kind.
fn staged(root: &Path, kind: &str, file: &str) -> PathBuf {
    let stem = file.trim_end_matches(".md");
    match kind {
        "skill" => root.join(".claude/skills").join(stem).join("SKILL.md"),
        "command" => root.join(".claude/commands").join(file),
        _ => root.join(".claude/output-styles").join(file),
    }
}

fn oracle() -> Value {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("ORACLE.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// (kind, case file) to the (code, severity) pairs `check` reports, hints included.
fn check(root: &Path) -> BTreeMap<PathBuf, Vec<(String, String)>> {
    let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .args(["check", "--format", "json", "--hints"])
        .arg(root)
        .output()
        .unwrap();
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut by: BTreeMap<PathBuf, Vec<(String, String)>> = BTreeMap::new();
    for d in diags {
        by.entry(PathBuf::from(d["path"].as_str().unwrap()))
            .or_default()
            .push((
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            ));
    }
    by
}

/// Every case, staged alone in its own project (as the oracle ran it), checked together.
fn stage_all() -> (tempfile::TempDir, Vec<(String, String, PathBuf)>) {
    let dir = tempfile::tempdir().unwrap();
    let record = oracle();
    let mut cases = Vec::new();
    for kind in ["skill", "command", "style"] {
        let recorded = record[kind].as_object().unwrap();
        assert!(!recorded.is_empty());
        for file in recorded.keys() {
            let root = dir.path().join(kind).join(file.trim_end_matches(".md"));
            let dest = staged(&root, kind, file);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(Path::new(FIXTURES).join(kind).join(file), &dest).unwrap();
            cases.push((kind.to_string(), file.clone(), dest));
        }
    }
    (dir, cases)
}

#[test]
fn no_error_on_any_file_claude_code_loads() {
    let (dir, cases) = stage_all();
    let found = check(dir.path());
    let mut wrong = Vec::new();
    for (kind, file, path) in &cases {
        let got = found.get(path).cloned().unwrap_or_default();
        if got.iter().any(|(_, s)| s == "error") {
            wrong.push(format!("{kind}/{file}: {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "Claude Code 2.1.337 loads these, agent-ls reports an error:\n{}",
        wrong.join("\n")
    );
}

/// The cases whose observed outcome a rule describes, and that rule (besides `skill-standard`,
/// the Agent Skills standard's own limits: most cases have no `name`, which it requires).
/// (kind, case file, the (code, severity) findings expected).
type Expected = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const EXPECTED: &[Expected] = &[
    // the listing shows `name-differs-from-folder (other-name)`
    (
        "skill",
        "name-differs-from-folder.md",
        &[("skill-name-mismatch", "warning")],
    ),
    // loads with empty metadata
    (
        "skill",
        "yaml-broken-indented-flow.md",
        &[("yaml-error", "warning")],
    ),
    ("command", "yaml-broken.md", &[("yaml-error", "warning")]),
    ("style", "yaml-broken.md", &[("yaml-error", "warning")]),
    // loads, without hooks and allowed-tools
    (
        "skill",
        "hooks-empty-list.md",
        &[("hooks-empty-list", "warning")],
    ),
    ("skill", "hooks-string.md", &[("invalid-hooks", "warning")]),
    (
        "skill",
        "hooks-bogus-event.md",
        &[("unknown-hook-event", "warning")],
    ),
    (
        "skill",
        "pretooluse-top-level.md",
        &[("hook-at-top-level", "warning")],
    ),
    // "Frontmatter 'shell: zsh' ... is not recognized"
    ("skill", "shell-zsh.md", &[("invalid-value", "warning")]),
    ("command", "shell-zsh.md", &[("invalid-value", "warning")]),
    ("skill", "shell-powershell.md", &[]),
    ("skill", "effort-bogus.md", &[("invalid-value", "warning")]),
    ("skill", "effort-integer.md", &[]),
    ("skill", "context-bogus.md", &[("invalid-value", "warning")]),
    // "Description invalid for NAME - omitting"
    (
        "skill",
        "description-list.md",
        &[("invalid-type", "warning")],
    ),
    (
        "style",
        "description-list.md",
        &[("invalid-type", "warning")],
    ),
    // stringified silently
    ("skill", "description-number.md", &[]),
    ("skill", "description-yaml-true.md", &[]),
    ("skill", "description-yaml-yes.md", &[]),
    ("skill", "description-yaml-on.md", &[]),
    ("skill", "description-yaml-underscore.md", &[]),
    ("skill", "description-yaml-date.md", &[]),
    ("skill", "description-yaml-version-like.md", &[]),
    // re-spelled: the listing shows `1.1`, `16`, `Infinity`, ... (and `text` for `&a text`)
    (
        "skill",
        "description-yaml-float-1-10.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-float-1-0.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-hex.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-exp.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-inf.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-neg-inf.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-nan.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-neg-zero.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-octal-0o.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-leading-zero.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-plus.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-yaml-big-int.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-anchor-start.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "skill",
        "description-tag-start.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "command",
        "description-yaml-float-1-10.md",
        &[("yaml-value-changed", "warning")],
    ),
    (
        "command",
        "description-yaml-hex.md",
        &[("yaml-value-changed", "warning")],
    ),
    ("command", "description-yaml-yes.md", &[]),
    // the head is not read: the listing shows `---`, `----`, `---yaml`
    (
        "skill",
        "frontmatter-blank-line-before.md",
        &[("frontmatter-not-read", "warning")],
    ),
    (
        "skill",
        "frontmatter-leading-space.md",
        &[("frontmatter-not-read", "warning")],
    ),
    (
        "skill",
        "frontmatter-double-bom.md",
        &[("frontmatter-not-read", "warning")],
    ),
    (
        "skill",
        "frontmatter-four-dashes.md",
        &[("frontmatter-not-read", "warning")],
    ),
    (
        "skill",
        "frontmatter-opener-word.md",
        &[("frontmatter-not-read", "warning")],
    ),
    (
        "command",
        "frontmatter-blank-line-before.md",
        &[("frontmatter-not-read", "warning")],
    ),
    (
        "command",
        "frontmatter-four-dashes.md",
        &[("frontmatter-not-read", "warning")],
    ),
    ("skill", "frontmatter-bom.md", &[]),
    ("skill", "frontmatter-trailing-spaces.md", &[]),
    ("skill", "frontmatter-crlf.md", &[]),
    // the listing's cap, counted in UTF-16 units with `<` and `>` escaped
    ("skill", "description-cap-astral-1536-units.md", &[]),
    (
        "skill",
        "description-cap-astral-1537-units.md",
        &[("description-truncated", "warning")],
    ),
    ("skill", "description-cap-cjk-1536.md", &[]),
    (
        "skill",
        "description-cap-lt-escaped-over.md",
        &[("description-truncated", "warning")],
    ),
    ("skill", "description-cap-gt-escaped-at.md", &[]),
    ("skill", "description-cap-amp-not-escaped.md", &[]),
    // the listing cuts at 1,536 characters
    ("skill", "description-1536-chars.md", &[]),
    (
        "skill",
        "description-1537-chars.md",
        &[("description-truncated", "warning")],
    ),
    // booleans: `y` and `enabled` read as false, `on` and `1` as true
    (
        "skill",
        "disable-model-invocation-y.md",
        &[("invalid-value", "warning")],
    ),
    ("skill", "disable-model-invocation-on.md", &[]),
    ("skill", "disable-model-invocation-1.md", &[]),
    (
        "style",
        "keep-coding-instructions-bogus.md",
        &[("invalid-value", "warning")],
    ),
    ("style", "keep-coding-instructions-string-yes.md", &[]),
    // ignored, with a warning of Claude Code's own
    (
        "style",
        "force-for-plugin.md",
        &[("plugin-only-key", "warning")],
    ),
    // ignored silently
    (
        "command",
        "name-key-ignored.md",
        &[("unknown-key", "warning")],
    ),
    ("command", "paths-ignored.md", &[("unknown-key", "warning")]),
    // matches no file, so the conditional skill is never listed
    (
        "skill",
        "paths-bad-glob.md",
        &[("invalid-value", "warning")],
    ),
    // and in the staged project no file matches its globs
    (
        "skill",
        "paths-list.md",
        &[
            ("paths-match-nothing", "hint"),
            ("paths-match-nothing", "hint"),
        ],
    ),
    ("skill", "plain-valid.md", &[]),
    ("command", "plain-valid.md", &[]),
    ("style", "plain-valid.md", &[]),
];

#[test]
fn each_observed_outcome_gets_its_rule() {
    let (dir, cases) = stage_all();
    let found = check(dir.path());
    let mut wrong = Vec::new();
    for (kind, file, want) in EXPECTED {
        let (_, _, path) = cases
            .iter()
            .find(|(k, f, _)| k == kind && f == file)
            .unwrap_or_else(|| panic!("{kind}/{file} is not in ORACLE.json"));
        let mut got = found.get(path).cloned().unwrap_or_default();
        got.retain(|(c, _)| c != "skill-standard");
        got.sort();
        let mut want: Vec<(String, String)> = want
            .iter()
            .map(|(c, s)| (c.to_string(), s.to_string()))
            .collect();
        want.sort();
        if got != want {
            wrong.push(format!("{kind}/{file}: got {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The files of the scenarios where Claude Code loads nothing get `file-not-loaded`; their
/// siblings that load get nothing of the kind.
#[test]
fn files_claude_code_never_loads() {
    let scenarios = Path::new(FIXTURES).join("scenario");
    let found = check(&scenarios);
    let not_loaded = |rel: &str| {
        found.get(&scenarios.join(rel)).is_some_and(|d| {
            d.iter()
                .any(|(c, s)| c == "file-not-loaded" && s == "error")
        })
    };
    for rel in [
        "skill-nested/.claude/skills/a/b/SKILL.md",
        "skill-lowercase-file/.claude/skills/low/skill.md",
        "skill-lowercase-file/.claude/skills/upper/SKILL.MD",
        "style-upper-extension/.claude/output-styles/upper-extension.MD",
    ] {
        assert!(
            not_loaded(rel),
            "{rel}: {:?}",
            found.get(&scenarios.join(rel))
        );
    }
    assert!(!not_loaded("skill-nested/.claude/skills/c/SKILL.md"));
    let listed = oracle()["scenario"]["skill-nested"]["listing"].clone();
    assert_eq!(
        listed,
        serde_json::json!(["- c: one level, sibling of nested"])
    );
}

/// The scenarios whose files `oracle-kinds.py` writes at run time (`GENERATE`: sizes at the
/// limits, names with hidden characters that git should not hold), written the same way here:
/// each file Claude Code listed (its description is in the recorded listing) gets no error, each
/// one it left out gets one (`file-too-large`, `name-not-offered`).
#[test]
fn generated_scenarios_listed_or_not() {
    let record = oracle();
    let scenarios = Path::new(FIXTURES).join("scenario");
    let line = b"padding padding padding padding padding padding padding padding\n";
    let mut wrong = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&scenarios).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(spec) = std::fs::read_to_string(dir.join("GENERATE")) else {
            continue;
        };
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let listing: Vec<String> = record["scenario"][&name]["listing"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is not recorded"))
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect();
        // output styles are not in the skill listing: their own test is the style scenarios
        if name.starts_with("size-style") || name.starts_with("style-") {
            continue;
        }
        let root = tempfile::tempdir().unwrap();
        let spec: Vec<Value> = serde_json::from_str(&spec).unwrap();
        let mut files = Vec::new();
        for g in &spec {
            let path = root.path().join(g["path"].as_str().unwrap());
            let head = g["head"].as_str().unwrap_or("").as_bytes().to_vec();
            let data = match g["size"].as_u64() {
                Some(size) => {
                    let mut d = head.clone();
                    while d.len() < size as usize {
                        d.extend_from_slice(line);
                    }
                    d.truncate(size as usize);
                    d
                }
                None => head.clone(),
            };
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &data).unwrap();
            // the heads are `description: d-...`, unique in a scenario
            let description = String::from_utf8_lossy(&head)
                .lines()
                .find_map(|l| l.strip_prefix("description: ").map(str::to_string))
                .unwrap();
            files.push((path, description));
        }
        let found = check(root.path());
        for (path, description) in files {
            let listed = listing
                .iter()
                .any(|l| l.ends_with(&format!(": {description}")));
            let errors: Vec<&(String, String)> = found
                .get(&path)
                .map(|d| d.iter().filter(|(_, s)| s == "error").collect())
                .unwrap_or_default();
            checked += 1;
            if listed != errors.is_empty() {
                wrong.push(format!(
                    "{name}: {} listed={listed} errors={errors:?}",
                    path.strip_prefix(root.path()).unwrap().display()
                ));
            }
        }
    }
    assert!(checked > 60, "{checked} generated files");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every scenario where Claude Code refused to run the command or skill ("Shell command
/// permission check failed for pattern ..."), code fences and HTML comments included, gets
/// `shell-without-bash` on that very `!` line; the scenarios it ran get none.
#[test]
fn refused_shell_lines_are_found_where_claude_code_found_them() {
    let record = oracle();
    let scenarios = Path::new(FIXTURES).join("scenario");
    let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .args(["check", "--format", "json"])
        .arg(&scenarios)
        .output()
        .unwrap();
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut refused = 0;
    for (name, rec) in record["scenario"].as_object().unwrap() {
        if scenarios.join(name).join("GENERATE").exists() {
            continue;
        }
        let stdout = rec["stdout"].as_str().unwrap_or("");
        let found: Vec<&Value> = diags
            .iter()
            .filter(|d| {
                d["code"] == "shell-without-bash"
                    && d["path"]
                        .as_str()
                        .is_some_and(|p| Path::new(p).starts_with(scenarios.join(name)))
            })
            .collect();
        match stdout.strip_prefix("Shell command permission check failed for pattern \"") {
            Some(rest) => {
                refused += 1;
                let pattern = &rest[..rest.find("\":").unwrap()];
                assert!(
                    found.iter().any(|d| {
                        let path = d["path"].as_str().unwrap();
                        let text = std::fs::read_to_string(path).unwrap();
                        let line = text
                            .lines()
                            .nth(d["range"]["start"]["line"].as_u64().unwrap() as usize - 1)
                            .unwrap();
                        line.contains(pattern)
                    }),
                    "{name}: `{pattern}` refused by Claude Code, agent-ls found {found:?}"
                );
            }
            None => assert!(found.is_empty(), "{name}: Claude Code ran it: {found:?}"),
        }
    }
    assert!(refused >= 3, "{refused} refused scenarios");
}
