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
    if target.is_empty() || target.contains(['$', '{', '}', '<', '>']) {
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
    }

    /// Forgets `path`.
    pub fn remove(&mut self, path: &Path) {
        self.of.remove(path);
        self.chars.remove(path);
        self.unreadable.remove(path);
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

    /// The longest chain of imports that starts at `from` (files in order, `from` first), looked
    /// at up to `limit` files deep and never through a file twice.
    pub fn deepest_from(&self, from: &Path, limit: usize) -> Vec<PathBuf> {
        fn walk(
            g: &Imports,
            at: &Path,
            limit: usize,
            on: &mut Vec<PathBuf>,
            best: &mut Vec<PathBuf>,
        ) {
            on.push(at.to_path_buf());
            if on.len() > best.len() {
                *best = on.clone();
            }
            if on.len() < limit {
                for i in g.of.get(at).into_iter().flatten().filter(|i| !i.in_code) {
                    if !on.contains(&i.target) && g.chars.contains_key(&i.target) {
                        walk(g, &i.target, limit, on, best);
                    }
                }
            }
            on.pop();
        }
        let mut best = Vec::new();
        walk(self, from, limit, &mut Vec::new(), &mut best);
        best
    }

    /// The files Claude Code 2.1.330 loads at start beside the memory file at `path` (which is one of
    /// them), of those the graph holds: the memory files of its folder (`CLAUDE.md`,
    /// `CLAUDE.local.md`, `.claude/CLAUDE.md`) and the rules below its `.claude/rules/`.
    pub fn start_files(&self, path: &Path) -> Vec<PathBuf> {
        let dir = path.parent().map(|d| {
            if d.file_name().is_some_and(|n| n == ".claude") {
                d.parent().unwrap_or(d)
            } else {
                d
            }
        });
        let mut roots = vec![path.to_path_buf()];
        if let Some(dir) = dir {
            for name in ["CLAUDE.md", "CLAUDE.local.md", ".claude/CLAUDE.md"] {
                let p = dir.join(name);
                if p != path && self.of.contains_key(&p) {
                    roots.push(p);
                }
            }
            let rules = dir.join(".claude").join("rules");
            roots.extend(
                self.of
                    .keys()
                    .filter(|k| k.starts_with(&rules) && k.as_path() != path)
                    .cloned(),
            );
        }
        roots
    }

    /// The fewest imports from any of `roots` (level 0) to each file the graph reaches from them:
    /// Claude Code 2.1.330 shares one set of loaded files between the files it loads at start
    /// and checks the depth before it marks a file loaded, so a file cut off on a long chain
    /// still loads when a shorter one reaches it (memory-oracle `imports-diamond-depth*`).
    pub fn min_depths(&self, roots: &[PathBuf]) -> std::collections::HashMap<PathBuf, usize> {
        let mut depth: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
        let mut frontier: Vec<PathBuf> = Vec::new();
        for r in roots {
            if depth.insert(r.clone(), 0).is_none() {
                frontier.push(r.clone());
            }
        }
        let mut level = 0;
        while !frontier.is_empty() {
            level += 1;
            let mut next = Vec::new();
            for p in &frontier {
                for i in self.of.get(p).into_iter().flatten().filter(|i| !i.in_code) {
                    if self.chars.contains_key(&i.target) && !depth.contains_key(&i.target) {
                        depth.insert(i.target.clone(), level);
                        next.push(i.target.clone());
                    }
                }
            }
            frontier = next;
        }
        depth
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
