//! `@path` imports of memory files and rules, as Claude Code follows them (2.1.330, see
//! `tests/fixtures/memory-oracle/FACTS.md`): relative to the importing file, not inside code,
//! a limited number of levels deep. A missing file, a cycle, an import past the last level and an
//! import in code are reported on the import's characters; a memory file whose text with its
//! imports passes the size Claude Code warns about, on its first line.

use std::path::Path;

use crate::analysis::project::{AgentsMd, Unreadable};
use crate::analysis::project::{Import, imports_in};
use crate::catalog::{self, Code, Kind};
use crate::syntax::{Header, Span};

use super::{Context, Diagnostic};

pub(super) fn check(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.kind.spec();
    if !spec.imports {
        return;
    }
    let Some(path) = cx.path.filter(|_| cx.reads_body()) else {
        return;
    };
    let cat = catalog::get();
    let version = &cat.verified_with;
    let home = cx.project.and_then(|p| p.home.as_deref());
    // the lines and columns of the imports are not needed here
    let own = imports_in(path, &cx.body_refs().imports, home, &|_| Default::default());
    let graph = cx.project.map(|p| &p.imports);
    let user = home.is_some_and(|h| path.starts_with(h.join(".claude")));
    let project_dir = cx.exists.and_then(|exists| project_dir(path, exists));
    if cx.kind == Kind::Memory
        && let Some(exists) = cx.exists
    {
        agents_md(header, path, cx, exists, out);
    }
    let mut walk: Option<Option<(std::path::PathBuf, crate::analysis::project::Walk)>> = None;
    let conditional_rule = cx.kind == Kind::Rule
        && header
            .metadata()
            .and_then(|m| m.get("paths"))
            .is_some_and(crate::analysis::project::conditional);
    if let Some(graph) = graph
        && let Some(exclude) = graph.excluded_by(path)
    {
        out.push(excluded(
            Span::new(0, header.first_line_end),
            format!("Claude Code {version} does not load this file"),
            exclude,
        ));
    }
    for i in &own {
        let written = cx.text_at(i.span);
        // `@alice` with no `.` or `/` is an import to Claude Code (`@Makefile` loads), but a
        // missing one, or one in code, is most likely a mention: nothing is lost, nothing is said
        let mention = !written.contains(['.', '/']);
        if i.in_code {
            if mention {
                continue;
            }
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
            if mention {
                continue;
            }
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
        // outside the working directory (once links are resolved), a project's import is
        // dropped, until the user approves external imports for that folder (`~/.claude.json`)
        if !user
            && let Some(dir) = project_dir.as_deref()
            && !graph.is_some_and(|g| g.approved.contains(dir))
        {
            let lexical = !i.target.starts_with(dir);
            let linked = graph
                .filter(|g| g.real.contains_key(&i.target))
                .is_some_and(|g| g.outside(&i.target, dir));
            if lexical || linked {
                let through = if lexical {
                    String::new()
                } else {
                    graph
                        .and_then(|g| g.real.get(&i.target))
                        .map(|r| format!(" through a symbolic link, to {}", r.display()))
                        .unwrap_or_default()
                };
                out.push(Diagnostic::new(
                    Code::ImportOutsideProject,
                    i.span,
                    format!(
                        "`{written}` points outside the project ({}){through}: Claude Code {version} drops a project memory file's imports outside the folder it runs in, silently, until you approve external imports for this project (`hasClaudeMdExternalIncludesApproved` in `~/.claude.json`); move the file into the project, or import it from `~/.claude/CLAUDE.md`",
                        dir.display()
                    ),
                ));
                continue;
            }
        }
        if let Some(why) = graph.and_then(|g| g.unreadable.get(&i.target)) {
            let what = match why {
                Unreadable::Folder => "is a folder, not a file: Claude Code {version} skips it (\"not a regular file\")".to_string(),
                Unreadable::TooLarge(n) => format!(
                    "is {n} bytes, over Claude Code's limit of {} bytes (4 MiB): Claude Code {version} leaves it out",
                    cat.memory_max_bytes
                ),
                Unreadable::NotUtf8 => "is not UTF-8 (UTF-16, say): Claude Code {version} reads it as UTF-8 all the same, so Claude gets unreadable bytes and its imports are never followed; save it as UTF-8".to_string(),
            }
            .replace("{version}", version);
            out.push(Diagnostic::new(
                Code::MissingImport,
                i.span,
                format!("`{written}` {what}"),
            ));
            continue;
        }
        if let Some(ext) = non_text(&i.target) {
            out.push(Diagnostic::new(
                Code::MissingImport,
                i.span,
                format!(
                    "`{written}` is not a text file to Claude Code (`{ext}` is not among the extensions it imports): Claude Code {version} skips it (\"Skipping non-text file in @include\")"
                ),
            ));
            continue;
        }
        let Some(graph) = graph else {
            continue;
        };
        if let Some(exclude) = graph.excluded_by(&i.target) {
            out.push(excluded(
                i.span,
                format!("Claude Code {version} does not load `{written}`, nor follow its imports"),
                exclude,
            ));
            continue;
        }
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
        let startup = walk.get_or_insert_with(|| graph.startup(path, home, cat.max_import_depth));
        if let Some((_, walk)) = startup.as_ref()
            && walk
                .cut
                .iter()
                .any(|c| c.importer == path && c.target == i.target)
        {
            out.push(too_deep(path, i.span, &written, graph, walk, &i.target));
            continue;
        }
        if conditional_rule && !graph.conditional.contains(&i.target) {
            out.push(Diagnostic::new(
                Code::ImportLoadsAtStart,
                i.span,
                format!(
                    "Claude Code {version} loads `{written}` at start, in every conversation, not only when this rule's `paths` match: it loads a conditional rule's imports that have no `paths` of their own with the memory files; give `{}` the same `paths`, or write it into the rule",
                    file_name(&i.target)
                ),
            ));
        }
    }
    if cx.kind == Kind::Memory {
        let first_line = Span::new(0, header.first_line_end);
        let own_chars = cx.body_chars();
        if own_chars > cat.memory_warn_chars {
            out.push(Diagnostic::new(
                Code::MemoryTooLarge,
                first_line,
                format!(
                    "this memory file is {own_chars} characters (about {} tokens), over the {} Claude Code {version} allows one file before `/doctor` warns \"Large {} will impact performance\"; all of it is sent with every request: move what is not needed every time into files Claude reads on demand",
                    own_chars / 4,
                    cat.memory_warn_chars,
                    file_name(path)
                ),
            ));
        } else if let Some(graph) = graph {
            let (chars, files) = loaded_size(path, own_chars, &own, graph);
            if chars > cat.memory_warn_total_chars {
                out.push(Diagnostic::new(
                    Code::MemoryTooLarge,
                    first_line,
                    format!(
                        "with its imports this memory file loads {chars} characters (about {} tokens) from {files} files, over the {} in all that Claude Code {version} allows before `/doctor` warns \"Instruction files will impact performance\"",
                        chars / 4,
                        cat.memory_warn_total_chars,
                    ),
                ));
            }
        }
    }
}

/// The extension (with its dot) of a file Claude Code does not import as text, if it is one:
/// anything outside its list (`.svg`, `.mdx`, `.jsonl`, `.env.local`'s `.local`, the `.md,` of
/// `@notes.md,`).
pub fn non_text(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let ext = extname(&name).to_lowercase();
    (!ext.is_empty() && !catalog::get().text_extensions.contains(&ext)).then_some(ext)
}

/// Node's `path.extname` of a file name: from its last `.` (the dot included), empty when the
/// only dot starts the name (`.env`) or there is none (`Makefile`); `trailing.` gives `.`.
fn extname(name: &str) -> &str {
    if name.chars().all(|c| c == '.') {
        return "";
    }
    match name.rfind('.') {
        Some(0) | None => "",
        Some(i) => &name[i..],
    }
}

/// The folder Claude Code runs in for a project memory file: the nearest ancestor with `.git`.
fn project_dir(path: &Path, exists: &dyn Fn(&Path) -> bool) -> Option<std::path::PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|a| exists(&a.join(".git")))
        .map(Path::to_path_buf)
}

/// An `AGENTS.md` beside or below a `CLAUDE.md`: Claude Code reads `AGENTS.md` only when the
/// project has no `CLAUDE.md`, `.claude/CLAUDE.md` or `CLAUDE.local.md` (here or in a parent),
/// unless one imports it.
fn agents_md(
    header: &Header,
    path: &Path,
    cx: Context<'_>,
    exists: &dyn Fn(&Path) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    if path.file_name().is_none_or(|n| n != "AGENTS.md") {
        return;
    }
    // `.claude/AGENTS.md` stands for the folder above `.claude`
    let dir = path.parent().map(|d| {
        if d.file_name().is_some_and(|n| n == ".claude") {
            d.parent().unwrap_or(d)
        } else {
            d
        }
    });
    let Some(dir) = dir else {
        return;
    };
    let imported = cx
        .project
        .is_some_and(|p| p.imports.importers(path).next().is_some());
    if imported {
        return;
    }
    let option = cx.project.map(|p| &p.imports.agents_md);
    match option {
        // the user's settings have Claude Code read AGENTS.md beside CLAUDE.md
        Some(AgentsMd::Both(_)) => return,
        Some(AgentsMd::Never(source)) => {
            out.push(Diagnostic::new(
                Code::AgentsMdNotLoaded,
                Span::new(0, header.first_line_end),
                format!(
                    "Claude Code {} does not read AGENTS.md files: `pluginConfigs[\"agents-md@builtin\"]` in {} turns them off (`claude-md`); import it from a CLAUDE.md (`@AGENTS.md`) if Claude should read it",
                    catalog::get().verified_with,
                    source.display()
                ),
            ));
            return;
        }
        _ => {}
    }
    let claude = dir.ancestors().find_map(|a| {
        ["CLAUDE.md", ".claude/CLAUDE.md", "CLAUDE.local.md"]
            .iter()
            .map(|n| a.join(n))
            .find(|p| exists(p))
    });
    let Some(claude) = claude else {
        return;
    };
    out.push(Diagnostic::new(
        Code::AgentsMdNotLoaded,
        Span::new(0, header.first_line_end),
        format!(
            "Claude Code {} does not read this AGENTS.md: it reads AGENTS.md only when there is no CLAUDE.md, and there is {}; import it from there (`@{}`) if Claude should read it",
            catalog::get().verified_with,
            claude.display(),
            pathdiff(path, claude.parent().unwrap_or(dir))
        ),
    ));
}

/// `path` relative to `base` when it is below it, else as it is.
fn pathdiff(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

/// What Claude Code loads for a memory file of `own_chars` characters with imports `own`: characters and
/// files (itself included).
pub fn loaded_size(
    path: &Path,
    own_chars: usize,
    own: &[Import],
    graph: &crate::analysis::project::Imports,
) -> (usize, usize) {
    let imported = graph.loaded_from(path, own, catalog::get().max_import_depth);
    (
        own_chars + imported.iter().map(|(_, n)| n).sum::<usize>(),
        1 + imported.len(),
    )
}

/// `memory-excluded` at `span`: `what` happens, and the pattern of the settings file that does it.
fn excluded(span: Span, what: String, exclude: &crate::analysis::project::Exclude) -> Diagnostic {
    Diagnostic::new(
        Code::MemoryExcluded,
        span,
        format!(
            "{what}: `claudeMdExcludes` in {} has `{}`, which matches it",
            exclude.source.display(),
            exclude.pattern
        ),
    )
    .with_related_file(
        exclude.source.clone(),
        crate::text::TextRange::default(),
        "the settings file with the pattern",
    )
}

/// `import-too-deep` on the import of `target` in `path`, the file Claude Code reached at its
/// last level: the chain that led there as related places.
fn too_deep(
    path: &Path,
    span: Span,
    written: &str,
    graph: &crate::analysis::project::Imports,
    walk: &crate::analysis::project::Walk,
    target: &Path,
) -> Diagnostic {
    let cat = catalog::get();
    let chain = walk.chain(path);
    let names: Vec<String> = chain.iter().map(|(p, _)| file_name(p)).collect();
    let mut d = Diagnostic::new(
        Code::ImportTooDeep,
        span,
        format!(
            "Claude Code {} never loads `{}` ({written}): this file is loaded {} imports deep ({}), the last level it follows, and no other chain reaches that file first (Claude Code walks imports depth first, in the order they are written, and loads each file once, at the first chain that reaches it)",
            cat.verified_with,
            file_name(target),
            chain.len() - 1,
            names.join(" → "),
        ),
    );
    for (file, index) in &chain {
        if let Some(import) = index.and_then(|n| graph.of.get(file)?.get(n)) {
            d = d.with_related_file(file.clone(), import.range, "imported here");
        }
    }
    d
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

#[cfg(test)]
mod extname_tests {
    use super::non_text;
    use std::path::Path;

    /// As Claude Code 2.1.330 loaded or skipped them (memory-oracle load-ext-* scenarios).
    #[test]
    fn the_extensions_claude_code_imports() {
        for loads in [
            "a.md",
            "a.MD",
            "b.Json",
            "c.R",
            ".env",
            "Makefile",
            "Dockerfile",
            "LICENSE",
            ".gitignore",
            "x.tf.txt",
        ] {
            assert_eq!(non_text(Path::new(loads)), None, "{loads}");
        }
        for (skipped, ext) in [
            ("a.markdown", ".markdown"),
            ("a.mdx", ".mdx"),
            ("i.svg", ".svg"),
            ("d.jsonl", ".jsonl"),
            (".env.local", ".local"),
            ("Dockerfile.dev", ".dev"),
            ("trailing.", "."),
            ("..double", ".double"),
            ("notes.md:", ".md:"),
        ] {
            assert_eq!(
                non_text(Path::new(skipped)).as_deref(),
                Some(ext),
                "{skipped}"
            );
        }
    }
}
