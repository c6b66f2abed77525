//! The YAML level: where Claude Code ends the frontmatter, whether its parse (and its fallback
//! rewrite) loads it, and what strict YAML tools will say. Locations come from the lenient
//! scanner's problems, the verdict from [`crate::syntax::load`].

use crate::catalog;
use crate::catalog::{Code, KindSpec};
use crate::syntax::frontmatter::{Frontmatter, ProblemKind, ScalarStyle, ValueKind};
use crate::syntax::load::Outcome;
use crate::syntax::{Header, Span, Strict};

use super::{Diagnostic, Fix};

/// Reports the YAML findings; returns true when Claude Code cannot parse the frontmatter at all
/// (it then drops the agent, and nothing else about the keys matters).
pub(super) fn check(
    header: &Header,
    fm: &Frontmatter,
    close: Span,
    spec: &KindSpec,
    plugin: bool,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let lost = spec.unreadable_consequence(plugin);
    let version = &catalog::get().verified_with;
    if fm.close_inline {
        out.push(Diagnostic::new(
            Code::FrontmatterEndsEarly,
            close,
            format!(
                "Claude Code ends the frontmatter at the first `---` after the opening line, even inside a value: here. The rest of this line and every line below it are read as the body, so any key there is lost (Claude Code {version}); write the dashes another way, or quote the value"
            ),
        ));
    }
    let Some(load) = &header.load else {
        return false;
    };
    let failure = match &load.outcome {
        Outcome::Failed { second, .. } => Some(second),
        _ => None,
    };
    let cause_line = failure.map(|e| crate::text::line_span(&header.text, e.at));
    // the problems that explain a failed parse: those on the line where it stopped, else every
    // problem that breaks YAML for Claude Code too
    let fatal_kind = |k: &ProblemKind| {
        matches!(
            k,
            ProblemKind::Syntax | ProblemKind::UnindentedContinuation | ProblemKind::LenientCrlf
        )
    };
    let on_cause = |s: Span| cause_line.is_some_and(|l| overlaps(l, s));
    let causes: Vec<bool> = match failure {
        None => vec![false; fm.problems.len()],
        Some(_) => {
            let on_line: Vec<bool> = fm.problems.iter().map(|p| on_cause(p.span)).collect();
            if on_line.iter().any(|b| *b) {
                on_line
            } else {
                fm.problems.iter().map(|p| fatal_kind(&p.kind)).collect()
            }
        }
    };
    let strict_fails = header.strict.fails();
    // one problem, one finding: the lines that continue one value at column 1 (and the turn
    // labels among them that read as repeated keys) are reported on the first of them
    let leader = continuation_groups(fm, &header.text);
    for (i, (p, &cause)) in fm.problems.iter().zip(&causes).enumerate() {
        if matches!(p.kind, ProblemKind::LenientOnly) && !strict_fails && !cause {
            continue;
        }
        if leader[i].is_some_and(|l| l != i) {
            continue;
        }
        let members: Vec<usize> = (0..fm.problems.len())
            .filter(|&j| j != i && leader[j] == Some(i))
            .collect();
        let cause = cause || members.iter().any(|&j| causes[j]);
        let (code, consequence) = if cause {
            (
                code_of(&p.kind, true),
                format!(
                    "Claude Code cannot parse the frontmatter, even after its fallback rewrite, so it reads no metadata and {lost} (Claude Code {version})"
                ),
            )
        } else {
            (code_of(&p.kind, false), loaded_consequence(&p.kind))
        };
        let lines = members
            .iter()
            .filter(|&&j| fm.problems[j].kind == ProblemKind::UnindentedContinuation)
            .count();
        let what = match lines {
            0 => p.what.clone(),
            1 => format!("{} (and 1 more line below)", p.what),
            n => format!("{} (and {n} more lines below)", p.what),
        };
        let code = if cause && lines > 0 {
            Code::UnindentedContinuation
        } else {
            code
        };
        let mut d = Diagnostic::new(code, p.span, format!("{what}: {consequence}; {}", p.fix));
        if cause {
            d = d.with_severity(spec.unreadable_severity(plugin));
        }
        for &j in &members {
            let m = &fm.problems[j];
            let note = match (&m.kind, on_cause(m.span)) {
                (ProblemKind::DuplicateKey { .. }, _) => {
                    "a turn label at column 1, read as a repeated key"
                }
                (_, true) => "continues it too; Claude Code's parse stops here",
                _ => "continues it too",
            };
            d = d.with_related(m.span, note);
        }
        if let ProblemKind::DuplicateKey { first } = p.kind {
            d = d.with_related(
                first,
                "first defined here (Claude Code keeps the later value)",
            );
        }
        if matches!(p.kind, ProblemKind::LenientOnly | ProblemKind::LenientCrlf) {
            for fix in quote_fixes(header, fm, p.span) {
                d = d.with_fix(fix);
            }
        }
        out.push(d);
    }
    if let (Some(e), Some(line)) = (failure, cause_line)
        && !causes.iter().any(|c| *c)
    {
        let text = &header.text[line.start..line.end];
        let trimmed = Span::new(
            line.start + (text.len() - text.trim_start().len()),
            line.start + text.trim_end().len(),
        );
        let span = if trimmed.is_empty() { line } else { trimmed };
        out.push(
            Diagnostic::new(
                Code::YamlError,
                span,
                format!(
                    "Claude Code cannot parse the frontmatter here ({}), even after its fallback rewrite: it reads no metadata and {lost} (Claude Code {version})",
                    e.message
                ),
            )
            .with_severity(spec.unreadable_severity(plugin)),
        );
    }
    if let Strict::Rejected(err) = &header.strict
        && fm.problems.is_empty()
        && failure.is_none()
    {
        out.push(Diagnostic::new(
            Code::YamlStrictError,
            err.span,
            format!(
                "strict YAML parsers reject the frontmatter here ({}); Claude Code's fallback rewrite still loads it, but other tools will not",
                err.message
            ),
        ));
    }
    if let Outcome::Fallback { quoted, .. } = &load.outcome {
        for line in quoted {
            comment_in_value(header, *line, out);
        }
    }
    failure.is_some()
}

/// For each problem, the problem whose finding reports it (`None`: reported alone). The column-1
/// continuation lines of one value form one group led by the first; a duplicate turn label
/// (`user:`, `assistant:`, ...) between the group's first and last line joins it.
fn continuation_groups(fm: &Frontmatter, text: &str) -> Vec<Option<usize>> {
    let problems = &fm.problems;
    let mut leader: Vec<Option<usize>> = vec![None; problems.len()];
    for (i, p) in problems.iter().enumerate() {
        if p.kind != ProblemKind::UnindentedContinuation || leader[i].is_some() {
            continue;
        }
        let same: Vec<usize> = (i..problems.len())
            .filter(|&j| {
                problems[j].kind == ProblemKind::UnindentedContinuation
                    && problems[j].what == p.what
            })
            .collect();
        if same.len() < 2 {
            continue;
        }
        let last = same.last().map_or(p.span.end, |&j| problems[j].span.end);
        for &j in &same {
            leader[j] = Some(i);
        }
        for (j, q) in problems.iter().enumerate() {
            let label = text
                .get(q.span.start..q.span.end)
                .is_some_and(crate::syntax::frontmatter::is_turn_label);
            if matches!(q.kind, ProblemKind::DuplicateKey { .. })
                && label
                && q.span.start > p.span.start
                && q.span.end <= last
                && leader[j].is_none()
            {
                leader[j] = Some(i);
            }
        }
    }
    leader
}

fn code_of(kind: &ProblemKind, fatal: bool) -> Code {
    match kind {
        ProblemKind::UnindentedContinuation if fatal => Code::UnindentedContinuation,
        _ if fatal => Code::YamlError,
        ProblemKind::LenientOnly => Code::YamlLenientOnly,
        ProblemKind::InvalidFlow => Code::InvalidFlowCollection,
        ProblemKind::TabIndentation => Code::TabIndentation,
        ProblemKind::DuplicateKey { .. } => Code::DuplicateKey,
        _ => Code::YamlStrictError,
    }
}

/// What a problem means when Claude Code still loads the file.
fn loaded_consequence(kind: &ProblemKind) -> String {
    match kind {
        ProblemKind::LenientOnly => "Claude Code's fallback rewrite accepts it, but strict YAML parsers (GitHub, other agent tools, CI linters) reject the whole frontmatter".into(),
        ProblemKind::TabIndentation => "Claude Code's fallback rewrite turns each leading tab into two spaces, but strict YAML parsers reject the frontmatter".into(),
        ProblemKind::DuplicateKey { .. } => "Claude Code keeps this later value and ignores the first, and strict YAML parsers reject the frontmatter".into(),
        ProblemKind::InvalidFlow => "Claude Code's fallback rewrite reads the whole value as plain text (not a list), and strict YAML parsers reject the frontmatter".into(),
        _ => "strict YAML parsers reject the frontmatter; Claude Code's fallback rewrite still loads it".into(),
    }
}

/// The line (without its break) that holds byte `at` of `text`.
fn overlaps(line: Span, s: Span) -> bool {
    s.start <= line.end && s.end >= line.start
}

/// A line the fallback quoted whose value holds ` #`: strict YAML would have read a comment,
/// Claude Code keeps it in the value.
fn comment_in_value(header: &Header, line: Span, out: &mut Vec<Diagnostic>) {
    let text = &header.text[line.start..line.end.min(header.text.len())];
    let Some(colon) = text.find(':') else {
        return;
    };
    let value = &text[colon + 1..];
    let vb = value.as_bytes();
    let Some(hash) =
        memchr::memchr_iter(b'#', vb).find(|&i| i > 0 && matches!(vb[i - 1], b' ' | b'\t'))
    else {
        return;
    };
    let start = line.start + colon + 1 + hash;
    let end = line.start + text.trim_end().len();
    let kept = value.trim();
    out.push(Diagnostic::new(
        Code::CommentInValue,
        Span::new(start, end.max(start)),
        format!(
            "Claude Code's fallback rewrite quoted this line (another line of the frontmatter needed it), so this ` #` text is part of the value, not a comment: Claude Code reads `{kept}`; put the comment on a line of its own"
        ),
    ));
}

/// Fixes for a value strict YAML rejects: quote it, or make it a block scalar. Both keep the
/// exact text Claude Code's fallback reads.
fn quote_fixes(header: &Header, fm: &Frontmatter, at: Span) -> Vec<Fix> {
    let Some(e) = fm.entries.iter().find(|e| e.value.span.touches(at.start)) else {
        return Vec::new();
    };
    let ValueKind::Scalar(s) = &e.value.kind else {
        return Vec::new();
    };
    if s.style != ScalarStyle::Plain || s.multiline {
        return Vec::new();
    }
    let text = &s.text.text;
    let line_end = header.text[e.value.span.end..]
        .find('\n')
        .map(|p| e.value.span.end + p)
        .unwrap_or(header.text.len());
    let nl = if header.text[..line_end].ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    vec![
        Fix::replace(
            format!("Quote the value of `{}`", e.key),
            e.value.span,
            format!("'{}'", text.replace('\'', "''")),
        )
        .safe(),
        Fix::replace(
            format!("Make `{}` a block scalar (`|-`)", e.key),
            e.value.span,
            format!("|-{nl}  {text}"),
        )
        .not_preferred(),
    ]
}
