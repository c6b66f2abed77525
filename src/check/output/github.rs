//! `--format github`: one GitHub Actions workflow command per finding, so each becomes an
//! annotation on the pull request:
//! `::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=agent-ls CODE::MESSAGE`
//! (`::warning` for warnings, `::notice` for hints and infos). Lines and columns are 1-based,
//! columns in characters, the end exclusive, as in the other formats.

use std::io::Write;

use crate::analysis::Related;
use crate::catalog::Severity;
use crate::check::{FileReport, Options, line_col};
use crate::text::LineIndex;

/// What one report prints: a workflow command per finding.
pub(super) fn render(r: &FileReport, opts: &Options) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let path = super::display_path(&r.path);
    let file = property(&path);
    if let Some(e) = &r.error {
        writeln!(
            out,
            "::error file={file},title={}::{}",
            property("agent-ls unreadable-file"),
            data(e)
        )?;
        return Ok(out);
    }
    let index = LineIndex::new(&r.text);
    for d in r.diagnostics.iter().filter(|d| super::shown(d, opts)) {
        let (line, col) = line_col(&index, &r.text, d.span.start);
        let (end_line, end_col) = line_col(&index, &r.text, d.span.end);
        let mut message = d.message.clone();
        for (at, note) in &d.related {
            let (p, l, c) = match at {
                Related::Here(span) => {
                    let (l, c) = line_col(&index, &r.text, span.start);
                    (path.clone(), l, c)
                }
                Related::File(other, range) => (
                    super::display_path(other),
                    range.start.line as usize + 1,
                    range.start.chars as usize + 1,
                ),
            };
            message.push_str(&format!("\nnote: {note} at {p}:{l}:{c}"));
        }
        writeln!(
            out,
            "::{} file={file},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            command(d.severity),
            property(&format!("agent-ls {}", d.code)),
            data(&message)
        )?;
    }
    Ok(out)
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// The escaping of a command's message (GitHub's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping of a command's property value (GitHub's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("100%\r\nok: a, b"), "100%25%0D%0Aok: a, b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
