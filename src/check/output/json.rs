//! `--format json`: one array of `{path, range: {start: {line, column}, end}, severity, code,
//! message}` (1-based lines and columns, columns in characters, the end exclusive).

use std::io::Write;

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

pub(super) fn write(
    out: &mut impl Write,
    reports: &[FileReport],
    opts: &Options,
) -> std::io::Result<()> {
    let point = |(line, column)| JsonPoint { line, column };
    let mut json = Vec::new();
    for r in reports {
        if let Some(e) = &r.error {
            json.push(JsonDiagnostic {
                path: r.path.display().to_string(),
                kind: r.kind.map(Kind::as_str),
                range: JsonRange {
                    start: point((1, 1)),
                    end: point((1, 1)),
                },
                severity: "error",
                code: Code::UnreadableFile.as_str(),
                message: e,
            });
            continue;
        }
        let index = LineIndex::new(&r.text);
        for d in r.diagnostics.iter().filter(|d| super::shown(d, opts)) {
            json.push(JsonDiagnostic {
                path: r.path.display().to_string(),
                kind: r.kind.map(Kind::as_str),
                range: JsonRange {
                    start: point(line_col(&index, &r.text, d.span.start)),
                    end: point(line_col(&index, &r.text, d.span.end)),
                },
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                message: &d.message,
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::other)?;
    writeln!(out)
}
