//! The default format: rustc-style reports (`path:line:col: severity[code]: message`, the source
//! line, a caret under the exact range) and a summary line. Columns count characters.

use std::io::Write;

use super::Counts;
use crate::analysis::{Diagnostic, Related};
use crate::catalog::Kind;
use crate::catalog::Severity;
use crate::check::{FileReport, Options, line_col};
use crate::text::LineIndex;

/// What one report prints: each finding with its source line.
pub(super) fn render(r: &FileReport, opts: &Options) -> std::io::Result<Vec<u8>> {
    let style = Style { color: opts.color };
    let mut out = Vec::new();
    if let Some(e) = &r.error {
        writeln!(
            out,
            "{}: {}: {e}\n",
            style.paint("1", &r.path.display().to_string()),
            style.severity(Severity::Error)
        )?;
        return Ok(out);
    }
    let index = LineIndex::new(&r.text);
    for d in r.diagnostics.iter().filter(|d| super::shown(d, opts)) {
        render_one(&mut out, r, &index, d, &style)?;
    }
    Ok(out)
}

/// The summary line, after the last report.
pub(super) fn summary(
    out: &mut impl Write,
    opts: &Options,
    counts: &Counts,
    failed: bool,
) -> std::io::Result<()> {
    let style = Style { color: opts.color };
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
    ];
    if counts.infos > 0 {
        parts.push(plural(counts.infos, "info"));
    }
    if opts.hints {
        parts.push(plural(counts.hints, "hint"));
    }
    let kinds: Vec<String> = Kind::all()
        .iter()
        .zip(counts.kinds.iter().copied())
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| plural(n, &k.spec().noun))
        .collect();
    let summary = format!(
        "{} in {}{}",
        parts.join(", "),
        plural(counts.files, "agent file"),
        // agents alone, as before skills and commands existed, need no breakdown
        if counts.kinds.iter().skip(1).all(|n| *n == 0) {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    writeln!(
        out,
        "{}",
        style.paint(if failed { "1;31" } else { "1;32" }, &summary)
    )
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Information => "1;34",
            Severity::Hint => "1;36",
        };
        self.paint(code, sev.as_str())
    }
}

fn render_one(
    out: &mut impl Write,
    r: &FileReport,
    index: &LineIndex,
    d: &Diagnostic,
    style: &Style,
) -> std::io::Result<()> {
    let (line, col) = line_col(index, &r.text, d.span.start);
    writeln!(
        out,
        "{}: {}{} {}",
        style.paint("1", &format!("{}:{line}:{col}", r.path.display())),
        style.severity(d.severity),
        style.paint("1", &format!("[{}]:", d.code)),
        d.message
    )?;
    let (line_start, line_end) = index.line_bounds(&r.text, line - 1);
    let src = &r.text[line_start..line_end];
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let shown: String = src
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let lead = r.text[line_start..d.span.start.min(line_end)]
        .chars()
        .count();
    let width = r.text
        [d.span.start.min(line_end)..d.span.end.clamp(d.span.start, line_end).min(line_end)]
        .chars()
        .count()
        .max(1);
    const MAX: usize = 200;
    let (shown, lead, width) = if shown.chars().count() > MAX {
        // long lines (one-line descriptions): show a window around the span
        let from = lead.saturating_sub(40);
        let window: String = shown.chars().skip(from).take(MAX).collect();
        (
            format!("…{window}"),
            lead - from + 1,
            width.min(MAX - (lead - from)),
        )
    } else {
        (shown, lead, width)
    };
    writeln!(out, "{pad} {}", style.paint("1;34", "|"))?;
    writeln!(
        out,
        "{} {} {shown}",
        style.paint("1;34", &gutter),
        style.paint("1;34", "|")
    )?;
    let caret_code = match d.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        _ => "1;36",
    };
    writeln!(
        out,
        "{pad} {} {}{}",
        style.paint("1;34", "|"),
        " ".repeat(lead),
        style.paint(caret_code, &"^".repeat(width))
    )?;
    for (at, msg) in &d.related {
        match at {
            Related::Here(span) => {
                let (l, c) = line_col(index, &r.text, span.start);
                writeln!(out, "{pad} = note: {msg} at {}:{l}:{c}", r.path.display())?;
            }
            Related::File(path, p) => writeln!(
                out,
                "{pad} = note: {msg} at {}:{}:{}",
                path.display(),
                p.start.line + 1,
                p.start.chars + 1
            )?,
        }
    }
    writeln!(out)
}
