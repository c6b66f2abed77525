//! Memory files' `@path` imports for the editor: the import under the cursor (definition, hover),
//! the partial path being typed after `@` (completion), and what Claude Code loads for a memory
//! file (hover on its first line). Pure: listing a folder or reading a target is the caller's.

use std::path::{Path, PathBuf};

use crate::catalog::{self, Kind};
use crate::syntax::Span;
use crate::syntax::refs;

use super::diagnostics::{reads_body, resolve_at};
use super::project::{Project, imports_of, resolve_import};

/// The file an `@path` (or, in a skill or command, an `@file`) under the cursor names.
pub fn target_at(
    kind: Kind,
    path: &Path,
    text: &str,
    offset: usize,
    home: Option<&Path>,
) -> Option<(Span, PathBuf)> {
    let spec = kind.spec();
    if !reads_body(kind) {
        return None;
    }
    let found = refs::scan(text, 0);
    let refs = if spec.imports {
        found.imports
    } else {
        found.files
    };
    let f = refs
        .into_iter()
        .find(|f| !f.in_code && f.span.touches(offset))?;
    let target = if spec.imports {
        resolve_import(path, &f.text, home)?
    } else {
        resolve_at(path, &f.text, home)?
    };
    Some((f.span, target))
}

/// The partial path typed after an `@` that ends at `offset`: the span a completion replaces
/// (the part after the last `/`), the folder part as typed (`docs/` of `@docs/gu`), and the
/// file name part typed so far.
pub fn typed_path(text: &str, offset: usize) -> Option<(Span, String, String)> {
    let before = text.get(..offset)?;
    let start = before
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[start..];
    let typed = word.strip_prefix('@')?;
    let (dir, name) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let end = offset
        + text[offset..]
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(text.len() - offset);
    Some((
        Span::new(offset - name.len(), end),
        dir.to_string(),
        name.to_string(),
    ))
}

/// The folder whose entries complete `@dir` in the file at `path`.
pub fn completion_folder(path: &Path, dir: &str, home: Option<&Path>) -> Option<PathBuf> {
    if dir.is_empty() {
        return path.parent().map(Path::to_path_buf);
    }
    resolve_import(path, dir.trim_end_matches('/'), home)
        .or_else(|| (dir == "~/").then(|| home.map(Path::to_path_buf)).flatten())
}

/// Hover on a memory file's first line: what Claude Code loads with it.
pub fn size_summary(project: &Project, path: &Path, text: &str) -> String {
    let cat = catalog::get();
    let home = project.home.as_deref();
    let own = imports_of(path, text, home);
    let loaded = project
        .imports
        .loaded_from(path, &own, cat.max_import_depth);
    let (chars, files) =
        super::diagnostics::loaded_size(path, text.chars().count(), &own, &project.imports);
    let mut md = format!(
        "**memory file** · Claude Code {} loads {chars} characters (about {} tokens) from {files} file{}",
        cat.verified_with,
        chars / 4,
        if files == 1 { "" } else { "s" }
    );
    if chars > cat.memory_warn_chars {
        md.push_str(&format!(
            ", past the {} it warns about",
            cat.memory_warn_chars
        ));
    }
    md.push_str(":\n\n");
    md.push_str(&format!(
        "- this file: {} characters\n",
        text.chars().count()
    ));
    for (p, n) in loaded.iter().take(20) {
        md.push_str(&format!("- `{}`: {n} characters\n", p.display()));
    }
    if loaded.len() > 20 {
        md.push_str(&format!("- and {} more\n", loaded.len() - 20));
    }
    md
}

/// The first lines of an imported file, for hover.
/// What Claude Code does with the import of `target` from the memory file at `importer`, as one
/// line for the hover: followed (at which level, counted from the files it loads at start), or
/// why not (not a text file, past the depth limit).
pub fn verdict(
    graph: &crate::analysis::project::Imports,
    importer: &Path,
    target: &Path,
    home: Option<&Path>,
) -> String {
    let cat = crate::catalog::get();
    let version = &cat.verified_with;
    if let Some(ext) = crate::analysis::diagnostics::non_text(target) {
        return format!(
            "Claude Code {version} skips this import: `{ext}` is not among the extensions it reads as text."
        );
    }
    if let Some(exclude) = graph.excluded_by(target) {
        return format!(
            "Claude Code {version} does not load it: `claudeMdExcludes` in {} has `{}`.",
            exclude.source.display(),
            exclude.pattern
        );
    }
    let max = cat.max_import_depth;
    let Some((folder, walk)) = graph.startup(importer, home, max) else {
        return format!("Claude Code {version} follows it when it loads this file.");
    };
    if let Some(visit) = walk.loaded.get(target) {
        let via = match &visit.via {
            Some((from, _)) if from != importer => format!(
                " (it reaches it first through `{}`)",
                from.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ),
            _ => String::new(),
        };
        return format!(
            "Claude Code {version} loads it at start, {} import{} deep{via} (it follows {max}).",
            visit.level,
            if visit.level == 1 { "" } else { "s" }
        );
    }
    if walk
        .cut
        .iter()
        .any(|c| c.importer == importer && c.target == target)
    {
        return format!(
            "Claude Code {version} does not load it: this file is the last of the {max} levels of imports it follows, and no shorter chain reaches it."
        );
    }
    if !walk.loaded.contains_key(importer) {
        return format!("Claude Code {version} follows it when it loads this file.");
    }
    if graph.outside(target, &folder) {
        return format!(
            "Claude Code {version} does not load it: its real path lies outside {}, the folder it runs in, until external imports are approved.",
            folder.display()
        );
    }
    format!("Claude Code {version} does not load it.")
}

pub fn preview(target: &Path, text: &str) -> String {
    const LINES: usize = 12;
    let head: Vec<&str> = text.lines().take(LINES).collect();
    let more = text.lines().count().saturating_sub(LINES);
    let mut md = format!("**`{}`**\n\n```markdown\n", target.display());
    for l in head {
        md.push_str(&l.replace("```", "ˋˋˋ"));
        md.push('\n');
    }
    md.push_str("```");
    if more > 0 {
        md.push_str(&format!("\n\n{more} more lines"));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_being_typed() {
        let text = "See @docs/gu here";
        let at = text.find("gu").unwrap() + 2;
        let (span, dir, name) = typed_path(text, at).unwrap();
        assert_eq!((dir.as_str(), name.as_str()), ("docs/", "gu"));
        assert_eq!(&text[span.start..span.end], "gu");
        assert!(typed_path("mail a@b", 8).is_none());
        let (_, dir, name) = typed_path("@", 1).unwrap();
        assert_eq!((dir.as_str(), name.as_str()), ("", ""));
    }

    #[test]
    fn the_target_under_the_cursor() {
        let text = "Read @docs/style.md and `@not/this.md`.\n";
        let path = Path::new("/p/CLAUDE.md");
        let at = text.find("style").unwrap();
        let (span, target) = target_at(Kind::Memory, path, text, at, None).unwrap();
        assert_eq!(&text[span.start..span.end], "@docs/style.md");
        assert_eq!(target, Path::new("/p/docs/style.md"));
        let code = text.find("not/").unwrap();
        assert!(target_at(Kind::Memory, path, text, code, None).is_none());
    }
}
