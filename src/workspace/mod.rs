//! The workspace's I/O: every read of a file the server did not get from the client goes through
//! [`read_text`] (regular files only, size-capped, never a FIFO or a device that would block), and
//! the index: an [`analysis::project::Project`] built from the workspace folders and
//! `~/.claude/` folders of every kind (walked like `check` walks, gitignore-aware) and `.mcp.json`.
//! The server calls all of it off the protocol loop (on the blocking pool) and swaps in results;
//! on the loop it asks only what [`Exists`] remembers (`exists.rs`).

mod exists;
pub use exists::{Exists, Probe, is_executable};

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analysis::classify;
use crate::analysis::project::{self, AgentRecord, Project};
use crate::syntax::Header;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A folder, FIFO, socket or device: reading it could block or never end.
    NotAFile,
    /// Larger than the cap (its size in bytes).
    TooLarge(u64),
    NotUtf8,
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile => write!(f, "not a regular file"),
            ReadError::TooLarge(n) => write!(f, "too large ({n} bytes)"),
            ReadError::NotUtf8 => write!(f, "not valid UTF-8"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The largest agent file Claude Code reads (it skips bigger ones): the cap of index reads.
pub fn agent_file_cap() -> u64 {
    crate::catalog::get().max_file_bytes as u64
}

/// The text of a regular file of at most `cap` bytes. Never blocks on a FIFO (it is opened
/// non-blocking and checked before reading), never follows a symlink loop (the open fails), never
/// reads more than `cap + 1` bytes of a file that grows.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // a file swapped for a FIFO after the check above still cannot block the open
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)
}

/// The record of one file on disk, if it is an agent file with a name.
pub fn read_record(path: &Path, home: Option<&Path>) -> Option<AgentRecord> {
    let text = read_text(path, agent_file_cap()).ok()?;
    let header = Header::parse(&text);
    let kind = classify::kind_of(Some(path), &header)?;
    project::record(kind, path, &text, &header, home)
}

/// A `.mcp.json` larger than this is not read (no real one comes close).
const MCP_JSON_CAP: u64 = 16 << 20;

/// Indexes `roots` (workspace folders) and the user's agents.
pub fn index(roots: &[PathBuf], home: Option<&Path>) -> Project {
    let mut dirs: Vec<PathBuf> = roots.to_vec();
    if let Some(h) = home {
        for kind in crate::catalog::Kind::all() {
            let user = h.join(".claude").join(&kind.spec().folder);
            if user.is_dir() && !kind.spec().json && kind.spec().folder != ".claude" {
                dirs.push(user);
            }
        }
        // the user's memory file (the memory kind's folder is `.claude` itself)
        let memory = h.join(".claude").join("CLAUDE.md");
        if memory.is_file() {
            dirs.push(memory);
        }
    }
    let (files, listed, _errors) = discover_all(&dirs);
    let read = |p: &Path| {
        // a memory file is read up to Claude Code's limit for it (memory-oracle
        // `load-size-exact-root`)
        let cap = if project::is_start_file(p) {
            agent_file_cap().max(crate::catalog::get().memory_max_bytes as u64)
        } else {
            agent_file_cap()
        };
        let text = read_text(p, cap).ok()?;
        let header = Header::parse(&text);
        Some((text, header))
    };
    let (agents, mut imports) = records(&files, home, &read);
    // a memory file that is not UTF-8 reaches Claude garbled, its imports never followed
    // (memory-oracle `load-utf16-root`)
    for (p, _) in files.iter().filter(|(p, _)| project::is_start_file(p)) {
        if !imports.of.contains_key(p)
            && matches!(read_text(p, agent_file_cap()), Err(ReadError::NotUtf8))
        {
            imports
                .unreadable
                .insert(p.clone(), project::Unreadable::NotUtf8);
        }
    }
    Project {
        mcp_servers: mcp_servers(roots, home),
        marketplaces: Some(marketplaces(roots, home)),
        complete: true,
        imports,
        files: Some(listed),
        home: home.map(Path::to_path_buf),
        ..Project::default()
    }
    .with_agents(agents)
}

/// The records of `files` (in their order) and the import graph of those whose imports Claude
/// Code follows, each file read and its head parsed by `read` (`None`: left out), in parallel. A
/// file's text is kept only when its imports are followed (memory files, rules): the rest is
/// dropped as soon as its record is made, so this never holds the whole workspace.
pub fn records(
    files: &[(PathBuf, bool)],
    home: Option<&Path>,
    read: &(dyn Fn(&Path) -> Option<(String, Header)> + Sync),
) -> (Vec<AgentRecord>, project::Imports) {
    let read: Vec<(AgentRecord, Option<String>)> = files
        .par_iter()
        .filter_map(|(p, _)| {
            let (text, header) = read(p)?;
            let kind = classify::kind_of(Some(p), &header)?;
            let rec = project::record(kind, p, &text, &header, home)?;
            Some((rec, kind.spec().imports.then_some(text)))
        })
        .collect();
    let imports = import_graph(
        read.iter()
            .filter_map(|(r, t)| Some((r.path.clone(), t.as_deref()?))),
        home,
    );
    (read.into_iter().map(|(r, _)| r).collect(), imports)
}

/// The import graph of the memory files and rules given with their texts: their imports, and
/// the files those import, read from disk (through [`read_text`]) a few levels further than
/// Claude Code follows them, so that what it cuts off can be shown.
pub fn import_graph<'a>(
    seeds: impl Iterator<Item = (PathBuf, &'a str)>,
    home: Option<&Path>,
) -> project::Imports {
    let mut g = project::Imports::default();
    let mut frontier = Vec::new();
    let mut folders = std::collections::BTreeSet::new();
    if let Some(home) = home {
        folders.insert(home.to_path_buf());
    }
    for (path, text) in seeds {
        g.record(&path, text, home);
        note_real(&mut g, &path, Some(text), home);
        if let Some(folder) = project::folder_of(&path)
            && folders.insert(folder.to_path_buf())
        {
            note_real(&mut g, folder, None, home);
        }
        frontier.extend(
            g.of[&path]
                .iter()
                .filter(|i| !i.in_code)
                .map(|i| i.target.clone()),
        );
    }
    for folder in &folders {
        g.excludes.extend(memory_excludes(folder));
    }
    // when Claude Code reads AGENTS.md: the user's settings
    if let Some(home) = home {
        let source = home.join(".claude").join("settings.json");
        if let Ok(text) = read_text(&source, MCP_JSON_CAP)
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
        {
            g.agents_md = project::AgentsMd::from_settings(&v, &source);
        }
    }
    // the folders whose imports from outside the user approved
    if let Some(home) = home
        && let Ok(text) = read_text(&home.join(".claude.json"), MCP_JSON_CAP)
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
        && let Some(projects) = v.get("projects").and_then(|p| p.as_object())
    {
        for (folder, settings) in projects {
            if settings.get("hasClaudeMdExternalIncludesApproved")
                == Some(&serde_json::Value::Bool(true))
            {
                g.approved.insert(PathBuf::from(folder));
            }
        }
    }
    let depth = crate::catalog::get().max_import_depth + 2;
    for _ in 0..depth {
        let mut next = Vec::new();
        for p in frontier {
            if g.chars.contains_key(&p) {
                continue;
            }
            // Claude Code reads an imported file up to 4 MiB, as UTF-8, and skips a folder
            let text = match read_text(&p, crate::catalog::get().memory_max_bytes as u64) {
                Ok(text) => text,
                Err(e) => {
                    let why = match e {
                        ReadError::NotAFile => Some(project::Unreadable::Folder),
                        ReadError::TooLarge(n) => Some(project::Unreadable::TooLarge(n)),
                        ReadError::NotUtf8 => Some(project::Unreadable::NotUtf8),
                        ReadError::Io(_) => None,
                    };
                    if let Some(why) = why {
                        g.unreadable.insert(p, why);
                    }
                    continue;
                }
            };
            g.record(&p, &text, home);
            note_real(&mut g, &p, Some(&text), home);
            next.extend(
                g.of[&p]
                    .iter()
                    .filter(|i| !i.in_code)
                    .map(|i| i.target.clone()),
            );
        }
        frontier = next;
    }
    g
}

/// The `claudeMdExcludes` patterns of a folder's `.claude/settings.json` and
/// `.claude/settings.local.json` (and of `~/.claude/settings.json` for the home folder): Claude
/// Code 2.1.330 reads them from the user's, the project's and the local settings alike.
fn memory_excludes(folder: &Path) -> Vec<project::Exclude> {
    let mut out = Vec::new();
    for (source, value) in settings_of(folder) {
        for pattern in value
            .get("claudeMdExcludes")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
        {
            out.push(project::Exclude {
                pattern: pattern.to_string(),
                source: source.clone(),
            });
        }
    }
    out
}

/// The MCP servers the `.mcp.json` of the folders (and of the home folder) configure, with
/// those `claude mcp add` keeps in `~/.claude.json` (the user's, and each folder's local ones);
/// `None` when no `.mcp.json` is there.
pub fn mcp_servers(
    roots: &[PathBuf],
    home: Option<&Path>,
) -> Option<std::collections::BTreeSet<String>> {
    let mut mcp: Option<std::collections::BTreeSet<String>> = None;
    for root in roots.iter().map(PathBuf::as_path).chain(home) {
        if let Some(servers) = read_text(&root.join(".mcp.json"), MCP_JSON_CAP)
            .ok()
            .and_then(|t| project::mcp_servers(&t))
        {
            mcp.get_or_insert_with(Default::default).extend(servers);
        }
    }
    if let (Some(set), Some(home)) = (mcp.as_mut(), home)
        && let Ok(text) = read_text(&home.join(".claude.json"), MCP_JSON_CAP)
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
    {
        let names = |v: Option<&serde_json::Value>| {
            v.and_then(|s| s.get("mcpServers"))
                .and_then(|m| m.as_object())
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        set.extend(names(Some(&v)));
        for root in roots {
            set.extend(names(
                v.get("projects")
                    .and_then(|p| p.get(root.to_string_lossy().as_ref())),
            ));
        }
    }
    mcp
}

/// The settings files of a folder (`.claude/settings.json`, `.claude/settings.local.json`) that
/// are JSON, read.
fn settings_of(folder: &Path) -> Vec<(PathBuf, serde_json::Value)> {
    ["settings.json", "settings.local.json"]
        .iter()
        .filter_map(|name| {
            let source = folder.join(".claude").join(name);
            let text = read_text(&source, MCP_JSON_CAP).ok()?;
            let value = serde_json::from_str::<serde_json::Value>(&text).ok()?;
            Some((source, value))
        })
        .collect()
}

/// The marketplaces Claude Code knows in a workspace: those the settings of each folder and of
/// the user declare (`extraKnownMarketplaces`, its alias `additionalMarketplaces`), and those
/// added with `claude plugin marketplace add` (`~/.claude/plugins/known_marketplaces.json`).
pub fn marketplaces(roots: &[PathBuf], home: Option<&Path>) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for folder in roots.iter().map(PathBuf::as_path).chain(home) {
        for (_, v) in settings_of(folder) {
            for key in ["extraKnownMarketplaces", "additionalMarketplaces"] {
                if let Some(m) = v.get(key).and_then(|m| m.as_object()) {
                    out.extend(m.keys().cloned());
                }
            }
        }
    }
    if let Some(home) = home
        && let Ok(text) = read_text(
            &home.join(".claude/plugins/known_marketplaces.json"),
            MCP_JSON_CAP,
        )
        && let Ok(serde_json::Value::Object(m)) = serde_json::from_str(&text)
    {
        out.extend(m.keys().cloned());
    }
    out
}

/// Notes the real path of `path` in the graph when a symbolic link makes it differ; when `path`
/// itself is a link, its imports are resolved again from its target's folder, as Claude Code
/// resolves them (memory-oracle `load-symlink-inside`, `load-symlink-root`).
fn note_real(g: &mut project::Imports, path: &Path, text: Option<&str>, home: Option<&Path>) {
    let Ok(real) = std::fs::canonicalize(path) else {
        return;
    };
    if real == path {
        return;
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && let Some(text) = text {
        // the target in the namespace of `path`'s folder where it lies below it
        let parent = path.parent().unwrap_or(Path::new("/"));
        let target = std::fs::canonicalize(parent)
            .ok()
            .and_then(|p| real.strip_prefix(p).ok().map(|rest| parent.join(rest)))
            .unwrap_or_else(|| real.clone());
        g.of.insert(path.to_path_buf(), project::imports_of(&target, text, home));
    }
    g.real.insert(path.to_path_buf(), real);
}

/// The entries of a folder (name, is a folder), sorted, hidden ones left out, at most a few
/// hundred: what completes a path after `@`.
pub fn list_folder(dir: &Path) -> Vec<(String, bool)> {
    const MAX: usize = 500;
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, bool)> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            (!name.starts_with('.') || name == ".claude")
                .then(|| (name, e.file_type().is_ok_and(|t| t.is_dir())))
        })
        .take(MAX)
        .collect();
    out.sort();
    out
}

/// Gives the memory that indexing read and parsed (every file's text and head, in parallel)
/// back to the system once the index is built: the allocator keeps freed memory otherwise, and
/// the server's resident size would stay at that peak for the whole session.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Runs `f` on threads of their own at a lower priority (nice 10 more on Linux): the workspace index
/// of the server, which must not slow the keystrokes it runs beside (on two cores its threads
/// took the processor from the protocol thread while a client typed). Falls back to the caller's
/// pool when no thread can be made.
pub fn in_background<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("agent-ls-index-{i}"))
        .start_handler(|_| lower_priority())
        .build();
    match pool {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Lowers the priority of the calling thread by 10 (on Linux the nice value belongs to the
/// thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: changes the nice value of the calling thread; takes no pointers.
    unsafe {
        libc::nice(10);
    }
}

/// The user's home folder.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// A configuration file as read from disk: its text (for the ranges of its problems), the
/// settings, and the problems.
#[derive(Debug)]
pub struct LoadedConfig {
    /// Unique in the process (see [`fresh_id`]): a document keeps findings made with this
    /// configuration under it.
    pub id: u64,
    pub path: PathBuf,
    pub text: String,
    pub config: crate::analysis::config::Config,
    pub problems: Vec<crate::analysis::Diagnostic>,
}

/// The configuration file that applies to files in `dir`: the nearest `agent-ls.toml` (or
/// `.agent-ls.toml`) in `dir` or a folder above it, up to the repository root (a folder with
/// `.git`).
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        for name in crate::analysis::config::FILE_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
    }
    None
}

/// A number no other call of this process returned (never 0): for the index and each
/// configuration the server holds, so that what was made from them can be recognised.
pub fn fresh_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A configuration file larger than this is not read.
const CONFIG_CAP: u64 = 1 << 20;

/// Reads and parses a configuration file; a file that cannot be read is a problem at its start.
pub fn load_config(path: &Path) -> LoadedConfig {
    let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    match read_text(path, CONFIG_CAP) {
        Ok(text) => {
            let (config, problems) = crate::analysis::config::parse(&text, &root);
            LoadedConfig {
                id: fresh_id(),
                path: path.to_path_buf(),
                text,
                config,
                problems,
            }
        }
        Err(e) => LoadedConfig {
            id: fresh_id(),
            path: path.to_path_buf(),
            text: String::new(),
            config: crate::analysis::config::Config::empty(root),
            problems: vec![crate::analysis::Diagnostic::new(
                crate::catalog::Code::InvalidConfig,
                crate::syntax::Span::default(),
                format!("cannot read {}: {e}", path.display()),
            )],
        },
    }
}

/// Configuration files by folder, each read once.
#[derive(Debug, Default)]
pub struct Configs {
    by_dir:
        std::sync::Mutex<std::collections::HashMap<PathBuf, Option<std::sync::Arc<LoadedConfig>>>>,
    by_path: std::sync::Mutex<std::collections::BTreeMap<PathBuf, std::sync::Arc<LoadedConfig>>>,
}

impl Configs {
    /// The configuration for the file at `path` (none when no file applies).
    pub fn for_file(&self, path: &Path) -> Option<std::sync::Arc<LoadedConfig>> {
        self.for_folder(&Self::folder(path)?)
    }

    /// The configuration for the files in `dir`, found as [`find_config`] finds it, each folder
    /// looked at once: its own file, or (up to the folder with `.git`) its parent's answer.
    fn for_folder(&self, dir: &Path) -> Option<std::sync::Arc<LoadedConfig>> {
        if let Some(c) = self
            .by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return c.clone();
        }
        let own = crate::analysis::config::FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file());
        let found = match own {
            Some(p) => {
                let mut by_path = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
                Some(
                    by_path
                        .entry(p.clone())
                        .or_insert_with(|| std::sync::Arc::new(load_config(&p)))
                        .clone(),
                )
            }
            None if dir.join(".git").exists() => None,
            None => dir.parent().and_then(|parent| self.for_folder(parent)),
        };
        self.by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The configuration for the file at `path` if it was looked up already (no I/O): `None`
    /// when it was not, `Some(None)` when no file applies.
    pub fn cached(&self, path: &Path) -> Option<Option<std::sync::Arc<LoadedConfig>>> {
        let dir = Self::folder(path)?;
        self.by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&dir)
            .cloned()
    }

    /// The folder a file's configuration is looked up from (`.` for a bare file name): the key
    /// of the cache.
    fn folder(path: &Path) -> Option<PathBuf> {
        let dir = path.parent()?;
        Some(if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.to_path_buf()
        })
    }

    /// Every configuration file read so far, by path.
    pub fn loaded(&self) -> Vec<std::sync::Arc<LoadedConfig>> {
        self.by_path
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect()
    }
}

/// Markdown files under `paths` (respecting `.gitignore`; hidden folders such as `.claude` are
/// searched). Explicitly named files are always included.
pub fn discover(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<String>) {
    let (files, _, errors) = discover_all(paths);
    (files, errors)
}

/// At most this many files of a workspace are listed for the globs of `paths`.
const MAX_LISTED_FILES: usize = 200_000;

/// Like [`discover`], with every file walked (any extension, up to a bound): what the globs of
/// a rule's or skill's `paths` are matched against.
pub fn discover_all(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push((p.clone(), true));
            continue;
        }
        if !p.exists() {
            errors.push(format!("{}: no such file or directory", p.display()));
            continue;
        }
        let walker = ignore::WalkBuilder::new(p)
            .hidden(false)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git" && e.file_name() != "node_modules")
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    if all.len() < MAX_LISTED_FILES {
                        all.push(e.path().to_path_buf());
                    }
                    if classify::is_candidate(e.path()) {
                        files.push((e.into_path(), false));
                    }
                }
                // a memory file or rule that is a link to a file: Claude Code loads it
                // (memory-oracle `load-symlink-root`, `load-symlink-rules`)
                Ok(e)
                    if e.path_is_symlink()
                        && project::is_start_file(e.path())
                        && e.path().is_file() =>
                {
                    files.push((e.into_path(), false));
                }
                Ok(_) => {}
                Err(err) => errors.push(err.to_string()),
            }
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    all.sort();
    all.dedup();
    (files, all, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index's work runs on threads 10 nice levels below the caller's (at most 19), and the
    /// caller keeps its own priority.
    #[test]
    #[cfg(target_os = "linux")]
    fn background_work_runs_at_a_lower_priority() {
        // SAFETY: reads the calling thread's nice value.
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let mine = nice();
        let theirs = in_background(|| {
            let on_pool = rayon::join(nice, nice);
            (nice(), on_pool)
        });
        let expected = (mine + 10).min(19);
        assert_eq!(theirs, (expected, (expected, expected)));
        assert_eq!(nice(), mine);
    }
}
