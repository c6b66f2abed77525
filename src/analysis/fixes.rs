//! Which fixes to offer: those under a range (the quick fixes of a code action request), and the
//! safe ones of a whole file ("fix all" in the editor and `agent-ls check --fix`).

use super::Diagnostic;
use crate::syntax::Span;

/// The safe fixes of `diagnostics` whose edits do not overlap (the first one wins): one list of
/// edits sorted by position, and the titles of the fixes they come from.
pub fn safe_edits(diagnostics: &[Diagnostic]) -> (Vec<(Span, String)>, Vec<String>) {
    // (edit, start of its diagnostic)
    let mut edits: Vec<((Span, String), usize)> = Vec::new();
    let mut titles = Vec::new();
    for d in diagnostics {
        for fix in d.fixes.iter().filter(|f| f.safe && f.rename_file.is_none()) {
            let overlaps = fix
                .edits
                .iter()
                .any(|(s, _)| edits.iter().any(|((e, _), _)| conflict(*s, *e)));
            if !overlaps {
                edits.extend(fix.edits.iter().cloned().map(|e| (e, d.span.start)));
                titles.push(fix.title.clone());
            }
        }
    }
    // insertions at one position: the tag opened last is closed first
    edits.sort_by_key(|((s, _), from)| (s.start, s.end, std::cmp::Reverse(*from)));
    (edits.into_iter().map(|(e, _)| e).collect(), titles)
}

/// Two edits that cannot both apply: they overlap, or one inserts at the edge of (or inside) what
/// the other replaces (closing a tag at the end of a value that another fix re-quotes would land
/// after the new quote). Insertions at one point do not conflict.
fn conflict(a: Span, b: Span) -> bool {
    let touches =
        |ins: Span, rep: Span| ins.is_empty() && !rep.is_empty() && rep.touches(ins.start);
    (a.start < b.end && b.start < a.end) || touches(a, b) || touches(b, a)
}

/// How many rounds of "fix all" `check --fix` runs at most: a fix left out for a conflict is
/// applied in the next round, on the text the earlier fixes produced.
pub const MAX_ROUNDS: usize = 10;

/// Applies the safe fixes of `text` round after round (each round re-lints the result with
/// `lint`) until none is left: the fixed text and the titles of every fix applied, or `None`
/// when nothing was safe to fix.
pub fn fix_all(
    text: &str,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> Option<(String, Vec<String>)> {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let (edits, titles) = safe_edits(&lint(&current));
        if edits.is_empty() {
            break;
        }
        let index = crate::text::LineIndex::new(&current);
        let change =
            super::edit::SourceChange::edit_file(std::path::PathBuf::new(), None, &edits, |s| {
                index.range(&current, s)
            });
        let next = change
            .files
            .first()
            .map(|f| super::edit::apply(&current, &f.edits))
            .unwrap_or_else(|| current.clone());
        if next == current {
            break;
        }
        current = next;
        applied.extend(titles);
    }
    (!applied.is_empty()).then_some((current, applied))
}

/// The diagnostics a range touches (a cursor at either end of a diagnostic touches it).
pub fn under(diagnostics: &[Diagnostic], range: Span) -> impl Iterator<Item = &Diagnostic> {
    diagnostics
        .iter()
        .filter(move |d| d.span.start <= range.end && range.start <= d.span.end)
}
