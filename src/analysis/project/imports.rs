//! The import graph: each memory file's and rule's `@path` imports (resolved, with where they
//! are written) and sizes, and the walks over it (who imports a file, chains, depth, what a
//! memory file loads).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::syntax::Span;
use crate::text::TextRange;

/// One `@path` import of a memory file or rule: where it is written and the file it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// `@path` in the importing file.
    pub span: Span,
    pub range: TextRange,
    /// The file it names (resolved; it may not exist).
    pub target: PathBuf,
    /// Inside a code span or block, where Claude Code does not read it.
    pub in_code: bool,
}

/// The imports of a file whose `@path`s Claude Code follows, from its text (the whole text: a
/// memory file's head is text too). `home` resolves `~/`.
pub fn imports_of(path: &Path, text: &str, home: Option<&Path>) -> Vec<Import> {
    let index = crate::text::LineIndex::new(text);
    let found = crate::syntax::refs::scan(text, 0);
    imports_in(path, &found.imports, home, &|span| index.range(text, span))
}

/// [`imports_of`], from the `@path`s already found; `range` gives the lines and columns of a
/// span.
pub fn imports_in(
    path: &Path,
    found: &[crate::syntax::refs::FileRef],
    home: Option<&Path>,
    range: &dyn Fn(Span) -> TextRange,
) -> Vec<Import> {
    found
        .iter()
        .filter_map(|f| {
            let target = resolve_import(path, &f.text, home)?;
            Some(Import {
                span: f.span,
                range: range(f.span),
                target,
                in_code: f.in_code,
            })
        })
        .collect()
}

/// Where `@target` in the file at `path` points: relative to that file's folder, `~/` to the
/// home folder, or absolute.
pub fn resolve_import(path: &Path, target: &str, home: Option<&Path>) -> Option<PathBuf> {
    // Claude Code follows `@x}`, `@x$` and `@x>` as written (memory-oracle
    // `scan-trailing-colon-brace`); a path cannot start with `{`, `$`, `<` or `>` (its scanner's
    // first character), and a template's `{{name}}` or `${name}` is left alone
    if target.is_empty()
        || target.starts_with(['{', '$', '<', '>'])
        || target.contains("{{")
        || target.contains("${")
    {
        return None;
    }
    if let Some(rest) = target.strip_prefix("~/") {
        return home.map(|h| h.join(rest));
    }
    if Path::new(target).is_absolute() {
        return Some(normalize(Path::new(target)));
    }
    let dir = path.parent()?;
    Some(normalize(
        &dir.join(target.strip_prefix("./").unwrap_or(target)),
    ))
}

/// `a/b/../c` as `a/c` (no file system access).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// The import graph of the workspace: every memory file and rule, and every file reachable from
/// them, with their imports and sizes (characters).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imports {
    pub of: BTreeMap<PathBuf, Vec<Import>>,
    pub chars: BTreeMap<PathBuf, usize>,
    /// Imported paths that exist but that Claude Code does not read as a text file.
    pub unreadable: BTreeMap<PathBuf, Unreadable>,
    /// The real paths (symbolic links resolved) of the files in the graph and of the folders
    /// their start files are in, where they differ from the path: Claude Code drops an import
    /// whose real path lies outside the folder it runs in (memory-oracle `load-symlink-*`).
    pub real: BTreeMap<PathBuf, PathBuf>,
    /// The `claudeMdExcludes` patterns of the settings files.
    pub excludes: Vec<Exclude>,
    /// The folders for which the user approved imports from outside (`~/.claude.json`:
    /// `projects[folder].hasClaudeMdExternalIncludesApproved`).
    pub approved: BTreeSet<PathBuf>,
    /// When Claude Code reads `AGENTS.md` (the user's settings).
    pub agents_md: AgentsMd,
    /// The files in the graph whose frontmatter has `paths` that make them conditional (see
    /// [`super::conditional`]).
    pub conditional: BTreeSet<PathBuf>,
}

/// When Claude Code 2.1.330 reads `AGENTS.md`: its built-in plugin `agents-md`, option
/// `instructionFiles` in `pluginConfigs["agents-md@builtin"].options` of the user's settings (the
/// project's settings are not read; memory-oracle FACTS.md §1), with the settings file that says
/// so. `managed-only` is not modelled (read as the default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AgentsMd {
    /// `claude-md-or-agents-md`: only where no `CLAUDE.md` is found.
    #[default]
    Fallback,
    /// `claude-md`: never.
    Never(PathBuf),
    /// `claude-md-and-agents-md`: beside `CLAUDE.md` too.
    Both(PathBuf),
}

impl AgentsMd {
    /// The option as the user's settings (`value`, read from `source`) set it.
    pub fn from_settings(value: &serde_json::Value, source: &Path) -> AgentsMd {
        let options = &value["pluginConfigs"]["agents-md@builtin"]["options"];
        let option = options["instructionFiles"].as_str().or_else(|| {
            // the older option, still mapped
            match options["projectInstructions"].as_str()? {
                "claude" => Some("claude-md"),
                "both" => Some("claude-md-and-agents-md"),
                _ => None,
            }
        });
        match option {
            Some("claude-md") => AgentsMd::Never(source.to_path_buf()),
            Some("claude-md-and-agents-md") => AgentsMd::Both(source.to_path_buf()),
            _ => AgentsMd::Fallback,
        }
    }
}

/// One `claudeMdExcludes` glob and the settings file it is written in. Claude Code 2.1.330 matches
/// it (picomatch, dot files included) against a memory file's or an imported file's absolute
/// path, and neither reads nor follows a file it matches (memory-oracle `excludes-*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclude {
    pub pattern: String,
    pub source: PathBuf,
}

/// Why Claude Code 2.1.330 reads nothing useful from an imported path that exists
/// (memory-oracle `load-folder`, `load-size-exact*`, `load-utf16*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// A folder (or another file that is not a regular one): "not a regular file".
    Folder,
    /// Over the 4 MiB limit (its size in bytes): left out.
    TooLarge(u64),
    /// Not UTF-8 (UTF-16 or UTF-32 text, Latin-1): read as UTF-8 all the same, so what reaches
    /// Claude is garbled and its imports are never followed.
    NotUtf8,
}

impl Imports {
    /// Records the text of `path` (its imports and size).
    pub fn record(&mut self, path: &Path, text: &str, home: Option<&Path>) {
        self.of
            .insert(path.to_path_buf(), imports_of(path, text, home));
        self.chars.insert(path.to_path_buf(), text.chars().count());
        self.unreadable.remove(path);
        let paths = crate::syntax::load::load(text)
            .filter(|l| !l.failed())
            .is_some_and(|l| l.root.get("paths").is_some_and(super::conditional));
        if paths {
            self.conditional.insert(path.to_path_buf());
        } else {
            self.conditional.remove(path);
        }
    }

    /// Forgets `path`.
    pub fn remove(&mut self, path: &Path) {
        self.of.remove(path);
        self.chars.remove(path);
        self.unreadable.remove(path);
        self.real.remove(path);
        self.conditional.remove(path);
    }

    /// The `claudeMdExcludes` pattern that drops `path`, if one does.
    pub fn excluded_by(&self, path: &Path) -> Option<&Exclude> {
        if self.excludes.is_empty() {
            return None;
        }
        let text = path.to_string_lossy().replace('\\', "/");
        self.excludes.iter().find(|e| {
            globset::GlobBuilder::new(&e.pattern)
                .literal_separator(true)
                .build()
                .is_ok_and(|g| g.compile_matcher().is_match(&text))
        })
    }

    /// The real path of `path` (itself where no link is known).
    pub fn real_path<'a>(&'a self, path: &'a Path) -> &'a Path {
        self.real.get(path).map_or(path, PathBuf::as_path)
    }

    /// The files that import `path` (by an import Claude Code reads), with the import.
    pub fn importers<'a>(&'a self, path: &'a Path) -> impl Iterator<Item = (&'a Path, &'a Import)> {
        self.of.iter().flat_map(move |(from, imports)| {
            imports
                .iter()
                .filter(move |i| !i.in_code && i.target == path)
                .map(move |i| (from.as_path(), i))
        })
    }

    /// A chain of imports from `from` back to `to` (the files in order, `from` first), if the
    /// graph has one.
    pub fn path_between(&self, from: &Path, to: &Path) -> Option<Vec<PathBuf>> {
        let mut prev: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from.to_path_buf()]);
        let mut seen = BTreeSet::from([from.to_path_buf()]);
        while let Some(at) = queue.pop_front() {
            if at == to {
                let mut chain = vec![at.clone()];
                let mut cur = at;
                while let Some(p) = prev.get(&cur) {
                    chain.push(p.clone());
                    cur = p.clone();
                }
                chain.reverse();
                return Some(chain);
            }
            for i in self
                .of
                .get(&at)
                .into_iter()
                .flatten()
                .filter(|i| !i.in_code)
            {
                if seen.insert(i.target.clone()) {
                    prev.insert(i.target.clone(), at.clone());
                    queue.push_back(i.target.clone());
                }
            }
        }
        None
    }

    /// The files Claude Code loads for a memory file at `root` whose own imports are `own`:
    /// every other file reachable within `depth` imports, each once, with its size.
    pub fn loaded_from(&self, root: &Path, own: &[Import], depth: usize) -> Vec<(PathBuf, usize)> {
        let mut out: Vec<(PathBuf, usize)> = Vec::new();
        let mut frontier: Vec<PathBuf> = own
            .iter()
            .filter(|i| !i.in_code)
            .map(|i| i.target.clone())
            .collect();
        for _ in 0..depth {
            let mut next = Vec::new();
            for p in frontier {
                // the root itself is loaded already
                if p == root {
                    continue;
                }
                if out.iter().any(|(q, _)| *q == p) {
                    continue;
                }
                let Some(n) = self.chars.get(&p) else {
                    continue;
                };
                out.push((p.clone(), *n));
                next.extend(
                    self.of
                        .get(&p)
                        .into_iter()
                        .flatten()
                        .filter(|i| !i.in_code)
                        .map(|i| i.target.clone()),
                );
            }
            frontier = next;
        }
        out
    }
}
