//! Applying fixes to a text: "fix all" in the editor and `agent-ls check --fix`.

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

/// `text` with `edits` (sorted, non-overlapping) applied.
pub fn apply(text: &str, edits: &[(Span, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, new) in edits {
        if span.start < at || span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(new);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}
