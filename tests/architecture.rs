//! The shape ARCHITECTURE.md promises, checked on the sources: no file a reader cannot hold
//! (800 lines at most), and imports that only go down the layers (catalog → syntax → analysis →
//! document → server / check, with `workspace` the I/O beside the top): nothing below asks
//! the disk or the protocol layer.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_source_file_over_800_lines() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > 800)
        .map(|(f, n)| format!("{} ({n} lines)", f.display()))
        .collect();
    assert!(files.len() > 50);
    assert!(long.is_empty(), "split these: {long:?}");
}

#[test]
fn imports_go_down_the_layers() {
    // (folder or file below src/, the modules of the crate it must not use)
    let rules: [(&str, &[&str]); 5] = [
        (
            "catalog",
            &[
                "syntax",
                "analysis",
                "document",
                "workspace",
                "server",
                "check",
            ],
        ),
        (
            "syntax",
            &["analysis", "document", "workspace", "server", "check"],
        ),
        ("analysis", &["document", "workspace", "server", "check"]),
        ("document", &["workspace", "server", "check"]),
        ("workspace", &["server", "check"]),
    ];
    let mut wrong = Vec::new();
    for (part, banned) in rules {
        let mut files = Vec::new();
        let p = src().join(part);
        if p.is_dir() {
            sources(&p, &mut files);
        } else {
            files.push(p);
        }
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for b in banned {
                    if code.contains(&format!("crate::{b}")) {
                        wrong.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
