//! Knowledge of the whole project: every agent file of every kind (agents, skills, commands,
//! output styles, memory files, rules) with its name and scope, the MCP servers of `.mcp.json`
//! and the import graph of the memory files. The data is built by `crate::workspace` (which does
//! the I/O); the questions here (who else has this name, where is this agent referenced) are
//! pure.
//!
//! - `index.rs`: the records and [`Project`], the index with its lookups by name.
//! - `references.rs`: where a file names an agent or a skill.
//! - `imports.rs`: the `@path` imports and [`Imports`], the graph they make.
//! - `startup.rs`: what Claude Code loads at start over that graph ([`Walk`]).

use std::collections::BTreeSet;
use std::path::Path;

mod imports;
mod index;
mod references;
mod startup;

pub(crate) use imports::normalize;
pub use imports::{
    AgentsMd, Exclude, Import, Imports, Unreadable, imports_in, imports_of, resolve_import,
};
pub use index::{
    AgentRecord, Project, RecordChange, Scope, command_name, record, scope_of, scope_of_kind,
};
pub use references::{name_at, references_in, skill_at};
pub use startup::{Cut, Visit, Walk, conditional, folder_of, is_start_file};

/// The files whose changes on disk the index follows (watched with the client's file watcher):
/// agent files of every kind, and every file of a skill's folder (its `scripts/` and `assets/`,
/// which `broken-link` looks for).
pub const WATCHED_GLOBS: [&str; 8] = [
    "**/*.md",
    "**/skills/**",
    "**/.mcp.json",
    "**/agent-ls.toml",
    "**/.agent-ls.toml",
    // the settings (marketplaces, `claudeMdExcludes`), and where hooks keep their scripts
    "**/.claude/settings*.json",
    "**/.claude/hooks/**",
    "**/scripts/**",
];

/// What a change of a watched file does to the index: a project-wide file (`.mcp.json`, a
/// settings file: servers, marketplaces, `claudeMdExcludes`) means building it again; any other
/// file replaces its own record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchedEffect {
    Reindex,
    Record,
    /// A configuration file: read the configurations again.
    Config,
}

pub fn watched_effect(path: &Path) -> WatchedEffect {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if crate::analysis::config::FILE_NAMES.contains(&name) {
        WatchedEffect::Config
    } else if name == ".mcp.json"
        || (name.starts_with("settings")
            && name.ends_with(".json")
            && path
                .parent()
                .is_some_and(|d| d.file_name().is_some_and(|n| n == ".claude")))
    {
        WatchedEffect::Reindex
    } else {
        WatchedEffect::Record
    }
}

/// MCP server names from the text of a `.mcp.json`.
pub fn mcp_servers(json: &str) -> Option<BTreeSet<String>> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let servers = v.get("mcpServers")?.as_object()?;
    Some(servers.keys().cloned().collect())
}
