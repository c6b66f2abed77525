//! Baselines: `check --write-baseline FILE` records today's findings, `check --baseline FILE`
//! reports only the findings that are not in it.
//!
//! A finding is recorded as its file (relative to the folder of the baseline file, with `/`), its
//! code, its message and a fingerprint of its content: a hash of the text the diagnostic covers,
//! the trimmed text of its line and its message. No line numbers: a finding still matches after
//! lines are inserted or removed above it. Matching is a multiset: two identical findings in the
//! baseline absorb two findings today, not more.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::check::FileReport;
use crate::syntax::Span;
use crate::text::LineIndex;

/// The format version this program writes and reads.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    path: String,
    code: String,
    fingerprint: String,
    message: String,
}

type Key = (String, String, String);

impl Entry {
    fn key(&self) -> Key {
        (
            self.path.clone(),
            self.code.clone(),
            self.fingerprint.clone(),
        )
    }
}

/// A loaded baseline: how many findings of each kind it still absorbs.
#[derive(Debug)]
pub struct Baseline {
    base: PathBuf,
    remaining: HashMap<Key, usize>,
}

/// The fingerprint of a finding's content: FNV-1a (64 bits, hex) of the text `span` covers, the
/// trimmed text of the line it starts on and the message. Stable across versions and platforms.
pub fn fingerprint(text: &str, index: &LineIndex, span: Span, message: &str) -> String {
    let start = span.start.min(text.len());
    let covered = text.get(start..span.end.clamp(start, text.len()));
    let (line_start, line_end) = index.line_bounds(text, index.line_of(start));
    let line = text.get(line_start..line_end).unwrap_or("").trim();
    fnv1a(&[covered.unwrap_or(""), line, message])
}

fn fnv1a(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b"\0" };
        for &b in sep.iter().chain(part.as_bytes()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The folder a baseline's paths are relative to: the one holding the baseline file.
fn base_of(file: &Path) -> Result<PathBuf, String> {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

/// `file` relative to `base`, with `/` (`..` where it lies outside).
fn relative(base: &Path, file: &Path) -> String {
    let file = std::fs::canonicalize(file)
        .or_else(|_| std::path::absolute(file))
        .unwrap_or_else(|_| file.to_path_buf());
    let b: Vec<Component> = base.components().collect();
    let f: Vec<Component> = file.components().collect();
    let common = b.iter().zip(&f).take_while(|(x, y)| x == y).count();
    let ups = std::iter::repeat_n("..".to_string(), b.len() - common);
    let rest = f[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(rest).collect::<Vec<_>>().join("/")
}

/// Every finding of a report (hints included), in report order.
fn entries(base: &Path, r: &FileReport) -> Vec<Entry> {
    let path = relative(base, &r.path);
    if let Some(e) = &r.error {
        return vec![Entry {
            path,
            code: Code::UnreadableFile.as_str().to_string(),
            fingerprint: fnv1a(&["", "", e]),
            message: e.clone(),
        }];
    }
    let index = LineIndex::new(&r.text);
    r.diagnostics
        .iter()
        .map(|d| Entry {
            path: path.clone(),
            code: d.code.as_str().to_string(),
            fingerprint: fingerprint(&r.text, &index, d.span, &d.message),
            message: d.message.clone(),
        })
        .collect()
}

/// Records the findings of reports as they come, for `--write-baseline`.
pub struct Recorder {
    /// The baseline file.
    pub file: PathBuf,
    /// The folder the paths are relative to (or why it cannot be found, reported by `write`).
    base: Result<PathBuf, String>,
    findings: Vec<Entry>,
}

impl Recorder {
    /// A recorder for the baseline `file`.
    pub fn new(file: &Path) -> Recorder {
        Recorder {
            file: file.to_path_buf(),
            base: base_of(file),
            findings: Vec::new(),
        }
    }

    /// Records every finding of `r` (hints included).
    pub fn add(&mut self, r: &FileReport) {
        if let Ok(base) = &self.base {
            self.findings.extend(entries(base, r));
        }
    }

    /// Writes the findings to the file (sorted, so the file is stable); returns how many.
    pub fn write(self) -> Result<usize, String> {
        self.base?;
        let file = &self.file;
        let mut findings = self.findings;
        findings.sort();
        let n = findings.len();
        let doc = BaselineFile {
            version: VERSION,
            findings,
        };
        let mut json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
        json.push('\n');
        std::fs::write(file, json).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(n)
    }
}

impl Baseline {
    pub fn load(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read baseline {}: {e}", file.display()))?;
        let doc: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a baseline file: {e}", file.display()))?;
        if doc.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (this agent-ls reads version {VERSION})",
                file.display(),
                doc.version
            ));
        }
        let mut remaining = HashMap::new();
        for e in &doc.findings {
            *remaining.entry(e.key()).or_insert(0) += 1;
        }
        Ok(Baseline {
            base: base_of(file)?,
            remaining,
        })
    }

    /// Removes the findings the baseline absorbs from `reports`; returns how many.
    pub fn apply(&mut self, reports: &mut [FileReport]) -> usize {
        let mut suppressed = 0;
        for r in reports.iter_mut() {
            let absorbed: Vec<bool> = entries(&self.base, r)
                .iter()
                .map(|e| self.take(e.key()))
                .collect();
            suppressed += absorbed.iter().filter(|&&a| a).count();
            if r.error.is_some() {
                if absorbed.first() == Some(&true) {
                    r.error = None;
                }
            } else {
                let mut absorbed = absorbed.into_iter();
                r.diagnostics.retain(|_| !absorbed.next().unwrap_or(false));
            }
        }
        suppressed
    }

    /// Takes one finding of this kind out of the baseline, if any is left.
    fn take(&mut self, key: Key) -> bool {
        match self.remaining.get_mut(&key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// How many findings of the baseline matched nothing (fixed since, or changed).
    pub fn unmatched(&self) -> usize {
        self.remaining.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_position_but_not_content() {
        let a = "x\n  color: teal\n";
        let b = "x\ny\n\ncolor: teal  \n";
        let fa = fingerprint(a, &LineIndex::new(a), Span::new(11, 15), "m");
        let fb = fingerprint(b, &LineIndex::new(b), Span::new(12, 16), "m");
        assert_eq!(fa, fb);
        let fc = fingerprint(b, &LineIndex::new(b), Span::new(12, 16), "other");
        assert_ne!(fa, fc);
        assert_eq!(fnv1a(&[""]), "cbf29ce484222325");
    }

    #[test]
    fn relative_paths() {
        let base = Path::new("/r/sub");
        assert_eq!(relative(base, Path::new("/r/sub/a/b.md")), "a/b.md");
        assert_eq!(relative(base, Path::new("/r/c.md")), "../c.md");
    }
}
