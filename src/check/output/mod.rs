//! Printing `check`'s reports, one module per format, and counting what they hold.

mod github;
mod json;
mod sarif;
mod text;

use std::io::Write;
use std::path::Path;

use crate::analysis::Diagnostic;
use crate::catalog::Kind;
use crate::catalog::Severity;
use crate::check::{FileReport, Format, Options};

/// How many findings of each severity the reports hold (hints included, printed or not).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    /// Files reported (agent files, explicitly named files, unreadable files).
    pub files: usize,
    /// Agent files of each kind, in the order of `Kind::ALL`.
    pub kinds: [usize; Kind::ALL.len()],
}

impl Counts {
    pub fn of(reports: &[FileReport]) -> Counts {
        let mut c = Counts {
            files: reports.len(),
            ..Counts::default()
        };
        for r in reports {
            if r.error.is_some() {
                c.errors += 1;
            }
            if let Some(k) = r.kind
                && let Some(i) = Kind::ALL.iter().position(|x| *x == k)
            {
                c.kinds[i] += 1;
            }
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => c.errors += 1,
                    Severity::Warning => c.warnings += 1,
                    Severity::Information => c.infos += 1,
                    Severity::Hint => c.hints += 1,
                }
            }
        }
        c
    }

    /// Whether anything at or above `threshold` was found (`--fail-on`).
    pub fn fails(&self, threshold: Severity) -> bool {
        let at = |s: Severity| s <= threshold;
        self.errors > 0
            || (at(Severity::Warning) && self.warnings > 0)
            || (at(Severity::Information) && self.infos > 0)
            || (at(Severity::Hint) && self.hints > 0)
    }
}

/// Prints the reports in the chosen format. `failed` colours the text summary.
pub fn print(
    out: &mut impl Write,
    reports: &[FileReport],
    opts: &Options,
    counts: &Counts,
    failed: bool,
) -> std::io::Result<()> {
    match opts.format {
        Format::Text => text::write(out, reports, opts, counts, failed),
        Format::Json => json::write(out, reports, opts),
        Format::Sarif => sarif::write(out, reports, opts),
        Format::Github => github::write(out, reports, opts),
    }
}

/// Whether a diagnostic is printed: hints only with `--hints`.
fn shown(d: &Diagnostic, opts: &Options) -> bool {
    d.severity != Severity::Hint || opts.hints
}

/// A path as the machine formats print it: as given, with `/` and without a leading `./`.
fn display_path(path: &Path) -> String {
    let s = path.display().to_string();
    let s = if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s
    };
    match s.strip_prefix("./") {
        Some(rest) => rest.trim_start_matches('/').to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        let warn = Counts {
            warnings: 1,
            ..Counts::default()
        };
        assert!(!warn.fails(Severity::Error));
        assert!(warn.fails(Severity::Warning));
        assert!(warn.fails(Severity::Hint));
        let hint = Counts {
            hints: 2,
            ..Counts::default()
        };
        assert!(!hint.fails(Severity::Warning));
        assert!(hint.fails(Severity::Hint));
        assert_eq!(display_path(Path::new("./a/b.md")), "a/b.md");
        assert_eq!(display_path(Path::new("a/b.md")), "a/b.md");
    }
}
