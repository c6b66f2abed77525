//! The index as data: a record per agent file of every kind (kind, path, name as Claude Code
//! calls it, scope), how a file's record is made from its parse, and [`Project`] with its lookups
//! by name, kept current record by record.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::Imports;
use crate::catalog::{Kind, NameFrom};
use crate::syntax::frontmatter::ValueKind;
use crate::syntax::{Header, Span};
use crate::text::TextRange;

/// Where an agent lives, which decides which of two agents with one name Claude Code keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// `.claude/agents/` of a project (or an agent file found by content elsewhere).
    Project,
    /// `~/.claude/agents/`.
    User,
    /// A plugin's `agents/` folder: namespaced as `plugin:agent`, so it never clashes.
    Plugin,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Project => "project",
            Scope::User => "user",
            Scope::Plugin => "plugin",
        }
    }
}

/// One agent file of any kind in the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentRecord {
    pub kind: Kind,
    pub path: PathBuf,
    /// What Claude Code calls it: an agent's `name`, a skill's folder, a command's path joined
    /// with `:` (`git:commit`), an output style's `name` or file name.
    pub name: String,
    /// Where the name is written (the `name:` value), or the file's start when it is not.
    pub name_pos: TextRange,
    pub description: String,
    pub scope: Scope,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    pub agents: Vec<AgentRecord>,
    /// Server names from `.mcp.json`, when the project has one.
    pub mcp_servers: Option<BTreeSet<String>>,
    /// The plugin marketplaces Claude Code knows here (`extraKnownMarketplaces` of the project's,
    /// local and user settings, and those added with `claude plugin marketplace add`), when the
    /// workspace was indexed.
    pub marketplaces: Option<BTreeSet<String>>,
    /// Skill name to its `SKILL.md` (the first by path of each name), from the records.
    pub skills: BTreeMap<String, PathBuf>,
    /// The user's home, for the scope rule.
    pub home: Option<PathBuf>,
    /// The import graph of the memory files and rules.
    pub imports: Imports,
    /// Every file of the workspace (absolute paths), for the globs of a rule's or skill's `paths`;
    /// `None` when not known (the server before its first index).
    pub files: Option<Vec<PathBuf>>,
    /// The whole workspace has been indexed: a name it does not know exists nowhere (before the
    /// first index the server knows only the open files, and reports no missing names).
    pub complete: bool,
    /// Indices into `agents` by name (see [`Project::reindex`]).
    pub(crate) by_name: BTreeMap<String, Vec<usize>>,
    /// Indices into `agents` of the skills and commands by `/name`.
    pub(crate) by_invocable_name: BTreeMap<String, Vec<usize>>,
}

/// What an edit did to a file's record: nothing, something only that file shows (its position,
/// description), or its name (which other files' diagnostics and references depend on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordChange {
    None,
    Details,
    Name,
}

/// The scope of an agent file at `path`.
pub fn scope_of(path: &Path, home: Option<&Path>) -> Scope {
    scope_of_kind(Kind::Agent, path, home)
}

/// The scope of a file of `kind` at `path`: in `~/.claude/<folder>/`, in a project's
/// `.claude/<folder>/`, or in a plugin's `<folder>/`.
pub fn scope_of_kind(kind: Kind, path: &Path, home: Option<&Path>) -> Scope {
    let folder = kind.spec().folder.as_str();
    if let Some(h) = home
        && path.starts_with(h.join(".claude").join(folder))
    {
        return Scope::User;
    }
    let comps: Vec<&str> = path
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let in_claude = comps
        .windows(2)
        .any(|w| w[0] == ".claude" && w[1] == folder);
    if !in_claude && comps.iter().rev().skip(1).any(|c| *c == folder) {
        return Scope::Plugin;
    }
    Scope::Project
}

/// A command's name: its path below `.claude/commands` (else the innermost `commands` folder), without `.md`, joined with
/// `:` (`commands/git/commit.md` is `git:commit`; `commands/deploy/SKILL.md` is `deploy`).
pub fn command_name(path: &Path) -> Option<String> {
    let comps: Vec<&str> = path
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    // `.claude/commands` when the path has one (`.claude/commands/commands/x.md` is
    // `commands:x`), else the innermost `commands` folder (a plugin's)
    let at = comps
        .windows(2)
        .rposition(|w| w[0] == ".claude" && w[1].eq_ignore_ascii_case("commands"))
        .map(|i| i + 1)
        .or_else(|| {
            comps
                .iter()
                .rposition(|c| c.eq_ignore_ascii_case("commands"))
        })?;
    let mut parts: Vec<&str> = comps[at + 1..].to_vec();
    let last = parts.pop()?;
    if last != "SKILL.md" {
        parts.push(last.strip_suffix(".md").unwrap_or(last));
    }
    (!parts.is_empty()).then(|| parts.join(":"))
}

/// The record of one agent file of `kind` (None for an agent without a usable `name`).
pub fn record(
    kind: Kind,
    path: &Path,
    text: &str,
    header: &Header,
    home: Option<&Path>,
) -> Option<AgentRecord> {
    let name_entry = header.frontmatter().and_then(|fm| fm.entry("name"));
    let written = name_entry.and_then(|e| match &e.value.kind {
        ValueKind::Scalar(s) => Some((s.text.text.clone(), e.value.span)),
        _ => None,
    });
    let stem = || {
        path.file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_string)
    };
    // where the name comes from is the kind's profile in the catalog
    let (name, span) = match kind.spec().name_from {
        NameFrom::Frontmatter => written?,
        NameFrom::Folder => {
            let folder = path.parent()?.file_name()?.to_str()?.to_string();
            // the name is the folder; `name:` is where it is written, when it is
            let span = written.map(|(_, s)| s).unwrap_or(Span::new(0, 0));
            (folder, span)
        }
        NameFrom::CommandPath => (command_name(path)?, Span::new(0, 0)),
        NameFrom::Path => (path.display().to_string(), Span::new(0, 0)),
        NameFrom::FrontmatterOrFile => match written.filter(|(n, _)| !n.is_empty()) {
            Some(w) => w,
            None => (stem()?, Span::new(0, 0)),
        },
        // JSON configuration names nothing Claude Code invokes
        NameFrom::None => return None,
    };
    let description = header
        .description
        .as_ref()
        .map(|d| d.text.chars().take(300).collect())
        .unwrap_or_default();
    Some(AgentRecord {
        kind,
        path: path.to_path_buf(),
        name,
        name_pos: TextRange::of(text, span),
        description,
        scope: scope_of_kind(kind, path, home),
    })
}

impl Project {
    /// Whether `path` is a file that a memory file or rule imports and that is none itself (no
    /// start file of Claude Code's): the kind [`crate::catalog::Kind::Imported`].
    pub fn is_imported(&self, path: &Path) -> bool {
        !super::is_start_file(path)
            && self.imports.of.contains_key(path)
            && self.imports.importers(path).next().is_some()
    }

    /// A project of these agents (sorted by path, indexed by name).
    pub fn with_agents(mut self, agents: Vec<AgentRecord>) -> Self {
        self.agents = agents;
        self.reindex();
        self
    }

    /// Sorts the records by path and rebuilds the indexes by name; call after changing
    /// `agents`.
    pub fn reindex(&mut self) {
        self.agents.sort_by(|a, b| a.path.cmp(&b.path));
        self.agents.dedup_by(|a, b| a.path == b.path);
        self.by_name.clear();
        self.by_invocable_name.clear();
        self.skills.clear();
        for (i, a) in self.agents.iter().enumerate() {
            if a.kind == Kind::Agent {
                self.by_name.entry(a.name.clone()).or_default().push(i);
            }
            if matches!(a.kind, Kind::Skill | Kind::Command) {
                self.by_invocable_name
                    .entry(a.name.clone())
                    .or_default()
                    .push(i);
            }
            if a.kind == Kind::Skill {
                self.skills
                    .entry(a.name.clone())
                    .or_insert_with(|| a.path.clone());
            }
        }
    }

    /// The record of the file at `path`, if it has one.
    pub fn record_of(&self, path: &Path) -> Option<&AgentRecord> {
        // the records are sorted by path (see `reindex`); a list built otherwise is searched whole
        match self.agents.binary_search_by(|a| a.path.as_path().cmp(path)) {
            Ok(i) => self.agents.get(i),
            Err(_) => self.agents.iter().find(|a| a.path == path),
        }
    }

    /// The records of one kind, in path order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &AgentRecord> {
        self.agents.iter().filter(move |a| a.kind == kind)
    }

    /// Skills and commands that answer to `/name` (both kinds share one namespace), in path
    /// order.
    pub fn invocable_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a AgentRecord> {
        self.by_invocable_name
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.agents.get(i))
    }

    /// Other agents named `name` (not at `path`), in path order.
    pub fn others_named<'a>(
        &'a self,
        name: &'a str,
        path: Option<&'a Path>,
    ) -> impl Iterator<Item = &'a AgentRecord> {
        self.named(name)
            .filter(move |a| Some(a.path.as_path()) != path)
    }

    /// Every agent's name with its file, in path order.
    pub fn agent_names(&self) -> impl Iterator<Item = (&str, &Path)> {
        self.of_kind(Kind::Agent)
            .map(|a| (a.name.as_str(), a.path.as_path()))
    }

    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a AgentRecord> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.agents.get(i))
    }

    /// Replaces (or removes) the record of `path`.
    pub fn update(&mut self, path: &Path, rec: Option<AgentRecord>) {
        // the same file with the same kind: the indexes stay as they are, or move its entry to its
        // new name (a keystroke in a description or a name must not rebuild them for the whole
        // workspace)
        if let Some(r) = rec.as_ref()
            && let Ok(i) = self.agents.binary_search_by(|a| a.path.as_path().cmp(path))
            && self.agents[i].kind == r.kind
            && let Some(r) = rec
        {
            let old = std::mem::replace(&mut self.agents[i], r).name;
            if old != self.agents[i].name {
                self.renamed(i, &old);
            }
            return;
        }
        self.agents.retain(|a| a.path != path);
        if let Some(r) = rec {
            self.agents.push(r);
        }
        self.reindex();
    }

    /// Moves record `i`'s entries in the indexes by name from `old` to its name now (what
    /// [`Project::reindex`] would build).
    fn renamed(&mut self, i: usize, old: &str) {
        fn moved(map: &mut BTreeMap<String, Vec<usize>>, old: &str, new: &str, i: usize) {
            if let Some(v) = map.get_mut(old) {
                v.retain(|&j| j != i);
                if v.is_empty() {
                    map.remove(old);
                }
            }
            let v = map.entry(new.to_string()).or_default();
            let at = v.partition_point(|&j| j < i);
            v.insert(at, i);
        }
        let (kind, new) = (self.agents[i].kind, self.agents[i].name.clone());
        if kind == Kind::Agent {
            moved(&mut self.by_name, old, &new, i);
        }
        if matches!(kind, Kind::Skill | Kind::Command) {
            moved(&mut self.by_invocable_name, old, &new, i);
        }
        if kind == Kind::Skill {
            // each name's first skill by path
            for name in [old, new.as_str()] {
                let first = self.by_invocable_name.get(name).and_then(|v| {
                    v.iter()
                        .map(|&j| &self.agents[j])
                        .find(|a| a.kind == Kind::Skill)
                        .map(|a| a.path.clone())
                });
                match first {
                    Some(p) => self.skills.insert(name.to_string(), p),
                    None => self.skills.remove(name),
                };
            }
        }
    }

    /// What replacing the record of `path` with `rec` would change.
    pub fn change_of(&self, path: &Path, rec: Option<&AgentRecord>) -> RecordChange {
        let before = self.record_of(path);
        if before == rec {
            RecordChange::None
        } else if before.map(|a| &a.name) != rec.map(|a| &a.name) {
            RecordChange::Name
        } else {
            RecordChange::Details
        }
    }

    /// Agents whose name or description matches every word of `query`.
    pub fn search(&self, query: &str) -> Vec<&AgentRecord> {
        let words: Vec<Needle> = query.split_whitespace().map(Needle::new).collect();
        self.agents
            .iter()
            .filter(|a| {
                words
                    .iter()
                    .all(|w| w.found_in(&a.name) || w.found_in(&a.description))
            })
            .collect()
    }
}

/// A word of a workspace symbol query, lowercase, with the place of its rarest byte.
struct Needle {
    lower: String,
    /// The index of the byte to look for first (see [`commonness`]), for an ASCII word.
    rare: Option<usize>,
}

impl Needle {
    fn new(word: &str) -> Needle {
        let lower = word.to_lowercase();
        let rare = lower
            .is_ascii()
            .then(|| (0..lower.len()).min_by_key(|&i| commonness(lower.as_bytes()[i])))
            .flatten();
        Needle { lower, rare }
    }

    /// Whether `hay` holds the word, in any case. An ASCII word is looked for in the bytes (an
    /// ASCII byte is never part of another UTF-8 character), ignoring ASCII case: the text is
    /// never copied, whatever it holds (Unicode's lowercase of the Kelvin sign, `k`, is the one
    /// difference this makes); another word in the text's lowercase.
    fn found_in(&self, hay: &str) -> bool {
        let n = self.lower.as_bytes();
        let Some(k) = self.rare else {
            return n.is_empty() || hay.to_lowercase().contains(&self.lower);
        };
        let (h, b) = (hay.as_bytes(), n[k]);
        memchr::memchr2_iter(b, b.to_ascii_uppercase(), h).any(|j| {
            j >= k
                && h.len() - (j - k) >= n.len()
                && h[j - k..j - k + n.len()].eq_ignore_ascii_case(n)
        })
    }
}

/// How often a byte comes in English prose, roughly (lower is rarer): letters by frequency,
/// space and `e` the commonest, anything else (digits, `-`) rare. A workspace symbol query reads
/// every description: looking for a common first letter compared at almost every word.
fn commonness(b: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b"zqxjkvbpygfwmucldrhsnioate ";
    BY_FREQUENCY
        .iter()
        .position(|&c| c == b.to_ascii_lowercase())
        .map_or(0, |i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rare-byte search finds exactly what a plain case-insensitive search finds.
    #[test]
    fn contains_ignoring_case_equals_a_plain_search() {
        let hays = [
            "Use this agent for Skill-00010 reviews",
            "skill-0001",
            "sKILL-0001x",
            "a-b-c a-b-d",
            "",
            "zzz",
            "Deploys the app; see `skill-0001`.",
            "Über — Straße: skill-0001 ✓",
        ];
        let needles = [
            "skill-0001",
            "a-b-d",
            "",
            "z",
            "deploy",
            "q",
            "-",
            "app;",
            "über",
            "straße",
            "✓",
        ];
        for h in hays {
            for n in needles {
                let plain = h.to_lowercase().contains(n);
                assert_eq!(Needle::new(n).found_in(h), plain, "{h:?} {n:?}");
            }
        }
    }

    /// Renaming a record in place moves its entries as a rebuild of the indexes would: agents,
    /// skills and commands sharing names, renamed to and away from each other's names, in every
    /// order (the project after each rename equals one reindexed from scratch).
    #[test]
    fn a_rename_in_place_equals_a_rebuilt_index() {
        let rec = |kind, path: &str, name: &str| AgentRecord {
            kind,
            path: PathBuf::from(path),
            name: name.to_string(),
            name_pos: Default::default(),
            description: String::new(),
            scope: Scope::Project,
        };
        let files = [
            (Kind::Agent, "/p/.claude/agents/a.md"),
            (Kind::Agent, "/p/.claude/agents/b.md"),
            (Kind::Skill, "/p/.claude/skills/s/SKILL.md"),
            (Kind::Skill, "/p/.claude/skills/t/SKILL.md"),
            (Kind::Command, "/p/.claude/commands/c.md"),
            (Kind::Agent, "/p/.claude/agents/z.md"),
        ];
        let names = ["x", "y", "s"];
        let start: Vec<AgentRecord> = files
            .iter()
            .enumerate()
            .map(|(i, (k, p))| rec(*k, p, names[i % names.len()]))
            .collect();
        let mut p = Project::default().with_agents(start);
        let mut renames = 0;
        for round in 0..4 {
            for (i, (kind, path)) in files.iter().enumerate() {
                let name = names[(i + round + 1) % names.len()];
                p.update(Path::new(path), Some(rec(*kind, path, name)));
                renames += 1;
                let mut fresh = p.clone();
                fresh.reindex();
                assert_eq!(p, fresh, "after renaming {path} to {name}");
                assert_eq!(
                    p.record_of(Path::new(path)).map(|r| r.name.as_str()),
                    Some(name)
                );
            }
        }
        assert_eq!(renames, 24);
    }

    #[test]
    fn scopes() {
        let home = Path::new("/home/u");
        assert_eq!(
            scope_of(Path::new("/home/u/.claude/agents/a.md"), Some(home)),
            Scope::User
        );
        assert_eq!(
            scope_of(Path::new("/p/.claude/agents/a.md"), Some(home)),
            Scope::Project
        );
        assert_eq!(
            scope_of(Path::new("/p/plugins/x/agents/a.md"), Some(home)),
            Scope::Plugin
        );
        assert_eq!(
            scope_of(Path::new("/p/corpus/a.md"), Some(home)),
            Scope::Project
        );
    }
}
