//! Fixtures for the tests at the analysis boundary (`tests/analysis/`), in the style of
//! rust-analyzer's `ide-diagnostics` tests: the text of an agent file, written flush left in a
//! raw string, with the expectations written into it.
//!
//! # The format
//!
//! The first line break of a fixture (the one right after `r#"`) is dropped; everything else is
//! the file, except for two kinds of marks:
//!
//! - **The cursor** `$0` (completion, hover): removed before parsing; it gives the offset.
//! - **Diagnostic annotations**: lines under a text line that point at a range of it.
//!
//!   ```text
//!   tools: Read, Reed
//!                ^^^^ warning unknown-tool: unknown tool `Reed`
//!   ```
//!
//! # Which lines are annotations
//!
//! A line whose first character that is not a space or a tab is `^` is an annotation, and must
//! then read `^^^ SEVERITY CODE[ (EXTENT)][: MESSAGE]`. A line that starts that way but does not
//! parse is an error, never text, so a typo in an annotation cannot silently change the file. (An
//! agent file with a line starting with `^` cannot be written as a fixture; none needs one.)
//!
//! - An annotation points into the closest text line above it; several may follow one line. The
//!   line break of an annotation line is part of it (removing it leaves the text as it was).
//! - Columns count characters (Unicode scalar values; a tab is one). The first `^` is where the
//!   range starts and the number of carets is its length. When rendering, the tabs of the text
//!   line are copied into the indentation so that the carets line up under them.
//! - `SEVERITY` is `error`, `warning`, `info` or `hint`; `CODE` is the rule code.
//! - `EXTENT`, only for ranges that are not one non-empty stretch of one line: `(empty)` for an
//!   empty range (one caret at its position), `(to +N:C)` for a range that ends `N` lines further
//!   down at column `C` (the carets then run from the start to the end of the first line).
//! - `MESSAGE`, if present, must be a **prefix** of the diagnostic's message (line breaks in the
//!   message written `\n`); without it the message is not checked.
//! - A diagnostic on the last line of a text that does not end in a line break cannot be
//!   annotated (the annotation line would add one).
//!
//! The comparison is total: every diagnostic of the file must be annotated, hints included. On a
//! mismatch the test prints a line diff and the fixture as it should read (the actual
//! diagnostics, annotated, keeping the message prefixes that matched), ready to paste.
#![allow(dead_code)]

use std::path::PathBuf;

use agent_ls::analysis::project::Project;
use agent_ls::analysis::{Diagnostic, fixes, outline};
use agent_ls::catalog::KeyKind;
use agent_ls::document::{Document, Encoding, Pos};
use agent_ls::syntax::frontmatter::{ListStyle, Parsed, ValueKind};
use agent_ls::syntax::load::Outcome;
use agent_ls::syntax::{Header, Span, Strict};

pub const CURSOR: &str = "$0";

/// The path of agent `name` in a project: `/p/.claude/agents/NAME.md`, an agent file by its
/// folder (see `src/analysis/classify.rs`).
pub fn agent_path(name: &str) -> PathBuf {
    PathBuf::from(format!("/p/.claude/agents/{name}.md"))
}

/// A document at `/p/.claude/agents/a.md`, in UTF-16 like most clients.
pub fn doc(text: &str) -> Document {
    doc_named("a", text)
}

pub fn doc_named(name: &str, text: &str) -> Document {
    let d = Document::new(text, 1, Encoding::Utf16, Some(agent_path(name)));
    assert!(d.is_agent_file(), "a fixture is an agent file");
    d
}

/// A document at `path` (a skill, a command, ...), which must be an agent file of some kind.
pub fn doc_at(path: &str, text: &str) -> Document {
    let d = Document::new(text, 1, Encoding::Utf16, Some(PathBuf::from(path)));
    assert!(d.is_agent_file(), "{path} is an agent file");
    d
}

/// A (line, column) place: 0-based line, column in characters.
type Place = (usize, usize);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub start: Place,
    pub end: Place,
    pub severity: String,
    pub code: String,
    /// A prefix of the message (`None`: not checked).
    pub message: Option<String>,
}

/// A parsed fixture: the text, the cursor's byte offset, the annotations.
#[derive(Clone, Debug)]
pub struct Fixture {
    pub text: String,
    pub cursor: Option<usize>,
    pub annotations: Vec<Annotation>,
}

impl Fixture {
    pub fn parse(src: &str) -> Fixture {
        let src = src.strip_prefix('\n').unwrap_or(src);
        let mut text = String::new();
        let mut annotations = Vec::new();
        let mut lines: Vec<&str> = Vec::new();
        for seg in src.split_inclusive('\n') {
            let content = seg.strip_suffix('\n').unwrap_or(seg);
            if content.trim_start_matches([' ', '\t']).starts_with('^') {
                let Some(&above) = lines.last() else {
                    panic!("annotation before any text line: {content:?}");
                };
                annotations.push(parse_annotation(content, lines.len() - 1, above));
            } else {
                lines.push(content);
                text.push_str(seg);
            }
        }
        let cursor = text.find(CURSOR);
        if let Some(at) = cursor {
            assert!(
                annotations.is_empty(),
                "a fixture has a cursor or annotations, not both"
            );
            text.replace_range(at..at + CURSOR.len(), "");
            assert!(!text.contains(CURSOR), "one cursor per fixture");
        }
        Fixture {
            text,
            cursor,
            annotations,
        }
    }
}

fn parse_annotation(line: &str, at_line: usize, above: &str) -> Annotation {
    let bad = |why: &str| -> ! {
        panic!(
            "malformed annotation ({why}): {line:?}\nexpected `^^^ SEVERITY CODE[ (EXTENT)][: MESSAGE]`"
        )
    };
    let col = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    let rest = line.trim_start_matches([' ', '\t']);
    let carets = rest.chars().take_while(|c| *c == '^').count();
    let rest = rest[carets..]
        .strip_prefix(' ')
        .unwrap_or_else(|| bad("a space after the carets"));
    let (head, message) = match rest.split_once(": ") {
        Some((h, m)) => (h, Some(m.trim_end().to_string())),
        None => (
            rest.trim_end().strip_suffix(':').unwrap_or(rest.trim_end()),
            None,
        ),
    };
    let (head, extent) = match head.split_once(" (") {
        Some((h, e)) => (
            h,
            Some(
                e.strip_suffix(')')
                    .unwrap_or_else(|| bad("an unclosed extent")),
            ),
        ),
        None => (head, None),
    };
    let mut words = head.split(' ');
    let severity = words.next().unwrap_or_default();
    let code = words.next().unwrap_or_else(|| bad("no code"));
    if words.next().is_some() {
        bad("extra words before the message");
    }
    if !["error", "warning", "info", "hint"].contains(&severity) {
        bad("unknown severity");
    }
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        bad("a code is lowercase-with-hyphens");
    }
    let line_len = above.chars().count();
    let end = match extent {
        None => (at_line, col + carets),
        Some("empty") => {
            if carets != 1 {
                bad("an empty range has one caret");
            }
            (at_line, col)
        }
        Some(e) => {
            let (n, c) = e
                .strip_prefix("to +")
                .and_then(|e| e.split_once(':'))
                .and_then(|(n, c)| Some((n.parse::<usize>().ok()?, c.parse::<usize>().ok()?)))
                .unwrap_or_else(|| bad("the extent is `(empty)` or `(to +N:C)`"));
            if n == 0 {
                bad("`(to +0:C)`: write the carets instead");
            }
            if carets != line_len.saturating_sub(col).max(1) {
                bad("a range over several lines has carets to the end of its first line");
            }
            (at_line + n, c)
        }
    };
    Annotation {
        start: (at_line, col),
        end,
        severity: severity.to_string(),
        code: code.to_string(),
        message,
    }
}

/// The (line, column in characters) of byte `offset` (a `\r` before the line break is not
/// counted, so CRLF texts have the columns of their LF twin).
pub fn place(text: &str, offset: usize) -> Place {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map(|p| p + 1).unwrap_or(0);
    let col = before[start..].chars().filter(|c| *c != '\r').count();
    (line, col)
}

fn escape(message: &str) -> String {
    message.replace('\n', "\\n")
}

/// `text` with `annotations` written under their lines (see the module docs).
pub fn render(text: &str, annotations: &[Annotation]) -> String {
    let mut anns: Vec<&Annotation> = annotations.iter().collect();
    anns.sort_by(|a, b| {
        (a.start, a.end, &a.code, &a.severity).cmp(&(b.start, b.end, &b.code, &b.severity))
    });
    let mut out = String::new();
    let mut next = anns.into_iter().peekable();
    let segments: Vec<&str> = text.split_inclusive('\n').collect();
    let count = segments.len().max(1);
    for i in 0..count {
        let seg = segments.get(i).copied().unwrap_or("");
        out.push_str(seg);
        let content = seg.trim_end_matches('\n').trim_end_matches('\r');
        let mut first = true;
        while let Some(a) = next.next_if(|a| a.start.0 <= i) {
            if first && !seg.ends_with('\n') {
                out.push('\n');
            }
            first = false;
            let indent: String = content
                .chars()
                .chain(std::iter::repeat(' '))
                .take(a.start.1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let line_len = content.chars().count();
            let (carets, extent) = if a.end.0 > a.start.0 {
                (
                    line_len.saturating_sub(a.start.1).max(1),
                    format!(" (to +{}:{})", a.end.0 - a.start.0, a.end.1),
                )
            } else if a.end.1 <= a.start.1 {
                (1, " (empty)".to_string())
            } else {
                (a.end.1 - a.start.1, String::new())
            };
            out.push_str(&format!(
                "{indent}{} {} {}{extent}",
                "^".repeat(carets),
                a.severity,
                a.code
            ));
            if let Some(m) = &a.message {
                out.push_str(": ");
                out.push_str(m);
            }
            out.push('\n');
        }
    }
    // annotations past the end (cannot happen with spans inside the text)
    assert!(
        next.peek().is_none(),
        "an annotation past the end of the text"
    );
    out
}

/// The annotations of `diagnostics` on `text`, with full messages.
pub fn annotate(text: &str, diagnostics: &[Diagnostic]) -> Vec<Annotation> {
    diagnostics
        .iter()
        .map(|d| Annotation {
            start: place(text, d.span.start),
            end: place(text, d.span.end),
            severity: d.severity.as_str().to_string(),
            code: d.code.to_string(),
            message: Some(escape(&d.message)),
        })
        .collect()
}

/// How to check a diagnostics fixture.
#[derive(Clone, Debug)]
pub struct Config {
    /// The agent's file name without `.md` (`/p/.claude/agents/NAME.md`).
    pub name: &'static str,
    /// Turn every line break of the text into CRLF (positions are those of the LF fixture).
    pub crlf: bool,
    /// Appended to the text after the fixture is parsed (a large body; no annotations there).
    pub append: String,
    /// The rest of the project, for the rules across files.
    pub project: Option<Project>,
    /// The file's path, when it is not the agent `name` (a skill, a command, ...).
    pub path: Option<&'static str>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            name: "a",
            crlf: false,
            append: String::new(),
            project: None,
            path: None,
        }
    }
}

/// Checks that the diagnostics of a fixture are exactly its annotations; panics with a diff and
/// the fixture to paste otherwise.
#[track_caller]
pub fn check_diagnostics(fixture: &str) {
    check_diagnostics_with(&Config::default(), fixture)
}

#[track_caller]
pub fn check_diagnostics_with(config: &Config, fixture: &str) {
    if let Err(e) = try_check_diagnostics(config, fixture) {
        panic!("{e}");
    }
}

/// Like [`check_diagnostics_with`], returning the failure report instead of panicking.
pub fn try_check_diagnostics(config: &Config, fixture: &str) -> Result<(), String> {
    let f = Fixture::parse(fixture);
    assert!(f.cursor.is_none(), "a diagnostics fixture has no cursor");
    let mut text = f.text.clone();
    if config.crlf {
        text = text.replace('\n', "\r\n");
    }
    text.push_str(&config.append);
    let d = match config.path {
        Some(p) => doc_at(p, &text),
        None => doc_named(config.name, &text),
    };
    // the fixtures' files live in no real folder: an injected disk that holds none of them (and
    // scripts that would run), so no answer depends on the machine the tests run on
    let diagnostics = d.diagnostics_with(agent_ls::document::DiagnosticsInput {
        project: config.project.as_ref(),
        exists: &|_: &std::path::Path| false,
        executable: &|_: &std::path::Path| true,
        ..Default::default()
    });
    let mut actual = annotate(&text, &diagnostics);
    // keep the expected message prefix where it matches, so that a passing fixture renders as
    // written and a failing one differs only where it is wrong
    let mut unused: Vec<&Annotation> = f.annotations.iter().collect();
    for a in &mut actual {
        let full = a.message.clone().unwrap_or_default();
        if let Some(i) = unused.iter().position(|e| {
            e.start == a.start
                && e.end == a.end
                && e.severity == a.severity
                && e.code == a.code
                && e.message
                    .as_ref()
                    .is_none_or(|m| full.starts_with(m.as_str()))
        }) {
            a.message = unused.remove(i).message.clone();
        }
    }
    let expected = render(&f.text, &f.annotations);
    let got = render(&f.text, &actual);
    if expected == got {
        return Ok(());
    }
    Err(format!(
        "diagnostics differ (- expected, + actual):\n{}\nthe fixture, as it should read:\n{got}",
        diff(&expected, &got)
    ))
}

/// A line diff (longest common subsequence; fixtures are small).
pub fn diff(a: &str, b: &str) -> String {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Cursor fixtures and dumps for snapshots

/// The document of a fixture with a cursor, and the cursor as an LSP position.
pub fn at_cursor(fixture: &str) -> (Document, Pos) {
    let f = Fixture::parse(fixture);
    let at = f.cursor.expect("a `$0` cursor");
    let d = doc(&f.text);
    let pos = d.position(at);
    assert_eq!(
        d.offset(pos),
        at,
        "the cursor round-trips through its position"
    );
    (d, pos)
}

/// The document of a fixture without marks.
pub fn plain(fixture: &str) -> Document {
    let f = Fixture::parse(fixture);
    assert!(f.cursor.is_none() && f.annotations.is_empty());
    doc(&f.text)
}

/// `start..end` as `L:C..L:C` (0-based lines, columns in characters) and the text it covers.
pub fn span(text: &str, s: Span) -> String {
    let (sl, sc) = place(text, s.start);
    let (el, ec) = place(text, s.end);
    format!("{sl}:{sc}..{el}:{ec} {}", quote(&text[s.start..s.end]))
}

/// A short, escaped quote of `s`.
pub fn quote(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() > MAX {
        let head: String = s.chars().take(MAX - 1).collect();
        format!("{:?}…", head)
    } else {
        format!("{s:?}")
    }
}

/// The outline, one symbol a line, children indented.
pub fn outline_dump(d: &Document) -> String {
    fn walk(out: &mut String, text: &str, syms: &[outline::Symbol], depth: usize) {
        for s in syms {
            out.push_str(&format!(
                "{}{:?} {:?}{} @ {} select {}\n",
                "  ".repeat(depth),
                s.kind,
                s.name,
                s.detail
                    .as_ref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default(),
                lines_of(text, s.span),
                span(text, s.selection),
            ));
            walk(out, text, &s.children, depth + 1);
        }
    }
    let text = d.text();
    let syms = outline::symbols(d.header(), &d.headings(), text.len());
    let mut out = String::new();
    walk(&mut out, &text, &syms, 0);
    out
}

/// `L:C..L:C` of a span, without its text.
fn lines_of(text: &str, s: Span) -> String {
    let (sl, sc) = place(text, s.start);
    let (el, ec) = place(text, s.end);
    format!("{sl}:{sc}..{el}:{ec}")
}

/// The folding ranges, one a line, with the first line of each.
pub fn folding_dump(d: &Document) -> String {
    let text = d.text();
    outline::folding(d.header(), &d.headings(), text.len())
        .into_iter()
        .map(|s| {
            let first = text[s.start..].lines().next().unwrap_or("");
            format!("{} {}\n", lines_of(&text, s), quote(first))
        })
        .collect()
}

/// The semantic tokens, one a line.
pub fn tokens_dump(d: &Document) -> String {
    let text = d.text();
    d.semantic_tokens()
        .into_iter()
        .map(|(s, t)| format!("{t:?} {}\n", span(&text, s)))
        .collect()
}

/// What the head parse found: the verdicts, every entry with its value, the problems.
pub fn header_dump(d: &Document) -> String {
    let text = d.text();
    let h: &Header = d.header();
    let mut out = String::new();
    let fm = match &h.parsed {
        Parsed::Missing => return "no frontmatter\n".into(),
        Parsed::Present(fm) => fm,
    };
    out.push_str(&format!(
        "open {} close {}{}{}\n",
        span(&text, fm.open),
        fm.close
            .map(|c| span(&text, c))
            .unwrap_or_else(|| "none".into()),
        if fm.close_inline { " inline" } else { "" },
        if fm.crlf { " crlf" } else { "" },
    ));
    out.push_str(&format!(
        "strict: {}\n",
        match &h.strict {
            Strict::Accepted => "accepted".to_string(),
            Strict::Rejected(e) => format!("rejected at {}: {}", span(&text, e.span), e.message),
            Strict::KnownToFail => "known to fail".to_string(),
            Strict::NotRun => "not run".to_string(),
        }
    ));
    out.push_str(&format!(
        "claude code: {}\n",
        match h.load.as_ref().map(|l| &l.outcome) {
            None => "no frontmatter".to_string(),
            Some(Outcome::Parsed) => "parsed".to_string(),
            Some(Outcome::Fallback { quoted, .. }) => format!(
                "fallback, quoted lines {:?}",
                quoted
                    .iter()
                    .map(|s| place(&text, s.start).0)
                    .collect::<Vec<_>>()
            ),
            Some(Outcome::Failed { second, .. }) => format!(
                "failed at {}: {}",
                lines_of(&text, Span::new(second.at, second.at)),
                second.message
            ),
        }
    ));
    for e in &fm.entries {
        out.push_str(&format!(
            "entry {} = {}\n",
            span(&text, e.key_span),
            match &e.value.kind {
                ValueKind::Null => format!("null @ {}", lines_of(&text, e.value.span)),
                ValueKind::Scalar(s) => format!(
                    "{:?}{} {} @ {}",
                    s.style,
                    if s.multiline { " multiline" } else { "" },
                    quote(&s.text.text),
                    lines_of(&text, e.value.span)
                ),
                ValueKind::List(l) => format!(
                    "{} list @ {}",
                    match l.style {
                        ListStyle::Flow => "flow",
                        ListStyle::Block => "block",
                        ListStyle::Comma => "comma",
                    },
                    lines_of(&text, e.value.span)
                ),
                ValueKind::Mapping { empty } => format!(
                    "mapping{} @ {}",
                    if *empty { " (empty)" } else { "" },
                    lines_of(&text, e.value.span)
                ),
                ValueKind::Other => format!("other {}", span(&text, e.value.span)),
            }
        ));
        // the items of a list, or of a comma string where a list is expected
        let listy = matches!(e.value.kind, ValueKind::List(_))
            || d.kind()
                .unwrap_or_default()
                .spec()
                .key(&e.key)
                .is_some_and(|k| {
                    matches!(
                        k.kind,
                        KeyKind::Tools | KeyKind::List | KeyKind::Skills | KeyKind::Arguments
                    )
                });
        if let Some(list) = e.value.list_items().filter(|_| listy) {
            for it in &list.items {
                out.push_str(&format!(
                    "  item {:?}{} @ {}\n",
                    it.text,
                    if it.nested { " nested" } else { "" },
                    span(&text, it.span)
                ));
            }
        }
    }
    for p in &fm.problems {
        out.push_str(&format!(
            "problem {:?} at {}: {} / fix: {}\n",
            p.kind,
            span(&text, p.span),
            p.what,
            p.fix
        ));
    }
    if let Some(ex) = &h.examples {
        for x in &ex.examples {
            out.push_str(&format!(
                "example {} context {:?}, {} turns, {} commentary\n",
                lines_of(&text, x.span),
                x.context,
                x.turns.len(),
                x.commentary.len()
            ));
        }
        for p in &ex.problems {
            out.push_str(&format!(
                "example problem {:?} at {}\n",
                p.kind,
                span(&text, p.span)
            ));
        }
    }
    out
}

/// The items proposed at the cursor: a line per run of items of one kind replacing one range,
/// then their labels in order (deprecated ones marked `~`), wrapped.
pub fn completion_dump(fixture: &str) -> String {
    let (d, pos) = at_cursor(fixture);
    let text = d.text();
    let items = d.complete(pos, false);
    if items.is_empty() {
        return "no completion\n".into();
    }
    let mut out = String::new();
    let mut i = 0;
    while i < items.len() {
        let (kind, replace) = (items[i].kind, items[i].replace);
        let run: Vec<String> = items[i..]
            .iter()
            .take_while(|c| c.kind == kind && c.replace == replace)
            .map(|c| format!("{}{}", if c.deprecated { "~" } else { "" }, c.label))
            .collect();
        i += run.len();
        out.push_str(&format!("{kind:?} replacing {}:\n", span(&text, replace)));
        let mut line = String::from(" ");
        for label in run {
            if line.len() + label.len() > 90 {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(" ");
            }
            line.push(' ');
            line.push_str(&label);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The hover at the cursor: the range it describes and its markdown.
pub fn hover_dump(fixture: &str) -> String {
    let (d, pos) = at_cursor(fixture);
    match d.hover(pos) {
        None => "no hover\n".into(),
        Some(h) => format!("{}\n{}\n", span(&d.text(), h.span), h.markdown),
    }
}

/// The safe fixes ("fix all", `check --fix`): their titles and the fixed text.
pub fn fix_all_dump(fixture: &str) -> String {
    let d = plain(fixture);
    let text = d.text();
    let (edits, titles) = fixes::safe_edits(&d.diagnostics());
    let mut out = String::new();
    for t in &titles {
        out.push_str(&format!("fix: {t}\n"));
    }
    for (s, new) in &edits {
        out.push_str(&format!("edit {} -> {new:?}\n", span(&text, *s)));
    }
    let change = agent_ls::analysis::edit::SourceChange::edit_file(
        std::path::PathBuf::new(),
        None,
        &edits,
        |s| agent_ls::text::TextRange::of(&text, s),
    );
    let fixed = change
        .files
        .first()
        .map(|f| agent_ls::analysis::edit::apply(&text, &f.edits))
        .unwrap_or_else(|| text.clone());
    let left: Vec<&str> = doc(&fixed)
        .diagnostics()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    out.push_str(&format!(
        "left after fixing: {left:?}\n---- fixed:\n{fixed}"
    ));
    out
}
