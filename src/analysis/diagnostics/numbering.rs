//! Positional placeholders as Claude Code 2.1.330 substitutes them (`analysis::arguments`): counted
//! from `$0`, and replaced inside code too. Two findings, each reported once per body with the
//! other places as related ranges:
//! - `argument-numbered-from-one`: `$1`, `$2` used as if `$1` were the first argument (no `$0`
//!   anywhere): the first argument is lost and the last placeholder stays as written;
//! - `placeholder-in-code`: a `$N` inside a code block or code span (a shell snippet's `local
//!   branch=$1`), which the command's arguments replace.

use crate::analysis::arguments::{hinted, ordinal, value_of};
use crate::catalog::{self, Code};
use crate::syntax::load::Node;
use crate::syntax::refs::{BodyRefs, Placeholder, PlaceholderKind};

use super::{Context, Diagnostic, Fix};

pub(super) fn check(
    root: Option<&Node>,
    cx: &Context<'_>,
    found: &BodyRefs,
    out: &mut Vec<Diagnostic>,
) {
    let version = &catalog::get().verified_with;
    let invoked = || crate::analysis::arguments::invoked_as(cx.kind, cx.path);
    let index = |p: &Placeholder| match p.kind {
        PlaceholderKind::Positional(n) | PlaceholderKind::Indexed(n) => Some(n),
        _ => None,
    };
    let zero_used = found.placeholders.iter().any(|p| index(p) == Some(0));
    // outside code: numbered from one?
    let outside: Vec<&Placeholder> = found
        .placeholders
        .iter()
        .filter(|p| !p.in_code && index(p).is_some())
        .collect();
    if !zero_used && let Some(first) = outside.iter().min_by_key(|p| (index(p), p.span)) {
        let n = index(first).unwrap_or(1);
        let top = outside.iter().filter_map(|p| index(p)).max().unwrap_or(n);
        let hint = root
            .and_then(|r| r.get("argument-hint"))
            .and_then(Node::as_str)
            .map(hinted)
            .filter(|&k| k == top);
        let hint_note = match hint {
            Some(k) => format!(
                " (`argument-hint` names {k} argument{})",
                if k == 1 { "" } else { "s" }
            ),
            None => String::new(),
        };
        let first_text = written(cx, first);
        let here = match value_of(&first.kind, &[], "A B") {
            Some(v) => format!("`{v}`"),
            None => format!("nothing (`{first_text}` stays as written)"),
        };
        let last = if top >= 1 {
            format!(
                ", and `${top}` stays as written unless {} arguments are given{hint_note}",
                top + 1
            )
        } else {
            String::new()
        };
        let mut d = Diagnostic::new(
            Code::ArgumentNumberedFromOne,
            first.span,
            format!(
                "Claude Code {version} numbers arguments from `$0`: `{first_text}` is the {} argument, so `/{} A B` puts {here} here and uses `A` nowhere{last}; number them from `$0`",
                ordinal(n),
                invoked(),
            ),
        );
        let mut edits = Vec::new();
        for p in &outside {
            if p.span != first.span {
                d = d.with_related(p.span, format!("`{}` too", written(cx, p)));
            }
            if let Some(i) = index(p).filter(|&i| i > 0) {
                let written = match p.kind {
                    PlaceholderKind::Indexed(_) => format!("$ARGUMENTS[{}]", i - 1),
                    _ => format!("${}", i - 1),
                };
                edits.push((p.span, written));
            }
        }
        let title = "Number the arguments from `$0`";
        out.push(d.with_fix(Fix {
            title: title.into(),
            edits,
            rename_file: None,
            safe: false,
            preferred: true,
        }));
    }
    // inside code: replaced all the same
    let in_code: Vec<&Placeholder> = found
        .placeholders
        .iter()
        .filter(|p| p.in_code && matches!(p.kind, PlaceholderKind::Positional(_)))
        .collect();
    if let Some(first) = in_code.first() {
        let first_written = written(cx, first);
        let n = index(first).unwrap_or(0);
        let more = match in_code.len() {
            1 => String::new(),
            2 => " (and 1 more)".to_string(),
            k => format!(" (and {} more)", k - 1),
        };
        let example = match n {
            0 => format!("`/{} A B` turns it into `A`", invoked()),
            1 => format!("`/{} A B` turns it into `B`", invoked()),
            _ => format!(
                "with {} arguments or more it becomes the {} one",
                n + 1,
                ordinal(n)
            ),
        };
        let mut d = Diagnostic::new(
            Code::PlaceholderInCode,
            first.span,
            format!(
                "`{first_written}` is inside code{more}, and Claude Code {version} replaces it there too: {example} (it counts from `$0`); write `\\{first_written}` to keep it as written"
            ),
        );
        for p in in_code.iter().skip(1) {
            d = d.with_related(p.span, format!("`{}` too", written(cx, p)));
        }
        let edits = in_code
            .iter()
            .map(|p| (p.span, format!("\\{}", written(cx, p))))
            .collect();
        out.push(d.with_fix(Fix {
            title: "Escape the placeholders in code (`\\$N`)".into(),
            edits,
            rename_file: None,
            safe: false,
            preferred: false,
        }));
    }
}

/// The placeholder as written: its canonical form (`$1`, `$ARGUMENTS[1]`) when that is as long
/// as its span (digits only, so then the same text), else the text read back. A body with
/// hundreds of placeholders reads none of them back on a keystroke (that was a fifth of a 1 MB
/// command's keystroke).
fn written(cx: &Context<'_>, p: &Placeholder) -> String {
    let canonical = match p.kind {
        PlaceholderKind::Positional(n) => format!("${n}"),
        PlaceholderKind::Indexed(n) => format!("$ARGUMENTS[{n}]"),
        _ => return cx.text_at(p.span),
    };
    if canonical.len() == p.span.len() {
        canonical
    } else {
        cx.text_at(p.span)
    }
}
