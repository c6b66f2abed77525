//! The globs of a rule's or skill's `paths`: split as Claude Code splits a string (on commas
//! outside braces), each parsed as Claude Code parses it, and matched against the workspace's
//! files (`paths-match-nothing`).

use crate::catalog::{Code, KindSpec};
use crate::syntax::Span;
use crate::syntax::frontmatter::{Entry, ValueKind};

use super::{Context, Diagnostic};

/// The glob patterns of `paths`: one that cannot be parsed matches no file, so the skill (listed
/// only once a matching file is touched) is never offered, and Claude Code says nothing.
pub(super) fn check(e: &Entry, spec: &KindSpec, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    // a string is split on commas outside braces (`src/*.{ts,tsx}` is one glob), as Claude Code
    // splits it; a list's items are globs as they are
    let items: Vec<(String, Span)> = match &e.value.kind {
        ValueKind::Scalar(sc) => {
            let t = &sc.text.text;
            let mut parts = Vec::new();
            let (mut depth, mut start) = (0i32, 0usize);
            for (i, c) in t.char_indices().chain(std::iter::once((t.len(), ','))) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth <= 0 => {
                        let piece = &t[start..i];
                        let lead = piece.len() - piece.trim_start().len();
                        let p = piece.trim();
                        if !p.is_empty() {
                            let a = start + lead;
                            parts.push((p.to_string(), sc.text.source_span(a, a + p.len())));
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            parts
        }
        _ => match e.value.list_items() {
            Some(l) => l
                .items
                .iter()
                .filter(|i| !i.nested)
                .map(|i| (i.text.clone(), i.span))
                .collect(),
            None => return,
        },
    };
    // the project's files, relative to the folder that holds `.claude`, when both are known
    let root = cx.path.and_then(|p| {
        p.ancestors()
            .find(|a| a.file_name().is_some_and(|n| n == ".claude"))
            .and_then(std::path::Path::parent)
    });
    let files: Option<Vec<&std::path::Path>> = root
        .zip(cx.project.and_then(|p| p.files.as_ref()))
        .map(|(root, files)| {
            files
                .iter()
                .filter_map(|f| f.strip_prefix(root).ok())
                .collect()
        });
    for (text, span) in items.iter().filter(|(t, _)| !t.is_empty()) {
        // a trailing `/**` is trimmed by Claude Code; `**` alone applies everywhere
        let pattern = text.trim_start_matches("./");
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build();
        match (&glob, &files) {
            (Ok(g), Some(files)) => {
                let m = g.compile_matcher();
                if !files.iter().any(|f| m.is_match(f)) {
                    out.push(Diagnostic::new(
                        Code::PathsMatchNothing,
                        *span,
                        format!(
                            "`{text}` matches no file of this project: the {} applies only when Claude works on a matching file, so it never does",
                            spec.noun
                        ),
                    ));
                }
            }
            (Ok(_), None) => {}
            (Err(err), _) => {
                let why = err.kind().to_string();
                out.push(Diagnostic::new(
                    Code::InvalidValue,
                    *span,
                    format!(
                        "`{text}` is not a valid glob ({why}): it matches no file, and Claude Code applies the {} only once a file matching its `paths` is touched, so this pattern never brings it in",
                        spec.noun
                    ),
                ));
            }
        }
    }
}
