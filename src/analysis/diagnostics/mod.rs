//! Diagnostics: what a user should be told before Claude Code silently drops or changes their
//! file. Severity follows what Claude Code does (the catalog says which version was verified):
//! error when it drops the file or refuses to spawn the agent, warning when it loads it but
//! silently loses or changes something (or strict YAML tools fail on it), hint for conventions.
//!
//! One module per family: `yaml` (delimiters and the YAML verdict), `keys` (the keys and their
//! values, name and description included), `hooks`, `tools`, `examples` (the `<example>` blocks of
//! the description) and `project` (across files).

mod body;
mod examples;
mod globs;
mod hooks;
mod imports;
mod keys;
mod kinds;
mod names;
mod numbering;
mod project;
mod servers;
mod tools;
mod yaml;

use crate::catalog::{self, did_you_mean};
use crate::catalog::{Code, Kind, NameRole};
use crate::syntax::frontmatter::{Frontmatter, Parsed};
use crate::syntax::{Header, Span};

use super::project::Project;
use super::{Diagnostic, Fix};

pub use body::{checked_from, reads_body, resolve_at};
pub use imports::{loaded_size, non_text};
pub use keys::{suggest_name, valid_name};
pub use tools::{Effective, effective as effective_tools};

/// What the analysis needs besides the header.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    /// The kind of agent file (agent, skill, command, output style).
    pub kind: Kind,
    /// The file name without `.md`, for the `name` convention.
    pub file_stem: Option<&'a str>,
    /// True when the body (the system prompt) is blank.
    pub body_blank: bool,
    /// The file's size in bytes (Claude Code skips files over its limit); 0 when unknown.
    pub file_len: usize,
    /// The file's path and the rest of the project, for diagnostics across files.
    pub path: Option<&'a std::path::Path>,
    pub project: Option<&'a Project>,
    /// The file sits in a plugin (its `agents/`, `skills/`, `commands/` outside `.claude`).
    pub plugin: bool,
    /// Tools, models and MCP servers the configuration declares (`agent-ls.toml`).
    pub known: Option<&'a super::config::Known>,
    /// The body and the byte offset where it starts, for kinds whose body Claude Code expands
    /// (placeholders, shell lines, file references); `None` when not checked.
    pub body: Option<(&'a str, usize)>,
    /// The references of that body when the caller keeps them (an open document, edit by
    /// edit); `None`: they are scanned from `body`. With them, `body` may be `None`: `read` and
    /// `body_chars` then stand for the text.
    pub refs: Option<&'a crate::syntax::refs::BodyRefs>,
    /// Reads the document's text at a span (of the body), where `body` is not given.
    pub read: Option<&'a dyn Fn(Span) -> String>,
    /// How many characters the checked text holds, where `body` is not given.
    pub body_chars: Option<usize>,
    /// Whether a file exists, for the links and `@file` references of the body; `None`: not
    /// checked.
    pub exists: Option<&'a dyn Fn(&std::path::Path) -> bool>,
    /// Whether a file may be run as a program (a hook's script); `None`: not checked.
    pub executable: Option<&'a dyn Fn(&std::path::Path) -> bool>,
}

impl<'a> Context<'a> {
    /// Whether the body is checked: its text or its references are at hand.
    fn reads_body(&self) -> bool {
        self.body.is_some() || self.refs.is_some()
    }

    /// The references of the body, kept by the caller or scanned now.
    fn body_refs(&self) -> std::borrow::Cow<'a, crate::syntax::refs::BodyRefs> {
        match (self.refs, self.body) {
            (Some(r), _) => std::borrow::Cow::Borrowed(r),
            (None, Some((b, base))) => std::borrow::Cow::Owned(crate::syntax::refs::scan(b, base)),
            (None, None) => std::borrow::Cow::Owned(Default::default()),
        }
    }

    /// The text at `span`, inside the body.
    fn text_at(&self, span: Span) -> String {
        match (self.body, self.read) {
            (Some((b, base)), _) => b
                .get(span.start.saturating_sub(base)..span.end.saturating_sub(base))
                .unwrap_or("")
                .to_string(),
            (None, Some(read)) => read(span),
            (None, None) => String::new(),
        }
    }

    /// The characters of the checked text.
    fn body_chars(&self) -> usize {
        match (self.body, self.body_chars) {
            (Some((b, _)), _) => b.chars().count(),
            (None, Some(n)) => n,
            (None, None) => 0,
        }
    }
}

/// What a user is shown: the findings of [`compute`], at the levels the configuration sets (its
/// known names count too), without those an inline suppression hides (`None`: suppressions do not
/// count, as with `check --no-inline-suppressions`). The server and `check` both call this.
pub fn shown(
    header: &Header,
    cx: Context<'_>,
    config: Option<&super::config::Config>,
    suppressions: Option<&[super::suppress::Suppression]>,
) -> Vec<Diagnostic> {
    shown_keeping(header, cx, config, suppressions, &mut None)
}

/// [`shown`], with the findings of the head taken from `kept` when it holds them, and left there
/// when it does not. The caller keeps them only while nothing they depend on changed: the head,
/// the path and kind, the project, the configuration (see [`HeadFindings`]).
pub fn shown_keeping(
    header: &Header,
    cx: Context<'_>,
    config: Option<&super::config::Config>,
    suppressions: Option<&[super::suppress::Suppression]>,
    kept: &mut Option<HeadFindings>,
) -> Vec<Diagnostic> {
    let cx = Context {
        known: config.map(|c| &c.known),
        ..cx
    };
    let head = kept.get_or_insert_with(|| head_findings(header, cx));
    let found = compute_with(header, cx, head);
    let found = match config {
        Some(c) => c.apply(cx.path, found),
        None => found,
    };
    match suppressions {
        Some(s) => super::suppress::apply(found, s),
        None => found,
    }
}

/// The findings that depend on the head alone, with the file's path and kind, the project and
/// the configuration's known names: an edit of the body cannot change them (a keystroke there
/// reuses them). Not the file's size nor the blank body: [`compute_with`] adds those.
#[derive(Debug, Default)]
pub struct HeadFindings {
    found: Vec<Diagnostic>,
    /// Where the frontmatter's own findings end (the empty-body finding goes there).
    split: usize,
    /// They asked the file system whether a file exists: its answer can change with no edit and
    /// no new index, so they are not to be kept.
    pub asked_disk: bool,
}

/// Adds `plugin` when the path is inside a plugin.
fn in_plugin(cx: Context<'_>) -> Context<'_> {
    Context {
        plugin: cx.plugin
            || cx.path.is_some_and(|p| {
                crate::analysis::project::scope_of_kind(cx.kind, p, None)
                    == crate::analysis::project::Scope::Plugin
            }),
        ..cx
    }
}

/// The findings of the head (see [`HeadFindings`]).
pub fn head_findings(header: &Header, cx: Context<'_>) -> HeadFindings {
    let cx = in_plugin(cx);
    let asked = std::cell::Cell::new(false);
    let outer = cx.exists;
    let exists = |p: &std::path::Path| {
        asked.set(true);
        outer.is_some_and(|e| e(p))
    };
    let cx = Context {
        exists: outer.map(|_| &exists as &dyn Fn(&std::path::Path) -> bool),
        ..cx
    };
    let spec = cx.kind.spec();
    let mut out = Vec::new();
    if spec.json {
        return HeadFindings {
            found: out,
            split: 0,
            asked_disk: false,
        };
    }
    match &header.parsed {
        // a memory file's head is text, not metadata
        _ if !spec.frontmatter => {}
        // only an agent needs a frontmatter: the other kinds load with defaults
        Parsed::Missing if spec.name == NameRole::Required => out.push(Diagnostic::new(
            Code::MissingFrontmatter,
            Span::new(0, header.first_line_end),
            "no frontmatter: Claude Code reads an agent only when its very first line is `---` (no blank line or text before it), followed by `name:` and `description:` and a closing `---`; without it the file is dropped",
        )),
        Parsed::Missing => not_read(header, cx, &mut out),
        Parsed::Present(fm) => frontmatter(header, fm, cx, &mut out),
    }
    let split = out.len();
    kinds::check(header, cx, &mut out);
    project::invocable_duplicates(header, cx, &mut out);
    HeadFindings {
        found: out,
        split,
        asked_disk: asked.get(),
    }
}

/// A head Claude Code does not read as one (skills, commands, output styles): `---` on a line
/// that is not the first, indented, after a second byte order mark, or written `----` or
/// `---yaml`. Claude Code 2.1.330 loads the file without metadata: the listing shows the first
/// line as the description and every key is lost (fidelity-kinds `frontmatter-*` cases).
fn not_read(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    // the file's start: from the body where the kind reads it, else the first line
    let start = match cx.body {
        Some((b, 0)) => b.get(..b.len().min(4096)).unwrap_or(b).to_string(),
        _ if cx.read.is_some() && cx.body_chars.is_some_and(|n| n > 0) => {
            let s = cx.text_at(Span::new(0, 4096));
            if s.is_empty() { header.text.clone() } else { s }
        }
        _ => header.text.clone(),
    };
    let trimmed = start.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let Some(first) = trimmed.lines().next() else {
        return;
    };
    let dashes = first.len() - first.trim_start_matches('-').len();
    if dashes < 3 {
        return;
    }
    let rest = &first[dashes..];
    let opener = rest.trim().is_empty() || rest.chars().all(|c| c.is_ascii_alphanumeric());
    // a key on one of the next lines: this was meant as a frontmatter
    let keyed = trimmed.lines().skip(1).take(8).any(|l| {
        l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
    });
    if !opener || !keyed {
        return;
    }
    let why = if start.starts_with('\u{FEFF}')
        && start['\u{FEFF}'.len_utf8()..].starts_with('\u{FEFF}')
    {
        "two byte order marks come before it".to_string()
    } else if dashes > 3 {
        format!("`{}` is not `---`", "-".repeat(dashes))
    } else if !rest.trim().is_empty() {
        format!("`---{}` is not `---`", rest.trim())
    } else if start.starts_with(['\n', '\r'])
        || start
            .trim_start_matches('\u{FEFF}')
            .starts_with(['\n', '\r'])
    {
        "a blank line comes before it".to_string()
    } else {
        "it does not start the file's first line".to_string()
    };
    let version = &catalog::get().verified_with;
    let noun = &cx.kind.spec().noun;
    out.push(Diagnostic::new(
        Code::FrontmatterNotRead,
        Span::new(0, header.first_line_end),
        format!(
            "Claude Code {version} reads no frontmatter here ({why}): the head must open with `---` alone on the very first line; it loads the {noun} without metadata (the listing shows `{}` as its description) and every key below is lost",
            first.trim()
        ),
    ));
}

/// All diagnostics of a document, sorted by position.
pub fn compute(header: &Header, cx: Context<'_>) -> Vec<Diagnostic> {
    compute_with(header, cx, &head_findings(header, cx))
}

/// [`compute`], with the findings of the head already at hand.
pub fn compute_with(header: &Header, cx: Context<'_>, head: &HeadFindings) -> Vec<Diagnostic> {
    // JSON configuration: the whole text against Claude Code's schema
    if cx.kind.spec().json {
        let text = match cx.body {
            Some((b, 0)) => std::borrow::Cow::Borrowed(b),
            _ => std::borrow::Cow::Owned(cx.text_at(Span::new(0, cx.file_len))),
        };
        let env = crate::analysis::json::Env {
            path: cx.path,
            exists: cx.exists,
            executable: cx.executable,
            project: cx.project,
            known: cx.known,
        };
        return crate::analysis::json::diagnostics_in(cx.kind, &text, env);
    }
    let mut out = Vec::with_capacity(head.found.len() + 4);
    let cat = catalog::get();
    // memory files and rules have a limit of their own (4 MiB), skills another (1,000,000)
    let spec = cx.kind.spec();
    let max_bytes = if spec.imports {
        cat.memory_max_bytes
    } else {
        spec.max_bytes.unwrap_or(cat.max_file_bytes)
    };
    if cx.file_len > max_bytes {
        out.push(Diagnostic::new(
            Code::FileTooLarge,
            Span::new(0, header.first_line_end),
            if spec.imports {
                format!(
                    "this file is {} bytes, over Claude Code's limit of {max_bytes} bytes (4 MiB): Claude Code {} leaves it out entirely (`skipping ... exceeds {max_bytes} byte limit`)",
                    cx.file_len, cat.verified_with
                )
            } else if let Some(log) = &spec.max_bytes_log {
                format!(
                    "this file is {} bytes, over Claude Code's limit of {max_bytes} bytes for a {}: Claude Code {} skips it (`{log}`); move long reference material into separate files",
                    cx.file_len, spec.noun, cat.verified_with
                )
            } else {
                format!(
                    "this file is {} bytes, over Claude Code's limit of {} bytes (1 MiB): Claude Code {} skips it (`loadMarkdownFilesFromDir: skipping ... exceeds {} byte limit`); move long reference material into separate files",
                    cx.file_len, cat.max_file_bytes, cat.verified_with, cat.max_file_bytes
                )
            },
        ));
    }
    out.extend_from_slice(&head.found[..head.split]);
    if let Parsed::Present(fm) = &header.parsed
        && spec.frontmatter
        && let Some(close) = fm.close
        && cx.body_blank
    {
        out.push(Diagnostic::new(
            Code::EmptyBody,
            close,
            format!(
                "the body is empty: the text after the frontmatter is {}",
                spec.body
            ),
        ));
    }
    out.extend_from_slice(&head.found[head.split..]);
    imports::check(header, cx, &mut out);
    body::check(header, cx, &mut out);
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

fn frontmatter(header: &Header, fm: &Frontmatter, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.kind.spec();
    let Some(close) = fm.close else {
        out.push(
            Diagnostic::new(
                Code::UnclosedFrontmatter,
                fm.open,
                format!(
                    "the frontmatter is never closed: no `---` follows this line anywhere in the file, so Claude Code reads no metadata and {}; add a `---` line after the last key",
                    spec.unreadable_consequence(cx.plugin)
                ),
            )
            .with_severity(spec.unreadable_severity(cx.plugin)),
        );
        return;
    };
    let unreadable = yaml::check(header, fm, close, spec, cx.plugin, out);
    if !unreadable {
        keys::check(header, fm, cx, out);
    }
}

/// Adds a "replace with the guess" fix when there is a guess.
fn with_guess(d: Diagnostic, span: Span, guess: Option<&str>) -> Diagnostic {
    match guess {
        Some(g) => d.with_fix(Fix::replace(format!("Replace with `{g}`"), span, g)),
        None => d,
    }
}

/// `unknown-mcp-server` for `server` at `span`, unless the configuration declares it or the
/// project's servers hold it (nothing when the project's servers are unknown): "`what`: did you
/// mean ...?", or "`what`: `otherwise`" (`None`: the list of configured servers). The one check
/// behind an agent's tools and `mcpServers` and the JSON configuration's matchers and rules.
pub(crate) fn unknown_mcp_server(
    server: &str,
    span: Span,
    known: Option<&super::config::Known>,
    project: Option<&Project>,
    what: impl FnOnce() -> String,
    otherwise: Option<&str>,
) -> Option<Diagnostic> {
    if known.is_some_and(|k| k.mcp_servers.iter().any(|s| s == server)) {
        return None;
    }
    let servers = project?.mcp_servers.as_ref()?;
    if servers.contains(server) {
        return None;
    }
    Some(did_you_mean_diagnostic(
        Code::UnknownMcpServer,
        span,
        server,
        what(),
        servers.iter().map(String::as_str),
        || match otherwise {
            Some(o) => o.to_string(),
            None if servers.is_empty() => "configured: none".to_string(),
            None => format!(
                "configured: {}",
                servers
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    ))
}

/// "unknown X `v`: did you mean `g`?" or "unknown X `v`: <otherwise>", with the guess as a fix:
/// the one shape of every did-you-mean diagnostic.
fn did_you_mean_diagnostic<'a>(
    code: Code,
    span: Span,
    value: &str,
    what: String,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> Diagnostic {
    let guess = did_you_mean(value, candidates);
    let msg = match guess {
        Some(g) => format!("{what}: did you mean `{g}`?"),
        None => format!("{what}: {}", otherwise()),
    };
    with_guess(Diagnostic::new(code, span, msg), span, guess)
}
