//! Knowledge of the whole project: every agent file of every kind (agents, skills, commands,
//! output styles) with its name and scope, and the MCP servers of `.mcp.json`. The data is built by `crate::workspace` (which does the I/O); the
//! questions here (who else has this name, where is this agent referenced) are pure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::catalog::{KeyKind, Kind};
use crate::syntax::examples::Role;
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

/// The files whose changes on disk the index follows (watched with the client's file watcher):
/// agent files of every kind, and every file of a skill's folder (its `scripts/` and `assets/`,
/// which `broken-link` looks for).
pub const WATCHED_GLOBS: [&str; 5] = [
    "**/*.md",
    "**/skills/**",
    "**/.mcp.json",
    "**/agent-ls.toml",
    "**/.agent-ls.toml",
];

/// What a change of a watched file does to the index: a project-wide file (`.mcp.json`) means
/// building it again; any other file replaces its own record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchedEffect {
    Reindex,
    Record,
    /// A configuration file: read the configurations again.
    Config,
}

pub fn watched_effect(path: &Path) -> WatchedEffect {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if super::config::FILE_NAMES.contains(&name) {
        WatchedEffect::Config
    } else if name == ".mcp.json" {
        WatchedEffect::Reindex
    } else {
        WatchedEffect::Record
    }
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
    let (name, span) = match kind {
        Kind::Agent => written?,
        Kind::Skill => {
            let folder = path.parent()?.file_name()?.to_str()?.to_string();
            // the name is the folder; `name:` is where it is written, when it is
            let span = written.map(|(_, s)| s).unwrap_or(Span::new(0, 0));
            (folder, span)
        }
        Kind::Command => (command_name(path)?, Span::new(0, 0)),
        // memory files and rules are named by their path
        Kind::Memory | Kind::Rule => (path.display().to_string(), Span::new(0, 0)),
        Kind::OutputStyle => match written.filter(|(n, _)| !n.is_empty()) {
            Some(w) => w,
            None => (stem()?, Span::new(0, 0)),
        },
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
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.agents
            .iter()
            .filter(|a| {
                // ASCII text needs no lowercased copy (a query must not copy the whole index)
                if words.iter().all(|w| w.is_ascii())
                    && a.name.is_ascii()
                    && a.description.is_ascii()
                {
                    return words.iter().all(|w| {
                        contains_ignore_ascii_case(&a.name, w)
                            || contains_ignore_ascii_case(&a.description, w)
                    });
                }
                let hay = format!("{} {}", a.name, a.description).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }
}

/// Whether `hay` holds `lower` (lowercase ASCII), ignoring ASCII case.
fn contains_ignore_ascii_case(hay: &str, lower: &str) -> bool {
    let (h, n) = (hay.as_bytes(), lower.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), h)
        .any(|i| h.len() - i >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b':'
}

/// The agent-name-like word around `offset`.
fn word_at(text: &str, offset: usize) -> Option<Span> {
    let b = text.as_bytes();
    if offset > b.len() {
        return None;
    }
    let mut s = offset;
    while s > 0 && is_name_byte(b[s - 1]) {
        s -= 1;
    }
    let mut e = offset;
    while e < b.len() && is_name_byte(b[e]) {
        e += 1;
    }
    // trailing punctuation is not part of a name
    while e > s && matches!(b[e - 1], b'.' | b':') {
        e -= 1;
    }
    (e > s).then_some(Span::new(s, e))
}

/// Where a file refers to agents: `name` itself, the arguments of `Agent(...)`/`Task(...)` in the
/// tool lists, names in the assistant turns of the description's examples, and backticked names
/// in the body. Returns the regions in which a word may be an agent reference.
fn reference_regions(kind: Kind, text: &str, header: &Header) -> Vec<(Span, bool)> {
    // (region, backticks required)
    let mut out = Vec::new();
    let Some(fm) = header.frontmatter() else {
        return out;
    };
    let spec = kind.spec();
    if kind == Kind::Agent
        && let Some(e) = fm.entry("name")
    {
        out.push((e.value.span, false));
    }
    // a skill's or command's `agent:`
    for key in spec.keys_of(KeyKind::Agent) {
        if let Some(e) = fm.entry(&key.name) {
            out.push((e.value.span, false));
        }
    }
    let cat = crate::catalog::get();
    let tool_keys = spec.keys_of(KeyKind::Tools);
    for key in tool_keys {
        if let Some(list) = fm.entry(&key.name).and_then(|e| e.value.list_items()) {
            for it in &list.items {
                let base = it.text.split('(').next().unwrap_or("");
                let spawns = cat.spawn_tools.iter().any(|t| t == base);
                if spawns && it.text.len() > base.len() {
                    out.push((Span::new(it.span.start + base.len(), it.span.end), false));
                }
            }
        }
    }
    if let Some(ex) = &header.examples {
        for x in &ex.examples {
            for (i, t) in x.turns.iter().enumerate() {
                if t.role != Role::Assistant {
                    continue;
                }
                let end = x
                    .turns
                    .get(i + 1)
                    .map(|n| n.label.start)
                    .or_else(|| {
                        x.tags
                            .iter()
                            .map(|t| t.start)
                            .filter(|s| *s > t.label.end)
                            .min()
                    })
                    .unwrap_or(x.span.end);
                out.push((Span::new(t.label.end, end.max(t.label.end)), false));
            }
        }
    }
    let body = fm.body_start.min(text.len());
    out.push((Span::new(body, text.len()), true));
    out
}

fn in_backticks(text: &str, w: Span) -> bool {
    text[..w.start].ends_with('`') && text[w.end..].starts_with('`')
}

/// The agent name under the cursor, if the cursor is on a reference (or the declaration).
pub fn name_at(kind: Kind, text: &str, header: &Header, offset: usize) -> Option<(String, Span)> {
    let w = word_at(text, offset)?;
    let regions = reference_regions(kind, text, header);
    regions
        .iter()
        .any(|(r, ticks)| r.start <= w.start && w.end <= r.end && (!ticks || in_backticks(text, w)))
        .then(|| (text[w.start..w.end].to_string(), w))
}

/// Every reference to agent `name` in a file (the declaration included).
pub fn references_in(kind: Kind, text: &str, header: &Header, name: &str) -> Vec<Span> {
    let mut out = Vec::new();
    if name.is_empty() {
        return out;
    }
    for (r, ticks) in reference_regions(kind, text, header) {
        let hay = &text[r.start.min(text.len())..r.end.min(text.len())];
        for (i, _) in hay.match_indices(name) {
            let s = r.start + i;
            let e = s + name.len();
            let before_ok = s == 0 || !is_name_byte(text.as_bytes()[s - 1]);
            let after_ok = e >= text.len()
                || !is_name_byte(text.as_bytes()[e])
                || matches!(text.as_bytes()[e], b'.' | b':');
            if before_ok && after_ok && (!ticks || in_backticks(text, Span::new(s, e))) {
                out.push(Span::new(s, e));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The skill named in a `skills:` item under the cursor.
pub fn skill_at(header: &Header, offset: usize) -> Option<(String, Span)> {
    let fm = header.frontmatter()?;
    let list = fm.entry("skills")?.value.list_items()?;
    list.items
        .iter()
        .find(|i| i.span.touches(offset) && !i.nested)
        .map(|i| (i.text.clone(), i.span))
}

/// MCP server names from the text of a `.mcp.json`.
pub fn mcp_servers(json: &str) -> Option<BTreeSet<String>> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let servers = v.get("mcpServers")?.as_object()?;
    Some(servers.keys().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn references() {
        let text = "---\nname: lead\ndescription: \"<example>user: hi assistant: I'll use the worker agent</example>\"\ntools: Read, Agent(worker, helper)\n---\nDelegate to `worker`, not worker.\n";
        let h = Header::parse(text);
        let refs = references_in(Kind::Agent, text, &h, "worker");
        assert_eq!(refs.len(), 3, "{refs:?}");
        let at = text.find("worker, helper").unwrap() + 2;
        assert_eq!(
            name_at(Kind::Agent, text, &h, at).map(|(n, _)| n),
            Some("worker".to_string())
        );
        let plain = text.rfind("worker").unwrap() + 1;
        assert_eq!(
            name_at(Kind::Agent, text, &h, plain),
            None,
            "an unquoted word in the body is prose"
        );
    }
}

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
        return Some(PathBuf::from(target));
    }
    let dir = path.parent()?;
    Some(normalize(
        &dir.join(target.strip_prefix("./").unwrap_or(target)),
    ))
}

/// `a/b/../c` as `a/c` (no file system access).
fn normalize(path: &Path) -> PathBuf {
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
}

impl Imports {
    /// Records the text of `path` (its imports and size).
    pub fn record(&mut self, path: &Path, text: &str, home: Option<&Path>) {
        self.of
            .insert(path.to_path_buf(), imports_of(path, text, home));
        self.chars.insert(path.to_path_buf(), text.chars().count());
    }

    /// Forgets `path`.
    pub fn remove(&mut self, path: &Path) {
        self.of.remove(path);
        self.chars.remove(path);
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
