//! Which markdown files are agent files.
//!
//! Editors attach the server to every markdown file, so the server must stay silent on the rest.
//! The rule, in order:
//! 1. A file in a folder named `agents` (at any depth: `.claude/agents/`, `~/.claude/agents/`,
//!    a plugin's `agents/`, and their subfolders) is an agent file, because Claude Code loads
//!    every `.md` there. The one exception is a `README.md` without frontmatter: documentation
//!    that people keep beside their agents.
//! 2. Anywhere else, a file is an agent file when its frontmatter has both `name` and
//!    `description`, unless it is a skill (`SKILL.md`) or lives under a `skills` or `commands`
//!    folder (those formats have their own keys).
//! 3. Everything else (READMEs, docs, notes) is not.

use std::path::Path;

use crate::syntax::Header;

/// Is `path` inside a folder named `agents` (any depth, any case), where Claude Code loads every
/// markdown file as an agent?
pub fn in_agents_folder(path: &Path) -> bool {
    path.parent().is_some_and(|p| {
        p.components()
            .any(|c| c.as_os_str().eq_ignore_ascii_case("agents"))
    })
}

pub fn is_agent_file(path: Option<&Path>, header: &Header) -> bool {
    let file_name = path
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let dirs: Vec<&str> = path
        .and_then(|p| p.parent())
        .map(|p| {
            p.components()
                .filter_map(|c| c.as_os_str().to_str())
                .collect()
        })
        .unwrap_or_default();
    let in_folder = |name: &str| dirs.iter().any(|d| d.eq_ignore_ascii_case(name));
    let has_frontmatter = header.frontmatter().is_some();
    if path.is_some_and(in_agents_folder) {
        return !file_name.eq_ignore_ascii_case("README.md") || has_frontmatter;
    }
    if file_name.eq_ignore_ascii_case("SKILL.md") || in_folder("skills") || in_folder("commands") {
        return false;
    }
    header
        .frontmatter()
        .is_some_and(|fm| fm.entry("name").is_some() && fm.entry("description").is_some())
}

/// Is this path a markdown file at all (`.md`, any case)?
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(t: &str) -> Header {
        Header::parse(t)
    }

    #[test]
    fn the_rule() {
        let agent = h("---\nname: a\ndescription: b\n---\n");
        let plain = h("# Title\n");
        let other = h("---\ntitle: x\n---\n");
        assert!(is_agent_file(
            Some(Path::new("/p/.claude/agents/a.md")),
            &plain
        ));
        assert!(is_agent_file(
            Some(Path::new("/p/plugins/x/agents/sub/a.md")),
            &other
        ));
        assert!(!is_agent_file(
            Some(Path::new("/p/.claude/agents/README.md")),
            &plain
        ));
        assert!(is_agent_file(
            Some(Path::new("/p/.claude/agents/README.md")),
            &agent
        ));
        assert!(is_agent_file(Some(Path::new("/p/corpus/seed.md")), &agent));
        assert!(!is_agent_file(Some(Path::new("/p/README.md")), &plain));
        assert!(!is_agent_file(Some(Path::new("/p/docs/x.md")), &other));
        assert!(!is_agent_file(
            Some(Path::new("/p/.claude/skills/x/SKILL.md")),
            &agent
        ));
        assert!(!is_agent_file(
            Some(Path::new("/p/.claude/commands/x.md")),
            &agent
        ));
        assert!(is_agent_file(None, &agent));
        assert!(!is_agent_file(None, &plain));
    }
}
