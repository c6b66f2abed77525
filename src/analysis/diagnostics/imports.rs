//! `@path` imports of memory files and rules, as Claude Code follows them (2.1.330, see
//! `tests/fixtures/memory-oracle/FACTS.md`): relative to the importing file, not inside code,
//! a limited number of levels deep. A missing file, a cycle, an import past the last level and an
//! import in code are reported on the import's characters; a memory file whose text with its
//! imports passes the size Claude Code warns about, on its first line.

use std::path::Path;

use crate::analysis::project::{Import, imports_of};
use crate::catalog::{self, Code, Kind};
use crate::syntax::{Header, Span};

use super::{Context, Diagnostic};

pub(super) fn check(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.kind.spec();
    if !spec.imports {
        return;
    }
    let (Some((text, 0)), Some(path)) = (cx.body, cx.path) else {
        return;
    };
    let cat = catalog::get();
    let version = &cat.verified_with;
    let home = cx.project.and_then(|p| p.home.as_deref());
    let own = imports_of(path, text, home);
    let graph = cx.project.map(|p| &p.imports);
    for i in &own {
        let written = &text[i.span.start..i.span.end];
        if i.in_code {
            out.push(Diagnostic::new(
                Code::ImportInCode,
                i.span,
                format!(
                    "`{written}` is inside code, where Claude Code {version} does not read imports: the file is not loaded; write it outside code to import it"
                ),
            ));
            continue;
        }
        if cx.exists.is_some_and(|exists| !exists(&i.target)) {
            out.push(Diagnostic::new(
                Code::MissingImport,
                i.span,
                format!(
                    "`{written}` points to no file ({}): Claude Code {version} skips it silently, and its instructions never reach Claude",
                    i.target.display()
                ),
            ));
            continue;
        }
        let Some(graph) = graph else {
            continue;
        };
        if let Some(chain) = graph.path_between(&i.target, path) {
            let names: Vec<String> = std::iter::once(path.to_path_buf())
                .chain(chain)
                .map(|p| file_name(&p))
                .collect();
            out.push(
                Diagnostic::new(
                    Code::ImportCycle,
                    i.span,
                    format!(
                        "import cycle: {}; Claude Code {version} loads each file once, so the cycle adds nothing and the order is hard to follow",
                        names.join(" → ")
                    ),
                )
                .with_related_file(
                    i.target.clone(),
                    crate::text::TextRange::default(),
                    "imported here, and imports back",
                ),
            );
            continue;
        }
        // levels: this file's imports are level 1
        let max = cat.max_import_depth;
        let deepest = graph.deepest_from(&i.target, max + 1);
        if deepest.len() > max {
            let cut = &deepest[max..];
            let names: Vec<String> = deepest.iter().map(|p| file_name(p)).collect();
            out.push(Diagnostic::new(
                Code::ImportTooDeep,
                i.span,
                format!(
                    "this import leads {} levels deep ({}): Claude Code {version} follows imports {max} levels and never loads {}",
                    deepest.len(),
                    names.join(" → "),
                    cut.iter()
                        .map(|p| format!("`{}`", file_name(p)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if cx.kind == Kind::Memory
        && let Some(graph) = graph
    {
        let (chars, files) = loaded_size(path, text, &own, graph);
        if chars > cat.memory_warn_chars {
            out.push(Diagnostic::new(
                Code::MemoryTooLarge,
                Span::new(0, header.first_line_end),
                format!(
                    "with its imports this memory file is {chars} characters (about {} tokens, {files} file{}): past {} Claude Code {version} warns that a large memory file will impact performance, and all of it is sent with every request; move what is not needed every time into files read on demand",
                    chars / 4,
                    if files == 1 { "" } else { "s" },
                    cat.memory_warn_chars,
                ),
            ));
        }
    }
}

/// What Claude Code loads for a memory file of text `text` with imports `own`: characters and
/// files (itself included).
pub fn loaded_size(
    path: &Path,
    text: &str,
    own: &[Import],
    graph: &crate::analysis::project::Imports,
) -> (usize, usize) {
    let imported = graph.loaded_from(path, own, catalog::get().max_import_depth);
    (
        text.chars().count() + imported.iter().map(|(_, n)| n).sum::<usize>(),
        1 + imported.len(),
    )
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
