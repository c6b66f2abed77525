//! `--format json`: one array of `{path, range: {start: {line, column}, end}, severity, code,
//! message}` (1-based lines and columns, columns in characters, the end exclusive).

use serde::Serialize;

use crate::catalog::Code;
use crate::catalog::Kind;
use crate::check::{FileReport, Options, line_col};
use crate::text::LineIndex;

#[derive(Serialize)]
struct JsonPoint {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPoint,
    end: JsonPoint,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    /// The kind of agent file (`agent`, `skill`, `command`, `output-style`); null for other files.
    kind: Option<&'static str>,
    range: JsonRange,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
}

/// The elements of the array that one report adds, each indented by `indent`.
pub(super) fn render(
    r: &FileReport,
    opts: &Options,
    indent: &str,
) -> std::io::Result<Vec<Vec<u8>>> {
    let point = |(line, column)| JsonPoint { line, column };
    let element = |d: &JsonDiagnostic| super::element(d, indent);
    if let Some(e) = &r.error {
        return Ok(vec![element(&JsonDiagnostic {
            path: r.path.display().to_string(),
            kind: r.kind.map(Kind::as_str),
            range: JsonRange {
                start: point((1, 1)),
                end: point((1, 1)),
            },
            severity: "error",
            code: Code::UnreadableFile.as_str(),
            message: e,
        })?]);
    }
    let index = LineIndex::new(&r.text);
    r.diagnostics
        .iter()
        .filter(|d| super::shown(d, opts))
        .map(|d| {
            element(&JsonDiagnostic {
                path: r.path.display().to_string(),
                kind: r.kind.map(Kind::as_str),
                range: JsonRange {
                    start: point(line_col(&index, &r.text, d.span.start)),
                    end: point(line_col(&index, &r.text, d.span.end)),
                },
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                message: &d.message,
            })
        })
        .collect()
}

/// The output is one array, its brackets at the start of a line.
pub(super) fn frame() -> super::Frame {
    super::Frame::default()
}
