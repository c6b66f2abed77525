//! What Claude Code 2.1.330 loads at start from a folder's memory files, walked over the import
//! graph the way it walks (memory-oracle FACTS.md §1, §2, §9): the files it starts from, in its
//! order, then each one's imports depth first in the order they are written, one set of loaded
//! files shared by all of them, and the depth checked before that set. A file cut at the last
//! level on one chain is still loaded when a later, shorter one reaches it; a file reached first
//! on a long chain and marked loaded there is not walked again from a shorter one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Imports;

/// How Claude Code reached a file it loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// 0 for a file it starts from, 1 for one of that file's imports, ...
    pub level: usize,
    /// The file whose import loaded it, and that import's index in [`Imports::of`]; `None` for a
    /// file it starts from.
    pub via: Option<(PathBuf, usize)>,
}

/// An import Claude Code reached past its last level, whose file it then never loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    pub importer: PathBuf,
    /// The import's index in [`Imports::of`] of `importer`.
    pub index: usize,
    pub target: PathBuf,
}

/// The result of a walk: what loads, and what is cut.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Walk {
    pub loaded: HashMap<PathBuf, Visit>,
    pub cut: Vec<Cut>,
}

impl Walk {
    /// The file Claude Code started from on the way to `path` (`path` itself for a start file).
    pub fn root_of<'a>(&'a self, path: &'a Path) -> &'a Path {
        let mut at = path;
        let mut steps = 0;
        while let Some((from, _)) = self.loaded.get(at).and_then(|v| v.via.as_ref()) {
            at = from;
            steps += 1;
            if steps > 64 {
                break;
            }
        }
        at
    }

    /// The chain of files from the file Claude Code started from to `path` (both included), with
    /// the import (index into [`Imports::of`] of the file before) that leads to each next one.
    pub fn chain(&self, path: &Path) -> Vec<(PathBuf, Option<usize>)> {
        let mut out = vec![(path.to_path_buf(), None)];
        let mut at = path.to_path_buf();
        while let Some((from, index)) = self.loaded.get(&at).and_then(|v| v.via.clone()) {
            out.push((from.clone(), Some(index)));
            at = from;
            if out.len() > 64 {
                break;
            }
        }
        out.reverse();
        out
    }
}

/// Whether a rule's `paths` value makes it conditional in Claude Code 2.1.330 (loaded when a
/// matching file is read, not at start): a string (split on the commas outside `{}`) or a list
/// of strings, with some entry other than `**` (a trailing `/**` trimmed first). An empty list,
/// an empty value or only `**` apply always (memory-oracle FACTS.md §5).
pub fn conditional(paths: &crate::syntax::load::Node) -> bool {
    use crate::syntax::load::Node;
    let mut entries: Vec<String> = Vec::new();
    match paths {
        Node::Str(s) => {
            let mut depth = 0i32;
            let mut cur = String::new();
            for c in s.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth <= 0 => {
                        entries.push(std::mem::take(&mut cur));
                        continue;
                    }
                    _ => {}
                }
                cur.push(c);
            }
            entries.push(cur);
        }
        Node::Seq(items) => {
            entries.extend(items.iter().filter_map(|i| i.as_str()).map(String::from))
        }
        _ => {}
    }
    let entries: Vec<&str> = entries
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .collect();
    !entries.is_empty()
        && !entries
            .iter()
            .all(|e| *e == "**" || e.strip_suffix("/**") == Some("**"))
}

/// Whether Claude Code starts from `path` (loads it at start, or when its folder is read): a
/// `CLAUDE.md`, `CLAUDE.local.md`, `AGENTS.md` (in a folder or its `.claude/`), or a rule.
pub fn is_start_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if matches!(name, "CLAUDE.md" | "CLAUDE.local.md" | "AGENTS.md") {
        return true;
    }
    name.ends_with(".md") && rules_folder(path).is_some()
}

/// The `.claude/rules` folder `path` lies in, if any.
fn rules_folder(path: &Path) -> Option<&Path> {
    path.ancestors()
        .skip(1)
        .find(|a| a.ends_with(".claude/rules"))
}

/// The folder a start file belongs to: its own, the one above its `.claude/`, or the one above
/// the `.claude/rules/` it lies in.
pub fn folder_of(path: &Path) -> Option<&Path> {
    if let Some(rules) = rules_folder(path) {
        return rules.parent()?.parent();
    }
    let dir = path.parent()?;
    if dir.file_name().is_some_and(|n| n == ".claude") {
        dir.parent()
    } else {
        Some(dir)
    }
}

impl Imports {
    /// The files Claude Code 2.1.330 starts from when it runs in `folder`, in its order, of those
    /// the graph holds: `~/.claude/CLAUDE.md` and `~/.claude/rules/`, then for each folder from
    /// the outermost ancestor down to `folder`: `CLAUDE.md`, `.claude/CLAUDE.md`, the rules
    /// below `.claude/rules/` (their order is the file system's; sorted here), `CLAUDE.local.md`;
    /// `AGENTS.md` and `.claude/AGENTS.md` only when none of the others exists anywhere on the
    /// way. Rules with `paths` are among them: Claude Code loads their imports at start.
    pub fn start_files_of(&self, folder: &Path, home: Option<&Path>) -> Vec<PathBuf> {
        let has = |p: &Path| self.of.contains_key(p) || self.unreadable.contains_key(p);
        let rules = |dir: &Path| -> Vec<PathBuf> {
            let rules = dir.join(".claude").join("rules");
            self.of
                .keys()
                .filter(|k| k.starts_with(&rules) && is_start_file(k))
                .cloned()
                .collect()
        };
        let mut out = Vec::new();
        if let Some(home) = home {
            let user = home.join(".claude").join("CLAUDE.md");
            if has(&user) {
                out.push(user);
            }
            out.extend(rules(home));
        }
        let mut dirs: Vec<&Path> = folder.ancestors().collect();
        dirs.reverse();
        let mut claude_md = false;
        for dir in &dirs {
            for name in ["CLAUDE.md", ".claude/CLAUDE.md"] {
                let p = dir.join(name);
                if has(&p) {
                    claude_md = true;
                    out.push(p);
                }
            }
            out.extend(rules(dir));
            let local = dir.join("CLAUDE.local.md");
            if has(&local) {
                claude_md = true;
                out.push(local);
            }
        }
        let agents_md = match self.agents_md {
            super::AgentsMd::Fallback => !claude_md,
            super::AgentsMd::Never(_) => false,
            super::AgentsMd::Both(_) => true,
        };
        if agents_md {
            for dir in &dirs {
                for name in ["AGENTS.md", ".claude/AGENTS.md"] {
                    let p = dir.join(name);
                    if has(&p) {
                        out.push(p);
                    }
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert(p.clone()));
        out
    }

    /// The folder whose memory files lead to `path`, and its start files: `path`'s own folder
    /// for a start file; for an imported file, the folder of the first start file found by
    /// walking its importers back.
    pub fn start_for(&self, path: &Path, home: Option<&Path>) -> Option<(PathBuf, Vec<PathBuf>)> {
        let mut queue = std::collections::VecDeque::from([path.to_path_buf()]);
        let mut seen = std::collections::HashSet::from([path.to_path_buf()]);
        while let Some(at) = queue.pop_front() {
            if is_start_file(&at)
                && let Some(folder) = folder_of(&at)
            {
                let mut files = self.start_files_of(folder, home);
                // a nested folder's files are loaded when Claude reads there; they count as a
                // start of their own, after those loaded at start
                if !files.contains(&at) {
                    files.push(at.clone());
                }
                return Some((folder.to_path_buf(), files));
            }
            for (from, _) in self.importers(&at) {
                if seen.insert(from.to_path_buf()) {
                    queue.push_back(from.to_path_buf());
                }
            }
        }
        None
    }

    /// What Claude Code 2.1.330 loads from the start files that lead to `path` (see
    /// [`Imports::start_for`]), with the folder it runs in: the walk, with the files it drops
    /// before reading them: those a `claudeMdExcludes` pattern matches, and the imports (not
    /// of the user's `~/.claude` files) whose real path lies outside that folder.
    pub fn startup(&self, path: &Path, home: Option<&Path>, max: usize) -> Option<(PathBuf, Walk)> {
        let (folder, starts) = self.start_for(path, home)?;
        let walk = self.walk_from(&folder, &starts, home, max);
        Some((folder, walk))
    }

    /// What Claude Code loads at start when it runs in `folder` (see [`Imports::startup`]).
    pub fn at_start(&self, folder: &Path, home: Option<&Path>, max: usize) -> Walk {
        let starts = self.start_files_of(folder, home);
        self.walk_from(folder, &starts, home, max)
    }

    fn walk_from(
        &self,
        folder: &Path,
        starts: &[PathBuf],
        home: Option<&Path>,
        max: usize,
    ) -> Walk {
        let user = home.map(|h| h.join(".claude"));
        self.walk(starts, max, &|p, level, root| {
            let user_root = user.as_ref().is_some_and(|u| root.starts_with(u));
            self.excluded_by(p).is_some()
                // "Skipping non-text file in @include"
                || (level > 0 && crate::analysis::diagnostics::non_text(p).is_some())
                // an import whose real path is outside the folder Claude Code runs in
                || (level > 0
                    && !self.approved.contains(folder)
                    && !user_root
                    && self.outside(p, folder))
                // a rule that links outside its project
                || (level == 0
                    && rules_folder(p).is_some()
                    && self.real.contains_key(p)
                    && !self.approved.contains(folder)
                    && folder_of(p).is_some_and(|f| self.outside(p, f)))
        })
    }

    /// The files of a walk that reach the model at start, as Claude Code names them: a rule with
    /// `paths` is not among them (it is attached later), nor are the files with `paths` that such
    /// a rule imports (memory-oracle `rule-paths-*`), nor empty files; a rule that is a link is
    /// named by its real path.
    pub fn loaded_at_start(&self, walk: &Walk) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = walk
            .loaded
            .iter()
            .filter(|(p, _)| {
                let root = walk.root_of(p);
                let in_rule = rules_folder(root).is_some();
                !(in_rule && self.conditional.contains(p.as_path()))
                    && self.chars.get(p.as_path()).is_none_or(|n| *n > 0)
            })
            .map(|(p, visit)| {
                if visit.level == 0 && rules_folder(p).is_some() {
                    self.real_path(p).to_path_buf()
                } else {
                    p.clone()
                }
            })
            .collect();
        out.sort();
        out
    }

    /// Whether `path` lies outside `folder` once symbolic links are resolved.
    pub fn outside(&self, path: &Path, folder: &Path) -> bool {
        match self.real.get(path) {
            Some(real) => !real.starts_with(self.real_path(folder)),
            None => !path.starts_with(folder),
        }
    }

    /// Claude Code's walk from `starts` (in order). `max` is the last level it loads (4);
    /// `dropped(file, level, start file)` says whether it drops a file before reading it
    /// (excluded by the settings, or outside the folder it runs in).
    pub fn walk(
        &self,
        starts: &[PathBuf],
        max: usize,
        dropped: &dyn Fn(&Path, usize, &Path) -> bool,
    ) -> Walk {
        let mut walk = Walk::default();
        // (file, level, how it was reached), depth first: the stack holds what is still to visit,
        // the next one on top
        type Entry<'s> = (PathBuf, usize, Option<(PathBuf, usize)>, &'s Path);
        let mut stack: Vec<Entry> = starts
            .iter()
            .rev()
            .map(|p| (p.clone(), 0, None, p.as_path()))
            .collect();
        let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
        while let Some((path, level, via, root)) = stack.pop() {
            if walk.loaded.contains_key(&path) || seen.contains(self.real_path(&path)) {
                continue;
            }
            if level > max {
                if let Some((importer, index)) = via {
                    walk.cut.push(Cut {
                        importer,
                        index,
                        target: path,
                    });
                }
                continue;
            }
            if dropped(&path, level, root) {
                continue;
            }
            let imports = match self.of.get(&path) {
                Some(imports) => imports.as_slice(),
                // read as UTF-8 all the same: garbled, and no import followed
                None if self.unreadable.get(&path) == Some(&super::Unreadable::NotUtf8) => &[],
                // missing, a folder, too large: nothing is loaded, nothing followed
                None => continue,
            };
            seen.insert(self.real_path(&path).to_path_buf());
            walk.loaded.insert(path.clone(), Visit { level, via });
            for (index, i) in imports.iter().enumerate().rev() {
                if !i.in_code {
                    stack.push((
                        i.target.clone(),
                        level + 1,
                        Some((path.clone(), index)),
                        root,
                    ));
                }
            }
        }
        let graph = &self.chars;
        walk.cut
            .retain(|c| !walk.loaded.contains_key(&c.target) && graph.contains_key(&c.target));
        walk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> Imports {
        let mut g = Imports::default();
        for (from, tos) in edges {
            let text: String = tos.iter().map(|t| format!("@{t}\n")).collect();
            g.record(&Path::new("/p").join(from), &text, None);
        }
        g
    }

    fn levels(w: &Walk) -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = w
            .loaded
            .iter()
            .map(|(p, v)| (p.strip_prefix("/p").unwrap().display().to_string(), v.level))
            .collect();
        v.sort();
        v
    }

    /// memory-oracle imports-diamond-depth: `@c1.md @c5.md`, c1 → ... → c6: c5 is cut under c4,
    /// then loaded by CLAUDE.md's second import, and c6 sits at level 2.
    #[test]
    fn a_cut_file_loads_by_a_later_shorter_chain() {
        let g = graph(&[
            ("CLAUDE.md", &["c1.md", "c5.md"]),
            ("c1.md", &["c2.md"]),
            ("c2.md", &["c3.md"]),
            ("c3.md", &["c4.md"]),
            ("c4.md", &["c5.md"]),
            ("c5.md", &["c6.md"]),
            ("c6.md", &[]),
        ]);
        let w = g.walk(&[PathBuf::from("/p/CLAUDE.md")], 4, &|_, _, _| false);
        assert!(w.cut.is_empty(), "{:?}", w.cut);
        assert_eq!(w.loaded[Path::new("/p/c6.md")].level, 2);
        // a plain chain: the cut sits on c4's import of c5
        let g = graph(&[
            ("CLAUDE.md", &["c1.md"]),
            ("c1.md", &["c2.md"]),
            ("c2.md", &["c3.md"]),
            ("c3.md", &["c4.md"]),
            ("c4.md", &["c5.md"]),
            ("c5.md", &[]),
        ]);
        let w = g.walk(&[PathBuf::from("/p/CLAUDE.md")], 4, &|_, _, _| false);
        assert_eq!(
            w.cut,
            vec![Cut {
                importer: "/p/c4.md".into(),
                index: 0,
                target: "/p/c5.md".into()
            }]
        );
        let chain: Vec<String> = w
            .chain(Path::new("/p/c4.md"))
            .iter()
            .map(|(p, i)| format!("{}{i:?}", p.file_name().unwrap().to_string_lossy()))
            .collect();
        assert_eq!(
            chain,
            [
                "CLAUDE.mdSome(0)",
                "c1.mdSome(0)",
                "c2.mdSome(0)",
                "c3.mdSome(0)",
                "c4.mdNone"
            ]
        );
    }

    /// Depth first with one set of loaded files: a file reached first on a long chain is marked
    /// loaded there, and a shorter import later does not walk it again, so what lies below it is
    /// cut although a breadth-first count would load it.
    #[test]
    fn the_first_chain_that_reaches_a_file_decides_its_level() {
        let g = graph(&[
            ("CLAUDE.md", &["a.md", "x.md"]),
            ("a.md", &["b.md"]),
            ("b.md", &["x.md"]),
            ("x.md", &["y.md"]),
            ("y.md", &["z.md"]),
            ("z.md", &[]),
        ]);
        let w = g.walk(&[PathBuf::from("/p/CLAUDE.md")], 4, &|_, _, _| false);
        assert_eq!(
            levels(&w),
            [
                ("CLAUDE.md".into(), 0),
                ("a.md".into(), 1),
                ("b.md".into(), 2),
                ("x.md".into(), 3),
                ("y.md".into(), 4)
            ]
        );
        assert_eq!(w.cut.len(), 1);
        assert_eq!(w.cut[0].target, Path::new("/p/z.md"));
    }

    #[test]
    fn start_files_in_claude_codes_order() {
        let g = graph(&[
            ("CLAUDE.local.md", &[]),
            ("CLAUDE.md", &[]),
            (".claude/CLAUDE.md", &[]),
            (".claude/rules/b.md", &[]),
            (".claude/rules/a/x.md", &[]),
            ("AGENTS.md", &[]),
            ("sub/CLAUDE.md", &[]),
        ]);
        let names: Vec<String> = g
            .start_files_of(Path::new("/p"), None)
            .iter()
            .map(|p| p.strip_prefix("/p").unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "CLAUDE.md",
                ".claude/CLAUDE.md",
                ".claude/rules/a/x.md",
                ".claude/rules/b.md",
                "CLAUDE.local.md"
            ]
        );
        let g = graph(&[("AGENTS.md", &[]), (".claude/AGENTS.md", &[])]);
        assert_eq!(
            g.start_files_of(Path::new("/p"), None),
            [
                PathBuf::from("/p/AGENTS.md"),
                PathBuf::from("/p/.claude/AGENTS.md")
            ]
        );
    }
}
