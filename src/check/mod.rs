//! `agent-ls check`: lint agent files from the command line, with the server's engine.
//! This module finds, reads and lints the files; `output/` prints them (one module per format),
//! `baseline.rs` records and subtracts known findings.

mod baseline;
mod output;
mod paths;
pub mod preview;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::analysis::project::Project;
use crate::analysis::{Diagnostic, classify, diagnostics, suppress};
use crate::catalog::Kind;
use crate::catalog::Severity;
use crate::syntax::Header;
use crate::text::LineIndex;
use crate::workspace::Configs;

pub use output::Counts;
use output::Printer;

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
    let kind = classify::kind_of(Some(path), header).or_else(|| {
        project
            .is_some_and(|p| p.is_imported(path))
            .then_some(Kind::Imported)
    })?;
    let body_start = header.body_start().min(text.len());
    let exists = |p: &Path| p.exists();
    let cx = diagnostics::Context {
        executable: Some(&crate::workspace::is_executable),
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

pub use crate::workspace::{discover, discover_all};

/// Reads and lints the files, in parallel. Files that are not agent files are left out, except
/// explicitly named ones. All the files checked together form one project, so two agents with
/// one name are reported in CI too.
pub fn run(files: &[(PathBuf, bool)]) -> Vec<FileReport> {
    run_with(files, &Configs::default(), true, None)
}

/// [`run`], with each file's configuration from `configs` and inline suppressions on or off.
/// The reports are in path order.
pub fn run_with(
    files: &[(PathBuf, bool)],
    configs: &Configs,
    inline_suppressions: bool,
    listed: Option<Vec<PathBuf>>,
) -> Vec<FileReport> {
    let files = in_path_order(files);
    let project = project_of(&files, configs, listed);
    let files = with_imported(&files, &project);
    let mut reports = Vec::new();
    let _ = lint_each(&files, configs, inline_suppressions, &project, |batch| {
        reports.extend(batch);
        Ok(())
    });
    reports
}

/// `files` (in path order) with the files the memory files and rules import that are no agent
/// files themselves (`docs/style.md`), in path order: Claude Code follows their imports too, so
/// a missing file or the import cut at the last level is reported where it is written. Only
/// those among the files walked (none when only files were named).
fn with_imported(files: &[(PathBuf, bool)], project: &Project) -> Vec<(PathBuf, bool)> {
    let Some(listed) = project.files.as_ref() else {
        return files.to_vec();
    };
    let listed: std::collections::HashSet<&Path> = listed.iter().map(PathBuf::as_path).collect();
    let have: std::collections::HashSet<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let imported: std::collections::BTreeSet<&Path> = project
        .imports
        .of
        .values()
        .flatten()
        .filter(|i| !i.in_code)
        .map(|i| i.target.as_path())
        .filter(|p| {
            project.imports.of.contains_key(*p) && !crate::analysis::project::is_start_file(p)
        })
        .collect();
    let mut out = files.to_vec();
    out.extend(
        imported
            .into_iter()
            .filter(|p| listed.contains(p) && !have.contains(p))
            .map(|p| (p.to_path_buf(), false)),
    );
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `files` sorted by path (a stable sort: what `discover` returns already is).
fn in_path_order(files: &[(PathBuf, bool)]) -> std::borrow::Cow<'_, [(PathBuf, bool)]> {
    if files.windows(2).all(|w| w[0].0 <= w[1].0) {
        std::borrow::Cow::Borrowed(files)
    } else {
        let mut sorted = files.to_vec();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        std::borrow::Cow::Owned(sorted)
    }
}

/// How many files the second pass holds at once (their texts, parses, findings and output).
const BATCH: usize = 256;

/// The first pass over the files: only what the diagnostics across files need (each agent
/// file's record, the import graph of the memory files and rules), and each file's
/// configuration looked up (so that a configuration's own mistakes can be reported in path
/// order). No file's text or parse is kept, except the memory files' and rules' until their
/// imports are read.
fn project_of(
    files: &[(PathBuf, bool)],
    configs: &Configs,
    listed: Option<Vec<PathBuf>>,
) -> Project {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let read = |path: &Path| {
        let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
        configs.for_file(path);
        // its description stays empty: the workspace symbols search it, no diagnostic reads it
        let header = names_only(&text);
        Some((text, header))
    };
    let (agents, imports) = crate::workspace::records(files, home.as_deref(), &read);
    // the projects the files belong to: their MCP servers and plugin marketplaces
    let roots: Vec<PathBuf> = files
        .iter()
        .filter_map(|(p, _)| paths::project_of_file(&paths::absolute(p)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut proj = Project {
        mcp_servers: crate::workspace::mcp_servers(&roots, home.as_deref()),
        marketplaces: Some(crate::workspace::marketplaces(&roots, home.as_deref())),
        home,
        // a walk of folders sees the whole project (`listed`); named files alone do not
        complete: listed.is_some(),
        agents,
        imports,
        ..Project::default()
    };
    proj.reindex();
    proj.files = listed;
    proj
}

/// The head as far as the first pass reads it (which kind of file, what it is called): the
/// frontmatter's keys, without Claude Code's YAML steps, the strict verdict, the description
/// or its examples (a test checks that the records are the same as from a whole parse).
fn names_only(text: &str) -> Header {
    Header {
        text: String::new(),
        first_line_end: 0,
        parsed: crate::syntax::frontmatter::parse(text),
        strict: crate::syntax::Strict::NotRun,
        description: None,
        examples: None,
        load: None,
    }
}

/// The second pass: reads, parses and lints the files (in path order, `BATCH` at a time, each
/// batch in parallel) and hands each batch's reports to `each`, in path order, before the next
/// batch is read. Stops at the first error `each` returns.
fn lint_each(
    files: &[(PathBuf, bool)],
    configs: &Configs,
    inline_suppressions: bool,
    project: &Project,
    mut each: impl FnMut(Vec<FileReport>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for batch in files.chunks(BATCH) {
        let reports: Vec<FileReport> = batch
            .par_iter()
            .filter_map(|(path, explicit)| {
                lint_file(path, *explicit, configs, inline_suppressions, project)
            })
            .collect();
        each(reports)?;
    }
    Ok(())
}

/// Reads and lints one file: `None` when it is not an agent file (and not named explicitly).
fn lint_file(
    path: &Path,
    explicit: bool,
    configs: &Configs,
    inline_suppressions: bool,
    project: &Project,
) -> Option<FileReport> {
    let failed = |error: String| FileReport {
        path: path.to_path_buf(),
        text: String::new(),
        diagnostics: Vec::new(),
        error: Some(error),
        kind: None,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Some(failed(format!("cannot read: {e}"))),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return (explicit || classify::in_agents_folder(path)).then(|| {
                failed(format!(
                    "not valid UTF-8 (invalid byte at offset {}): Claude Code cannot read it as text",
                    e.utf8_error().valid_up_to()
                ))
            });
        }
    };
    let header = Header::parse(&text);
    let config = configs.for_file(path);
    let settings = Settings {
        config: config.as_ref().map(|c| &c.config),
        inline_suppressions,
    };
    let (kind, diags) = match lint_parsed(path, &text, &header, Some(project), &settings) {
        Some((kind, d)) => (Some(kind), d),
        // a named JSON or other file of no kind agent-ls knows (`hooks.json`, `.lsp.json`): no
        // frontmatter to ask for
        None if explicit
            && !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md")) =>
        {
            (None, Vec::new())
        }
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
        path: path.to_path_buf(),
        kind,
        text,
        diagnostics: diags,
        error: None,
    })
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
///
/// Two passes over the files: the first keeps only what the diagnostics across files need (the
/// project), the second lints the files a batch at a time, in path order, and prints each
/// batch's reports before reading the next: no file's text outlives its own output.
pub fn main(args: &[String]) -> ExitCode {
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("agent-ls check: {e}");
            return ExitCode::from(2);
        }
    };
    // the analysis sees absolute paths (as the server does); the output shows them as written
    let roots = paths::Roots::of(&opts.paths);
    let absolute = paths::Roots::absolute(&opts.paths);
    let mut walk_errors: Vec<String> = Vec::new();
    let existing: Vec<PathBuf> = absolute
        .iter()
        .zip(&opts.paths)
        .filter_map(|(abs, given)| {
            if abs.exists() {
                Some(abs.clone())
            } else {
                walk_errors.push(format!("{}: no such file or directory", given.display()));
                None
            }
        })
        .collect();
    let (mut files, mut listed, errors) = discover_all(&existing);
    walk_errors.extend(errors);
    for e in &walk_errors {
        eprintln!("agent-ls check: {e}");
    }
    if opts.only_agent_files {
        files.iter_mut().for_each(|f| f.1 = false);
    }
    let configs = Configs::default();
    // A named file (a pre-commit hook's staged file) is checked in its project, as an editor
    // opened on that project would check it: the project's other files are read for the
    // findings across files (names, skills, imports), not linted. A named file outside any
    // project is not the whole of one: what is not among the files is not known to be missing
    // (no `paths-match-nothing`, `unknown-skill`, ...).
    let named: Vec<&PathBuf> = existing.iter().filter(|p| !p.is_dir()).collect();
    let projects: Option<Vec<PathBuf>> = named.iter().map(|f| paths::project_of_file(f)).collect();
    let mut known = files.clone();
    let whole = match projects {
        Some(mut projects) if !named.is_empty() => {
            projects.sort();
            projects.dedup();
            let (more, more_listed, _) = discover_all(&projects);
            known.extend(more.into_iter().map(|(p, _)| (p, false)));
            known.sort();
            known.dedup_by(|a, b| a.0 == b.0);
            listed.extend(more_listed);
            listed.sort();
            listed.dedup();
            true
        }
        _ => named.is_empty(),
    };
    let project = project_of(&known, &configs, whole.then_some(listed));
    // the imported files of the folders walked (a named file is checked alone, as what it is)
    let files = if named.is_empty() {
        with_imported(&files, &project)
    } else {
        files
    };
    // a configuration with mistakes is reported on its own characters, and the run fails with 2
    // (every configuration that applies was looked up by the first pass)
    let config_reports: Vec<FileReport> = configs
        .loaded()
        .iter()
        .filter(|c| !c.problems.is_empty())
        .map(|c| FileReport {
            path: c.path.clone(),
            text: c.text.clone(),
            diagnostics: c.problems.clone(),
            error: None,
            kind: None,
        })
        .collect();
    let config_error = !config_reports.is_empty();
    let mode = if let Some(file) = &opts.write_baseline {
        Mode::Record(baseline::Recorder::new(file))
    } else {
        let baseline = match opts.baseline.as_deref().map(baseline::Baseline::load) {
            None => Ok(None),
            Some(Ok(b)) => Ok(Some(b)),
            Some(Err(e)) => Err(e),
        };
        match (baseline, Printer::new(&opts)) {
            (Ok(baseline), Ok(printer)) => Mode::Print {
                baseline,
                printer: Box::new(printer),
            },
            (Err(e), _) => Mode::Fail(e),
            (_, Err(e)) => Mode::Fail(e.to_string()),
        }
    };
    if let Mode::Fail(e) = &mode
        && !opts.fix
    {
        eprintln!("agent-ls check: {e}");
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut sink = Sink {
        opts: &opts,
        out: std::io::BufWriter::new(stdout.lock()),
        configs: config_reports.into_iter().rev().collect(),
        mode,
        counts: Counts::default(),
        suppressed: 0,
        error: None,
        roots,
    };
    let _ = lint_each(
        &files,
        &configs,
        !opts.no_inline_suppressions,
        &project,
        |batch| sink.batch(batch),
    );
    let rest: Vec<FileReport> = std::mem::take(&mut sink.configs)
        .into_iter()
        .rev()
        .collect();
    let _ = sink.take(rest);
    sink.finish(!walk_errors.is_empty(), config_error)
}

fn findings(n: usize) -> String {
    format!("{n} finding{}", if n == 1 { "" } else { "s" })
}

/// What becomes of the reports.
enum Mode {
    /// `--write-baseline`: record the findings, print nothing.
    Record(baseline::Recorder),
    /// Print the findings the baseline (if any) does not hold.
    Print {
        baseline: Option<baseline::Baseline>,
        printer: Box<Printer>,
    },
    /// Nothing can be printed (the baseline cannot be read): the fixes are still applied, then
    /// the run fails with this message.
    Fail(String),
}

/// Where `main` sends the reports, a batch at a time, in path order: applies the fixes and the
/// baseline, counts, renders each batch in parallel and writes it.
struct Sink<'a, W: Write> {
    opts: &'a Options,
    out: W,
    /// The configuration files with mistakes, the last path first: each goes out before the
    /// first report whose path sorts after it.
    configs: Vec<FileReport>,
    mode: Mode,
    counts: Counts,
    /// Findings the baseline absorbed.
    suppressed: usize,
    /// The first error writing the output: nothing more is printed.
    error: Option<std::io::Error>,
    /// How the printed paths are written (as the arguments were).
    roots: paths::Roots,
}

impl<W: Write> Sink<'_, W> {
    /// A batch of the second pass, with the configuration files that sort before its reports.
    fn batch(&mut self, reports: Vec<FileReport>) -> std::io::Result<()> {
        let mut ordered = Vec::with_capacity(reports.len());
        for r in reports {
            while self.configs.last().is_some_and(|c| c.path < r.path) {
                ordered.extend(self.configs.pop());
            }
            ordered.push(r);
        }
        self.take(ordered)
    }

    /// Reports in path order. An error stops the run unless fixes are still to be applied.
    fn take(&mut self, mut reports: Vec<FileReport>) -> std::io::Result<()> {
        for r in reports.iter_mut() {
            if self.opts.fix
                && let Err(e) = fix_report(r)
            {
                eprintln!("agent-ls check: cannot write {}: {e}", r.path.display());
            }
            match &mut self.mode {
                Mode::Record(recorder) => recorder.add(r),
                Mode::Print {
                    baseline: Some(b), ..
                } => self.suppressed += b.apply(std::slice::from_mut(r)),
                Mode::Print { baseline: None, .. } | Mode::Fail(_) => {}
            }
            self.counts.add(r);
        }
        let stop = || {
            if self.opts.fix {
                Ok(())
            } else {
                Err(std::io::Error::other("nothing more to print"))
            }
        };
        let Mode::Print { printer, .. } = &mut self.mode else {
            return Ok(());
        };
        if self.error.is_some() {
            return stop();
        }
        for r in reports.iter_mut() {
            r.path = self.roots.shown(&r.path);
            for d in r.diagnostics.iter_mut() {
                d.message = self.roots.shown_in(&d.message);
                for (at, msg) in d.related.iter_mut() {
                    *msg = self.roots.shown_in(msg);
                    if let crate::analysis::Related::File(path, _) = at {
                        *path = self.roots.shown(path);
                    }
                }
            }
        }
        let rendered: std::io::Result<Vec<_>> =
            reports.par_iter().map(|r| printer.render(r)).collect();
        drop(reports);
        let written = rendered.and_then(|rendered| {
            rendered
                .into_iter()
                .try_for_each(|r| printer.write(&mut self.out, r))
        });
        if let Err(e) = written {
            self.error = Some(e);
            return stop();
        }
        Ok(())
    }

    /// Writes the baseline or the end of the output, and turns the run into the exit code.
    fn finish(mut self, walk_failed: bool, config_error: bool) -> ExitCode {
        let (baseline, printer) = match self.mode {
            Mode::Record(recorder) => {
                let file = recorder.file.clone();
                return match recorder.write() {
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
            Mode::Fail(e) => {
                eprintln!("agent-ls check: {e}");
                return ExitCode::from(2);
            }
            Mode::Print { baseline, printer } => (baseline, printer),
        };
        if let (Some(b), Some(file)) = (&baseline, &self.opts.baseline) {
            let stale = match b.unmatched() {
                0 => String::new(),
                1 => " (1 of its findings no longer occurs)".to_string(),
                n => format!(" ({n} of its findings no longer occur)"),
            };
            eprintln!(
                "agent-ls check: {} suppressed by the baseline {}{stale}",
                findings(self.suppressed),
                file.display()
            );
        }
        let failed = self.counts.fails(self.opts.fail_on);
        let result = match self.error.take() {
            Some(e) => Err(e),
            None => printer
                .end(&mut self.out, &self.counts, failed)
                .and_then(|_| self.out.flush()),
        };
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
}

#[cfg(test)]
mod tests;
