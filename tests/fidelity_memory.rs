//! Fidelity for memory files: the scenarios of `tests/fixtures/memory-oracle/`, run through the
//! real Claude Code 2.1.330 by `oracle-memory.py` (`ORACLE.json` records which files reached the
//! model; `FACTS.md` says what each showed), against agent-ls's reading of the same files.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use agent_ls::analysis::diagnostics::non_text;
use agent_ls::analysis::project::imports_of;
use common::check_json;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/memory-oracle");

fn scenario(name: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("ORACLE.json")).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all["scenarios"][name].clone()
}

/// The files of a scenario that reached the model at start (`<project>/x` as `x`).
fn loaded(name: &str) -> BTreeSet<String> {
    scenario(name)["memory"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| {
            let h = m["header"].as_str()?;
            let rest = h.strip_prefix("Contents of <project>/")?;
            Some(rest.split(" (").next()?.trim_end_matches(':').to_string())
        })
        .collect()
}

/// The files agent-ls says `CLAUDE.md` of the scenario imports (followed, existing, text).
fn imported(name: &str) -> BTreeSet<String> {
    let root = Path::new(FIXTURES).join("scenarios").join(name);
    let claude = root.join("CLAUDE.md");
    // the harness writes the project's folder for `<project>`
    let text = std::fs::read_to_string(&claude)
        .unwrap()
        .replace("<project>", &root.display().to_string());
    imports_of(&claude, &text, None)
        .into_iter()
        .filter(|i| !i.in_code && i.target.is_file() && non_text(&i.target).is_none())
        .map(|i| rel(&root, &i.target))
        .collect()
}

/// The names of the recorded scenarios that `keep` keeps, sorted.
fn scenario_names(keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(FIXTURES).join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .collect();
    names.sort();
    names
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| PathBuf::from(p))
        .display()
        .to_string()
}

/// Every way of writing `@path` that Claude Code follows, and none that it does not: code
/// fences, code spans, HTML, `a@b`, `(@x)`, `[@x]`, `"@x"`, `@@x`, `@#x`, trailing punctuation.
#[test]
fn the_imports_claude_code_follows_are_the_ones_agent_ls_follows() {
    let mut cc = loaded("imports-syntax");
    assert!(cc.remove("CLAUDE.md"));
    let ours = imported("imports-syntax");
    assert_eq!(
        ours.symmetric_difference(&cc).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "agent-ls follows {ours:?}\nClaude Code loaded {cc:?}"
    );
    assert!(cc.len() >= 10, "{cc:?}");
}

/// Relative to the importing file, `./`, `#fragment` and `\ `.
#[test]
fn import_paths_resolve_as_claude_code_resolves_them() {
    let mut cc = loaded("imports-paths");
    cc.remove("CLAUDE.md");
    let ours = imported("imports-paths");
    // the files CLAUDE.md imports directly are loaded (the rest come from nested imports)
    assert!(!ours.is_empty());
    for f in &ours {
        assert!(cc.contains(f), "{f} is not among {cc:?}");
    }
}

/// The chain of `imports-depth-chain`: Claude Code loads CLAUDE.md and 4 levels (c1 to c4);
/// agent-ls says the import leads past that and names c5.
#[test]
fn the_depth_claude_code_follows() {
    let cc = loaded("imports-depth-chain");
    let want: BTreeSet<String> = ["CLAUDE.md", "c1.md", "c2.md", "c3.md", "c4.md"]
        .map(String::from)
        .into_iter()
        .collect();
    assert_eq!(cc, want);
    assert_eq!(agent_ls::catalog::get().max_import_depth, 4);
    let root = Path::new(FIXTURES).join("scenarios/imports-depth-chain");
    let diags: Vec<Value> = check_json(&[&root], &[], None);
    let deep: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "import-too-deep")
        .collect();
    assert_eq!(deep.len(), 1, "{diags:#?}");
    // on the import that is cut: c4.md's, the last level Claude Code follows
    assert_eq!(
        deep[0]["path"].as_str().map(|p| rel(&root, Path::new(p))),
        Some("c4.md".to_string())
    );
    assert!(
        deep[0]["message"]
            .as_str()
            .unwrap()
            .contains("never loads `c5.md`"),
        "{}",
        deep[0]["message"]
    );
}

/// `AGENTS.md` is read only without a `CLAUDE.md`, `.claude/CLAUDE.md` or `CLAUDE.local.md`.
#[test]
fn agents_md_only_without_claude_md() {
    assert!(loaded("agents-only").contains("AGENTS.md"));
    assert!(!loaded("agents-with-local-only").contains("AGENTS.md"));
    let check = |name: &str| {
        let root = Path::new(FIXTURES).join("scenarios").join(name);
        let diags: Vec<Value> = check_json(&[&root], &[], None);
        diags
            .iter()
            .filter(|d| d["code"] == "agents-md-not-loaded")
            .map(|d| rel(&root, Path::new(d["path"].as_str().unwrap())))
            .collect::<Vec<_>>()
    };
    assert_eq!(check("agents-only"), Vec::<String>::new());
    assert_eq!(check("agents-with-local-only"), ["AGENTS.md"]);
}

/// File names are case-sensitive: `claude.md`, `Agents.md` and the like are not memory files.
#[test]
fn memory_file_names_are_case_sensitive() {
    assert!(loaded("case-variants").is_empty());
    let root = Path::new(FIXTURES).join("scenarios/case-variants");
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            let text = std::fs::read_to_string(&p).unwrap();
            let header = agent_ls::syntax::Header::parse(&text);
            assert_eq!(
                agent_ls::analysis::classify::kind_of(Some(&p), &header),
                None,
                "{}",
                p.display()
            );
        }
    }
}

/// Depth and diamonds (2.1.330 shares one set of loaded files between the files it loads at
/// start, and checks the depth before it marks a file loaded): no `import-too-deep` names a file
/// that Claude Code loaded by a shorter path, and the chains that do lose a file say so.
#[test]
fn too_deep_only_where_claude_code_cuts() {
    let dir = Path::new(FIXTURES).join("scenarios");
    let names = scenario_names(|n| {
        (n.starts_with("imports-diamond") || n.starts_with("chain-"))
            && !n.contains("home")
            && !n.contains("nested")
    });
    assert!(names.len() >= 10, "{names:?}");
    let mut reported_cut = 0;
    for name in &names {
        let root = dir.join(name);
        if root.join("GENERATE").exists() {
            continue;
        }
        let loaded = loaded(name);
        let diags: Vec<Value> = check_json(&[&root], &[], None);
        for d in diags.iter().filter(|d| d["code"] == "import-too-deep") {
            let msg = d["message"].as_str().unwrap();
            let file = msg
                .split("never loads `")
                .nth(1)
                .and_then(|r| r.split('`').next())
                .unwrap_or_else(|| panic!("{msg}"));
            assert!(
                !loaded.contains(file),
                "{name}: agent-ls says `{file}` never loads, Claude Code loaded it: {msg}"
            );
            reported_cut += 1;
        }
    }
    // the branches and both-deep scenarios do lose a file
    assert!(reported_cut >= 2, "{reported_cut}");
}

/// The import scanner, class by class (the `scan-*` scenarios: link text, images, angle
/// brackets, reference definitions, glued tokens, path ends, escapes, CJK and non-ASCII starts,
/// text normalisation): the files `CLAUDE.md` imports as agent-ls reads it are the files Claude
/// Code loaded, no more, no fewer.
#[test]
fn every_scanner_scenario_follows_what_claude_code_follows() {
    let dir = Path::new(FIXTURES).join("scenarios");
    let names = scenario_names(|n| {
        n.starts_with("scan-")
            && !dir.join(n).join("GENERATE").exists()
            && dir.join(n).join("CLAUDE.md").is_file()
    });
    assert!(names.len() >= 8, "{names:?}");
    let mut wrong = Vec::new();
    for name in &names {
        let mut cc = loaded(name);
        cc.remove("CLAUDE.md");
        let ours = imported(name);
        let extra: Vec<&String> = ours.difference(&cc).collect();
        let missing: Vec<&String> = cc.difference(&ours).collect();
        if !extra.is_empty() || !missing.is_empty() {
            wrong.push(format!(
                "{name}: agent-ls also follows {extra:?}; misses {missing:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Scenarios whose start-up block agent-ls does not model, with the reason.
const NOT_MODELLED: &[(&str, &str)] = &[];

/// Every recorded scenario, staged as the harness stages it (`oracle-memory.py --stage`:
/// symbolic links, exact sizes, other encodings, `~/.claude.json`, settings): the files agent-ls
/// says Claude Code loads at start (its walk from the start files of the folder it runs in, with
/// the depth, the files read once, `claudeMdExcludes`, links and files outside that folder, and
/// the imports of conditional rules) are the files Claude Code put in the start-up block.
#[test]
fn every_scenario_loads_at_start_what_claude_code_loaded() {
    let names = scenario_names(|_| true);
    assert!(names.len() >= 90, "{}", names.len());
    let mut wrong = Vec::new();
    for name in &names {
        if NOT_MODELLED.iter().any(|(n, _)| n == name) {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let proj = tmp.path().join("p");
        let home = tmp.path().join("h");
        std::fs::create_dir_all(&proj).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let (proj, home) = (proj.canonicalize().unwrap(), home.canonicalize().unwrap());
        let out = std::process::Command::new("python3")
            .arg(Path::new(FIXTURES).join("oracle-memory.py"))
            .arg("--stage")
            .arg(Path::new(FIXTURES).join("scenarios").join(name))
            .arg(&proj)
            .arg(&home)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let special: Value = serde_json::from_slice(&out.stdout).unwrap();
        let cwd = special["CWD"]
            .as_str()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or(".");
        let folder = normalize(&proj.join(cwd));
        let project = agent_ls::workspace::index(std::slice::from_ref(&proj), Some(&home));
        let max = agent_ls::catalog::get().max_import_depth;
        let walk = project.imports.at_start(&folder, Some(&home), max);
        let ours: BTreeSet<String> = project
            .imports
            .loaded_at_start(&walk)
            .into_iter()
            .map(|p| shown(&p, &proj, &home))
            .collect();
        let cc: BTreeSet<String> = scenario(name)["memory"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| {
                let h = m["header"].as_str()?.strip_prefix("Contents of ")?;
                let h = h.strip_suffix(':').unwrap_or(h);
                // "<path> (descriptor)"
                let h = match h.rfind(" (") {
                    Some(at) if h.ends_with(')') => &h[..at],
                    _ => h,
                };
                Some(h.to_string())
            })
            .collect();
        if ours != cc {
            wrong.push(format!(
                "{name}: agent-ls also loads {:?}; misses {:?}",
                ours.difference(&cc).collect::<Vec<_>>(),
                cc.difference(&ours).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} scenarios:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// `path` as the oracle writes it: `<project>/x`, `<home>/x`.
fn shown(path: &Path, proj: &Path, home: &Path) -> String {
    if let Ok(rest) = path.strip_prefix(proj) {
        format!("<project>/{}", rest.display())
    } else if let Ok(rest) = path.strip_prefix(home) {
        format!("<home>/{}", rest.display())
    } else {
        path.display().to_string()
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}
