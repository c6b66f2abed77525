//! `agent-ls check`: lint agent files from the command line, with the server's engine.
//! This module finds, reads and lints the files; `output/` prints them (one module per format),
//! `baseline.rs` records and subtracts known findings.

mod baseline;
mod output;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::analysis::project::{self, Project};
use crate::analysis::{Diagnostic, classify, diagnostics, suppress};
use crate::catalog::Kind;
use crate::catalog::Severity;
use crate::syntax::Header;
use crate::text::LineIndex;
use crate::workspace::Configs;

pub use output::Counts;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub hints: bool,
    pub color: bool,
    /// Apply the safe fixes and rewrite the files (only when asked).
    pub fix: bool,
    /// `--no-inline-suppressions`: report what suppression comments would hide.
    pub no_inline_suppressions: bool,
    /// Exit 1 when a finding at or above this severity remains (`--fail-on`, default error).
    pub fail_on: Severity,
    /// Report only findings that are not in this baseline file.
    pub baseline: Option<PathBuf>,
    /// Record the findings in this baseline file instead of printing them.
    pub write_baseline: Option<PathBuf>,
    /// Lint explicitly named files only if they are agent files (what the pre-commit hook does).
    pub only_agent_files: bool,
}

/// The findings for one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The kind of agent file (`None`: an explicitly named file that is not one, a
    /// configuration file, an unreadable file).
    pub kind: Option<Kind>,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be read or decoded.
    pub error: Option<String>,
}

/// Lints one file's text (the same engine as the server, no configuration, inline suppressions
/// on). `None` when it is not an agent file.
pub fn lint_text(path: &Path, text: &str) -> Option<Vec<Diagnostic>> {
    lint_parsed(path, text, &Header::parse(text), None, &Settings::default()).map(|(_, d)| d)
}

/// What decides the diagnostics besides the file: its configuration and the command line.
#[derive(Clone, Copy, Debug)]
pub struct Settings<'a> {
    pub config: Option<&'a crate::analysis::config::Config>,
    /// `false` with `--no-inline-suppressions`.
    pub inline_suppressions: bool,
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Settings {
            config: None,
            inline_suppressions: true,
        }
    }
}

/// The diagnostics of an agent file, with its configuration and suppressions applied (`None` when
/// it is not an agent file).
fn lint_parsed(
    path: &Path,
    text: &str,
    header: &Header,
    project: Option<&Project>,
    settings: &Settings<'_>,
) -> Option<(Kind, Vec<Diagnostic>)> {
    let kind = classify::kind_of(Some(path), header)?;
    let body_start = header.body_start().min(text.len());
    let exists = |p: &Path| p.exists();
    let cx = diagnostics::Context {
        kind,
        file_stem: path.file_stem().and_then(|s| s.to_str()),
        body_blank: header.frontmatter().is_some() && text[body_start..].trim().is_empty(),
        file_len: text.len(),
        path: Some(path),
        project,
        known: None,
        plugin: false,
        body: diagnostics::checked_from(kind, body_start).map(|at| (&text[at..], at)),
        refs: None,
        read: None,
        body_chars: None,
        exists: Some(&exists),
    };
    let suppressions = settings.inline_suppressions.then(|| {
        let mut s = suppress::in_head(header);
        s.extend(suppress::in_body(text, body_start));
        s
    });
    Some((
        kind,
        diagnostics::shown(header, cx, settings.config, suppressions.as_deref()),
    ))
}

/// Markdown files under `paths` (respecting `.gitignore`; hidden folders such as `.claude` are
/// searched). Explicitly named files are always included.
pub fn discover(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<String>) {
    let (files, _, errors) = discover_all(paths);
    (files, errors)
}

/// At most this many files of a workspace are listed for the globs of `paths`.
const MAX_LISTED_FILES: usize = 200_000;

/// Like [`discover`], with every file walked (any extension, up to a bound): what the globs of
/// a rule's or skill's `paths` are matched against.
pub fn discover_all(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut all = Vec::new();
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
                    if all.len() < MAX_LISTED_FILES {
                        all.push(e.path().to_path_buf());
                    }
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
    all.sort();
    all.dedup();
    (files, all, errors)
}

enum Loaded {
    Text(PathBuf, bool, String, Box<Header>),
    Failed(FileReport),
}

/// Reads and lints the files, in parallel. Files that are not agent files are left out, except
/// explicitly named ones. All the files checked together form one project, so two agents with
/// one name are reported in CI too.
pub fn run(files: &[(PathBuf, bool)]) -> Vec<FileReport> {
    run_with(files, &Configs::default(), true, None)
}

/// [`run`], with each file's configuration from `configs` and inline suppressions on or off.
pub fn run_with(
    files: &[(PathBuf, bool)],
    configs: &Configs,
    inline_suppressions: bool,
    listed: Option<Vec<PathBuf>>,
) -> Vec<FileReport> {
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
                        kind: None,
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
                            kind: None,
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
        // a walk of folders sees the whole project (`listed`); named files alone do not
        complete: listed.is_some(),
        ..Project::default()
    };
    for l in &loaded {
        if let Loaded::Text(path, _, text, header) = l
            && let Some(kind) = classify::kind_of(Some(path), header)
            && let Some(rec) = project::record(kind, path, text, header, home.as_deref())
        {
            proj.agents.push(rec);
        }
    }
    proj.reindex();
    proj.files = listed;
    // the import graph, from the texts at hand and the disk for the files they import
    let seeds = loaded.iter().filter_map(|l| match l {
        Loaded::Text(path, _, text, header)
            if classify::kind_of(Some(path), header).is_some_and(|k| k.spec().imports) =>
        {
            Some((path.clone(), text.as_str()))
        }
        _ => None,
    });
    proj.imports = crate::workspace::import_graph(seeds, home.as_deref());
    let mut reports: Vec<FileReport> = loaded
        .into_par_iter()
        .filter_map(|l| match l {
            Loaded::Failed(r) => Some(r),
            Loaded::Text(path, explicit, text, header) => {
                let config = configs.for_file(&path);
                let settings = Settings {
                    config: config.as_ref().map(|c| &c.config),
                    inline_suppressions,
                };
                let (kind, diags) = match lint_parsed(&path, &text, &header, Some(&proj), &settings)
                {
                    Some((kind, d)) => (Some(kind), d),
                    None if explicit => (
                        None,
                        diagnostics::compute(
                            &header,
                            diagnostics::Context {
                                file_len: text.len(),
                                ..Default::default()
                            },
                        ),
                    ),
                    None => return None,
                };
                Some(FileReport {
                    path,
                    kind,
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

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut opts = Options {
        paths: Vec::new(),
        format: Format::Text,
        hints: false,
        fix: false,
        no_inline_suppressions: false,
        fail_on: Severity::Error,
        baseline: None,
        write_baseline: None,
        only_agent_files: false,
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
                    "sarif" => Format::Sarif,
                    "github" => Format::Github,
                    other => {
                        return Err(format!(
                            "unknown format `{other}` (use text, json, sarif or github)"
                        ));
                    }
                }
            }
            "--hints" => opts.hints = true,
            "--fix" => opts.fix = true,
            "--no-inline-suppressions" => opts.no_inline_suppressions = true,
            "--fail-on" => {
                opts.fail_on = match value("--fail-on")?.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    "hint" => Severity::Hint,
                    other => {
                        return Err(format!(
                            "unknown --fail-on value `{other}` (use error, warning or hint)"
                        ));
                    }
                }
            }
            "--baseline" => opts.baseline = Some(PathBuf::from(value("--baseline")?)),
            "--write-baseline" => {
                opts.write_baseline = Some(PathBuf::from(value("--write-baseline")?))
            }
            "--only-agent-files" => opts.only_agent_files = true,
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
    if opts.baseline.is_some() && opts.write_baseline.is_some() {
        return Err("--baseline and --write-baseline cannot be used together".into());
    }
    // what makes the run fail is printed
    opts.hints |= opts.fail_on == Severity::Hint;
    Ok(opts)
}

/// `agent-ls check ...`: exit 0 when nothing at or above `--fail-on` was found, 1 when something
/// was (or a path does not exist), 2 on a usage or configuration error.
pub fn main(args: &[String]) -> ExitCode {
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("agent-ls check: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut files, listed, walk_errors) = discover_all(&opts.paths);
    for e in &walk_errors {
        eprintln!("agent-ls check: {e}");
    }
    if opts.only_agent_files {
        files.iter_mut().for_each(|f| f.1 = false);
    }
    let configs = Configs::default();
    // named files (a pre-commit hook's staged files) are not the whole project: what is not
    // among them is not known to be missing (no `paths-match-nothing`, `unknown-skill`, ...)
    let whole = opts.paths.iter().all(|p| p.is_dir());
    let mut reports = run_with(
        &files,
        &configs,
        !opts.no_inline_suppressions,
        whole.then_some(listed),
    );
    // a configuration with mistakes is reported on its own characters, and the run fails with 2
    let mut config_error = false;
    for c in configs.loaded() {
        if !c.problems.is_empty() {
            config_error = true;
            reports.push(FileReport {
                path: c.path.clone(),
                text: c.text.clone(),
                diagnostics: c.problems.clone(),
                error: None,
                kind: None,
            });
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    if opts.fix {
        for r in reports.iter_mut() {
            if let Err(e) = fix_report(r) {
                eprintln!("agent-ls check: cannot write {}: {e}", r.path.display());
            }
        }
    }
    finish(reports, &opts, !walk_errors.is_empty(), config_error)
}

fn findings(n: usize) -> String {
    format!("{n} finding{}", if n == 1 { "" } else { "s" })
}

/// Writes or applies the baseline, prints the reports, and turns them into the exit code.
fn finish(
    mut reports: Vec<FileReport>,
    opts: &Options,
    walk_failed: bool,
    config_error: bool,
) -> ExitCode {
    if let Some(file) = &opts.write_baseline {
        return match baseline::write(file, &reports) {
            Ok(n) => {
                eprintln!(
                    "agent-ls check: wrote {} to {}",
                    findings(n),
                    file.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("agent-ls check: {e}");
                ExitCode::from(2)
            }
        };
    }
    if let Some(file) = &opts.baseline {
        let mut b = match baseline::Baseline::load(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("agent-ls check: {e}");
                return ExitCode::from(2);
            }
        };
        let suppressed = b.apply(&mut reports);
        let stale = match b.unmatched() {
            0 => String::new(),
            1 => " (1 of its findings no longer occurs)".to_string(),
            n => format!(" ({n} of its findings no longer occur)"),
        };
        eprintln!(
            "agent-ls check: {} suppressed by the baseline {}{stale}",
            findings(suppressed),
            file.display()
        );
    }
    let counts = Counts::of(&reports);
    let failed = counts.fails(opts.fail_on);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = output::print(&mut out, &reports, opts, &counts, failed).and_then(|_| out.flush());
    match result {
        Ok(()) if config_error => ExitCode::from(2),
        Ok(()) if failed || walk_failed => ExitCode::from(1),
        Ok(()) => ExitCode::SUCCESS,
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
