//! Printing `check`'s reports, one module per format, and counting what they hold. Reports are
//! printed as they come, one file at a time ([`Printer`]): what a report prints is rendered
//! from it alone (in parallel), so no report needs to be kept until the end.

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    /// Files reported (agent files, explicitly named files, unreadable files).
    pub files: usize,
    /// Agent files of each kind, in the order of [`Kind::all`].
    pub kinds: Vec<usize>,
}

impl Counts {
    pub fn of(reports: &[FileReport]) -> Counts {
        let mut c = Counts::default();
        reports.iter().for_each(|r| c.add(r));
        c
    }

    /// Counts one more report.
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        if r.error.is_some() {
            self.errors += 1;
        }
        if let Some(k) = r.kind
            && let Some(i) = Kind::all().iter().position(|x| *x == k)
        {
            if self.kinds.len() <= i {
                self.kinds.resize(Kind::all().len(), 0);
            }
            self.kinds[i] += 1;
        }
        for d in &r.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Information => self.infos += 1,
                Severity::Hint => self.hints += 1,
            }
        }
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

/// Where the findings of the machine formats go: one array, inside `head` and `tail`.
#[derive(Debug, Default)]
struct Frame {
    /// What comes before the array.
    head: String,
    /// The indentation of the line where the array starts (its closing bracket's).
    indent: String,
    /// What comes after the array.
    tail: String,
}

/// Prints the reports in the chosen format as they come, in order: [`Printer::render`] what a
/// report prints (from the report alone, so reports can be rendered in parallel),
/// [`Printer::write`] it, [`Printer::end`] after the last.
#[derive(Debug)]
pub struct Printer {
    format: Format,
    opts: Options,
    /// The array around the findings (json, sarif).
    frame: Frame,
    /// The indentation of an element of the array.
    element_indent: String,
    /// Whether `head` was written.
    started: bool,
    /// Elements of the array written so far.
    elements: usize,
}

/// What one report prints: blocks of text (text, github) or elements of the array of findings
/// (json, sarif).
pub struct Rendered(Vec<Vec<u8>>);

impl Printer {
    pub fn new(opts: &Options) -> std::io::Result<Printer> {
        let frame = match opts.format {
            Format::Json => json::frame(),
            Format::Sarif => sarif::frame()?,
            Format::Text | Format::Github => Frame::default(),
        };
        Ok(Printer {
            format: opts.format,
            opts: opts.clone(),
            element_indent: format!("{}  ", frame.indent),
            frame,
            started: false,
            elements: 0,
        })
    }

    /// What `r` prints.
    pub fn render(&self, r: &FileReport) -> std::io::Result<Rendered> {
        let opts = &self.opts;
        Ok(Rendered(match self.format {
            Format::Text => vec![text::render(r, opts)?],
            Format::Github => vec![github::render(r, opts)?],
            Format::Json => json::render(r, opts, &self.element_indent)?,
            Format::Sarif => sarif::render(r, opts, &self.element_indent)?,
        }))
    }

    /// Writes what a report prints, after those of the reports before it.
    pub fn write(&mut self, out: &mut impl Write, rendered: Rendered) -> std::io::Result<()> {
        self.start(out)?;
        let array = matches!(self.format, Format::Json | Format::Sarif);
        for block in rendered.0 {
            if array {
                out.write_all(if self.elements == 0 { b"[\n" } else { b",\n" })?;
                self.elements += 1;
            }
            out.write_all(&block)?;
        }
        Ok(())
    }

    /// Writes what follows the last report: the summary line (text), the end of the array and of
    /// the log (json, sarif). `failed` colours the text summary.
    pub fn end(
        mut self,
        out: &mut impl Write,
        counts: &Counts,
        failed: bool,
    ) -> std::io::Result<()> {
        self.start(out)?;
        match self.format {
            Format::Text => text::summary(out, &self.opts, counts, failed),
            Format::Github => Ok(()),
            Format::Json | Format::Sarif => {
                if self.elements == 0 {
                    out.write_all(b"[]")?;
                } else {
                    write!(out, "\n{}]", self.frame.indent)?;
                }
                writeln!(out, "{}", self.frame.tail)
            }
        }
    }

    fn start(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            out.write_all(self.frame.head.as_bytes())?;
        }
        Ok(())
    }
}

/// `value` pretty-printed as an element of an array, each line indented by `indent` (what
/// `serde_json` prints for it inside the whole document).
fn element(value: &impl serde::Serialize, indent: &str) -> std::io::Result<Vec<u8>> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    let mut out = Vec::with_capacity(text.len() + 16 * indent.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(indent.as_bytes());
        out.extend_from_slice(line.as_bytes());
    }
    Ok(out)
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
