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
            let overlaps = fix.edits.iter().any(|(s, _)| {
                edits
                    .iter()
                    .any(|((e, _), _)| s.start < e.end && e.start < s.end)
            });
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

/// The diagnostics a range touches (a cursor at either end of a diagnostic touches it).
pub fn under(diagnostics: &[Diagnostic], range: Span) -> impl Iterator<Item = &Diagnostic> {
    diagnostics
        .iter()
        .filter(move |d| d.span.start <= range.end && range.start <= d.span.end)
}
