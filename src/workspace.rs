//! The workspace index: the I/O that builds an [`analysis::project::Project`] from the
//! workspace folders and `~/.claude/agents/` (walked like `check` walks, gitignore-aware), reads
//! `.mcp.json` and finds skills. Runs in the background; the server swaps in the result.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analysis::classify;
use crate::analysis::project::{self, AgentRecord, Project};
use crate::syntax::Header;

/// The record of one file on disk, if it is an agent file with a name.
pub fn read_record(path: &Path, home: Option<&Path>) -> Option<AgentRecord> {
    let text = std::fs::read_to_string(path).ok()?;
    let header = Header::parse(&text);
    if !classify::is_agent_file(Some(path), &header) {
        return None;
    }
    project::record(path, &text, &header, home)
}

/// Indexes `roots` (workspace folders) and the user's agents.
pub fn index(roots: &[PathBuf], home: Option<&Path>) -> Project {
    let mut dirs: Vec<PathBuf> = roots.to_vec();
    if let Some(h) = home {
        let user = h.join(".claude").join("agents");
        if user.is_dir() {
            dirs.push(user);
        }
    }
    let (files, _errors) = crate::check::discover(&dirs);
    let agents: Vec<AgentRecord> = files
        .par_iter()
        .filter_map(|(p, _)| read_record(p, home))
        .collect();
    let mut mcp: Option<std::collections::BTreeSet<String>> = None;
    let mut skills = std::collections::BTreeMap::new();
    for root in roots.iter().map(PathBuf::as_path).chain(home) {
        if let Some(servers) = std::fs::read_to_string(root.join(".mcp.json"))
            .ok()
            .and_then(|t| project::mcp_servers(&t))
        {
            mcp.get_or_insert_with(Default::default).extend(servers);
        }
        if let Ok(rd) = std::fs::read_dir(root.join(".claude").join("skills")) {
            for e in rd.filter_map(|e| e.ok()) {
                let skill = e.path().join("SKILL.md");
                if skill.is_file()
                    && let Some(name) = e.file_name().to_str()
                {
                    skills.entry(name.to_string()).or_insert(skill);
                }
            }
        }
    }
    Project {
        mcp_servers: mcp,
        skills,
        home: home.map(Path::to_path_buf),
        ..Project::default()
    }
    .with_agents(agents)
}

/// The user's home folder.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}
