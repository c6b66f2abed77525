//! `agent-ls check`: lint agent files from the command line, with the server's engine.

use crate::catalog::Code;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::project::{self, Project};
use crate::analysis::{Diagnostic, Related, classify, diagnostics};
use crate::catalog::Severity;
use crate::syntax::Header;
use crate::text::LineIndex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub hints: bool,
    pub color: bool,
    /// Apply the safe fixes and rewrite the files (only when asked).
    pub fix: bool,
}

/// The findings for one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be read or decoded.
    pub error: Option<String>,
}

/// Lints one file's text (the same engine as the server). `None` when it is not an agent file.
pub fn lint_text(path: &Path, text: &str) -> Option<Vec<Diagnostic>> {
    lint_parsed(path, text, &Header::parse(text), None)
}

fn lint_parsed(
    path: &Path,
    text: &str,
    header: &Header,
    project: Option<&Project>,
) -> Option<Vec<Diagnostic>> {
    if !classify::is_agent_file(Some(path), header) {
        return None;
    }
    let body_start = header.body_start().min(text.len());
    let cx = diagnostics::Context {
        file_stem: path.file_stem().and_then(|s| s.to_str()),
        body_blank: header.frontmatter().is_some() && text[body_start..].trim().is_empty(),
        file_len: text.len(),
        path: Some(path),
        project,
    };
    Some(diagnostics::compute(header, cx))
}

/// Markdown files under `paths` (respecting `.gitignore`; hidden folders such as `.claude` are
/// searched). Explicitly named files are always included.
pub fn discover(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push((p.clone(), true));
            continue;
        }
        if !p.exists() {
            errors.push(format!("{}: no such file or directory", p.display()));
            continue;
        }
        let walker = ignore::WalkBuilder::new(p)
            .hidden(false)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git" && e.file_name() != "node_modules")
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    if classify::is_markdown(e.path()) {
                        files.push((e.into_path(), false));
                    }
                }
                Ok(_) => {}
                Err(err) => errors.push(err.to_string()),
            }
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    (files, errors)
}

enum Loaded {
    Text(PathBuf, bool, String, Box<Header>),
    Failed(FileReport),
}

/// Reads and lints the files, in parallel. Files that are not agent files are left out, except
/// explicitly named ones. All the files checked together form one project, so two agents with
/// one name are reported in CI too.
pub fn run(files: &[(PathBuf, bool)]) -> Vec<FileReport> {
    let loaded: Vec<Loaded> = files
        .par_iter()
        .filter_map(|(path, explicit)| {
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    return Some(Loaded::Failed(FileReport {
                        path: path.clone(),
                        text: String::new(),
                        diagnostics: Vec::new(),
                        error: Some(format!("cannot read: {e}")),
                    }));
                }
            };
            match String::from_utf8(bytes) {
                Ok(t) => {
                    let h = Header::parse(&t);
                    Some(Loaded::Text(path.clone(), *explicit, t, Box::new(h)))
                }
                Err(e) => {
                    (*explicit || classify::in_agents_folder(path)).then(|| {
                        Loaded::Failed(FileReport {
                            path: path.clone(),
                            text: String::new(),
                            diagnostics: Vec::new(),
                            error: Some(format!(
                                "not valid UTF-8 (invalid byte at offset {}): Claude Code cannot read it as text",
                                e.utf8_error().valid_up_to()
                            )),
                        })
                    })
                }
            }
        })
        .collect();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut proj = Project {
        home: home.clone(),
        ..Project::default()
    };
    for l in &loaded {
        if let Loaded::Text(path, _, text, header) = l
            && classify::is_agent_file(Some(path), header)
            && let Some(rec) = project::record(path, text, header, home.as_deref())
        {
            proj.agents.push(rec);
        }
    }
    proj.reindex();
    let mut reports: Vec<FileReport> = loaded
        .into_par_iter()
        .filter_map(|l| match l {
            Loaded::Failed(r) => Some(r),
            Loaded::Text(path, explicit, text, header) => {
                let diags = match lint_parsed(&path, &text, &header, Some(&proj)) {
                    Some(d) => d,
                    None if explicit => diagnostics::compute(
                        &header,
                        diagnostics::Context {
                            file_len: text.len(),
                            ..Default::default()
                        },
                    ),
                    None => return None,
                };
                Some(FileReport {
                    path,
                    text,
                    diagnostics: diags,
                    error: None,
                })
            }
        })
        .collect();
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    reports
}

/// 1-based line and column (in characters) of a byte offset: what people and editors' "go to
/// line:column" read.
fn line_col(index: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
    let p = index.point(text, offset);
    (p.line as usize + 1, p.chars as usize + 1)
}

/// Applies a report's safe fixes to its file (round after round, see
/// [`crate::analysis::fixes::fix_all`]), says what changed, and re-lints the new text.
pub fn fix_report(r: &mut FileReport) -> std::io::Result<()> {
    if r.error.is_some() {
        return Ok(());
    }
    let path = r.path.clone();
    let Some((fixed, titles)) =
        crate::analysis::fixes::fix_all(&r.text, |t| lint_text(&path, t).unwrap_or_default())
    else {
        return Ok(());
    };
    std::fs::write(&r.path, &fixed)?;
    eprintln!("fixed {}: {}", r.path.display(), titles.join("; "));
    r.diagnostics = lint_text(&r.path, &fixed).unwrap_or_default();
    r.text = fixed;
    Ok(())
}

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
    range: JsonRange,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
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

fn render_text(
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

/// Prints the reports; returns (errors, warnings, printed).
pub fn print(
    out: &mut impl Write,
    reports: &[FileReport],
    opts: &Options,
) -> std::io::Result<(usize, usize)> {
    let style = Style { color: opts.color };
    let mut errors = 0;
    let mut warnings = 0;
    let mut json = Vec::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        if let Some(e) = &r.error {
            errors += 1;
            match opts.format {
                Format::Text => writeln!(
                    out,
                    "{}: {}: {e}\n",
                    style.paint("1", &r.path.display().to_string()),
                    style.severity(Severity::Error)
                )?,
                Format::Json => json.push(JsonDiagnostic {
                    path: r.path.display().to_string(),
                    range: JsonRange {
                        start: JsonPoint { line: 1, column: 1 },
                        end: JsonPoint { line: 1, column: 1 },
                    },
                    severity: "error",
                    code: Code::UnreadableFile.as_str(),
                    message: e,
                }),
            }
            continue;
        }
        for d in &r.diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                _ => {}
            }
            if d.severity == Severity::Hint && !opts.hints {
                continue;
            }
            match opts.format {
                Format::Text => render_text(out, r, &index, d, &style)?,
                Format::Json => {
                    let (sl, sc) = line_col(&index, &r.text, d.span.start);
                    let (el, ec) = line_col(&index, &r.text, d.span.end);
                    json.push(JsonDiagnostic {
                        path: r.path.display().to_string(),
                        range: JsonRange {
                            start: JsonPoint {
                                line: sl,
                                column: sc,
                            },
                            end: JsonPoint {
                                line: el,
                                column: ec,
                            },
                        },
                        severity: d.severity.as_str(),
                        code: d.code.as_str(),
                        message: &d.message,
                    });
                }
            }
        }
    }
    match opts.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Text => {
            let summary = format!(
                "{errors} error{}, {warnings} warning{} in {} agent file{}",
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
                reports.len(),
                if reports.len() == 1 { "" } else { "s" },
            );
            writeln!(
                out,
                "{}",
                style.paint(if errors > 0 { "1;31" } else { "1;32" }, &summary)
            )?;
        }
    }
    Ok((errors, warnings))
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut opts = Options {
        paths: Vec::new(),
        format: Format::Text,
        hints: false,
        fix: false,
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if a.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag {
            "--format" => {
                opts.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("unknown format `{other}` (use text or json)")),
                }
            }
            "--hints" => opts.hints = true,
            "--fix" => opts.fix = true,
            "--color" => {
                opts.color = match value("--color")?.as_str() {
                    "always" => true,
                    "never" => false,
                    "auto" => opts.color,
                    other => return Err(format!("unknown --color value `{other}`")),
                }
            }
            "--" => {
                opts.paths.extend(it.by_ref().map(PathBuf::from));
            }
            f if f.starts_with('-') && f.len() > 1 => return Err(format!("unknown option `{f}`")),
            _ => opts.paths.push(PathBuf::from(a)),
        }
    }
    if opts.paths.is_empty() {
        opts.paths.push(PathBuf::from("."));
    }
    Ok(opts)
}

/// `agent-ls check ...`: exit 0 when clean, 1 when any error was found, 2 on a usage error.
pub fn main(args: &[String]) -> ExitCode {
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("agent-ls check: {e}");
            return ExitCode::from(2);
        }
    };
    let (files, walk_errors) = discover(&opts.paths);
    for e in &walk_errors {
        eprintln!("agent-ls check: {e}");
    }
    let mut reports = run(&files);
    if opts.fix {
        for r in reports.iter_mut() {
            if let Err(e) = fix_report(r) {
                eprintln!("agent-ls check: cannot write {}: {e}", r.path.display());
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = print(&mut out, &reports, &opts).and_then(|r| out.flush().map(|_| r));
    match result {
        Ok((errors, _)) if errors > 0 || !walk_errors.is_empty() => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agent-ls check: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let t = "ab\r\ncé\rx";
        let index = LineIndex::new(t);
        let line_col = |offset| line_col(&index, t, offset);
        assert_eq!(line_col(0), (1, 1));
        assert_eq!(line_col(4), (2, 1));
        assert_eq!(line_col(7), (2, 3));
        assert_eq!(line_col(8), (3, 1));
    }
}
