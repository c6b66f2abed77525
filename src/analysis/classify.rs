//! Which markdown files are agent files, and of which kind.
//!
//! Editors attach the server to every markdown file, so the server must stay silent on the rest.
//! The rule, by path first:
//! 1. `SKILL.md` is a skill (`.claude/skills/NAME/`, `~/.claude/skills/`, a plugin's `skills/`,
//!    the Agent Skills folders `.agents/skills/` and `.github/skills/`), except under a
//!    `commands` folder, where Claude Code makes a folder holding a `SKILL.md` one command.
//!    The other files of a skill folder (`references/`, scripts) are not agent files.
//! 2. A markdown file under a folder named `agents`, `commands` or `output-styles` (any depth,
//!    any case; the innermost such folder decides) is an agent, a slash command or an output
//!    style, because Claude Code loads every `.md` there. The one exception is a `README.md`
//!    without frontmatter: documentation that people keep beside their files.
//! 3. Anywhere else, a file whose frontmatter has both `name` and `description` is an agent
//!    (agents are shared as loose files), unless it sits under a `skills` folder.
//! 4. Everything else (READMEs, docs, notes) is not an agent file.

use std::path::Path;

use crate::catalog::{FolderLoads, Kind};
use crate::syntax::Header;

/// Is `path` inside a folder named `agents` (any depth, any case), where Claude Code loads every
/// markdown file as an agent?
pub fn in_agents_folder(path: &Path) -> bool {
    path.parent().is_some_and(|p| {
        p.components()
            .any(|c| c.as_os_str().eq_ignore_ascii_case("agents"))
    })
}

/// The JSON configuration kind of `path` (a settings file, `.mcp.json`, a plugin manifest), by
/// the `files` of the catalog's JSON kinds.
pub fn json_kind(path: &Path) -> Option<Kind> {
    Kind::all().iter().copied().find(|k| {
        let spec = k.spec();
        spec.json && spec.files.iter().any(|f| path.ends_with(f))
    })
}

/// The kind whose profile's `paths` match `path`, if one does.
fn profiled_kind(path: &Path) -> Option<Kind> {
    Kind::all()
        .iter()
        .copied()
        .find(|k| k.spec().matches_path(path))
}

/// Which kind of agent file this is, or `None` for ordinary markdown (the server stays silent).
pub fn kind_of(path: Option<&Path>, header: &Header) -> Option<Kind> {
    if let Some(k) = path.and_then(|p| json_kind(p).or_else(|| profiled_kind(p))) {
        return Some(k);
    }
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
    let readme = file_name.eq_ignore_ascii_case("README.md") && !has_frontmatter;
    // the kinds whose folder decides (`agents/`, `skills/`, ...: `folder_loads` in the profile)
    let folder_kind = |d: &str| {
        Kind::all().iter().copied().find(|k| {
            let spec = k.spec();
            spec.folder_loads.is_some() && d.eq_ignore_ascii_case(&spec.folder)
        })
    };
    // Under `.claude/`, the folder right below it decides, whatever lies deeper: Claude Code
    // reads `.claude/commands/**` as commands (`.claude/commands/skills/x.md` is `/skills:x`),
    // `.claude/agents/**` as agents. Elsewhere (plugins, loose collections) the innermost of the
    // folders that decide a kind wins (`commands/x/SKILL.md` is a command,
    // `skills/x/agents/a.md` an agent).
    let anchored = dirs
        .windows(2)
        .rev()
        .find(|w| w[0] == ".claude" && folder_kind(w[1]).is_some())
        .and_then(|w| folder_kind(w[1]));
    let innermost = anchored.or_else(|| dirs.iter().rev().find_map(|d| folder_kind(d)));
    // a folder's entry file (`SKILL.md`, any case: Claude Code ignores `skill.md`, which
    // `file-not-loaded` says)
    let entry = Kind::all().iter().copied().find(|k| {
        let spec = k.spec();
        spec.folder_loads == Some(FolderLoads::Entry)
            && spec.files.iter().any(|f| file_name.eq_ignore_ascii_case(f))
    });
    if let Some(entry) = entry {
        // under `commands/`, a folder holding a SKILL.md is one command
        return Some(if innermost == Some(Kind::Command) {
            Kind::Command
        } else {
            entry
        });
    }
    // memory files by name; rules anywhere below a `.claude/rules` folder
    let memory = || {
        Kind::Memory
            .spec()
            .files
            .iter()
            .any(|f| f == file_name)
            .then_some(Kind::Memory)
            .or_else(|| {
                dirs.windows(2)
                    .any(|w| w[0] == ".claude" && w[1] == "rules")
                    .then_some(Kind::Rule)
            })
    };
    let entry_folder = |k: Kind| k.spec().folder_loads == Some(FolderLoads::Entry);
    match innermost {
        None if memory().is_some() => memory(),
        Some(k) if entry_folder(k) && memory().is_some() => memory(),
        // a skill is its SKILL.md: `references/` and other files beside it are not skills
        Some(k) if entry_folder(k) => None,
        Some(kind) => (!readme).then_some(kind),
        None if Kind::all()
            .iter()
            .any(|&k| entry_folder(k) && in_folder(&k.spec().folder)) =>
        {
            None
        }
        None => header
            .frontmatter()
            .is_some_and(|fm| fm.entry("name").is_some() && fm.entry("description").is_some())
            .then_some(Kind::Agent),
    }
}

/// Is this an agent file of any kind?
pub fn is_agent_file(path: Option<&Path>, header: &Header) -> bool {
    kind_of(path, header).is_some()
}

/// Is this a file `check` reads: markdown, or one of the JSON configuration files?
pub fn is_candidate(path: &Path) -> bool {
    is_markdown(path) || json_kind(path).is_some()
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

    fn kind(path: &str, header: &Header) -> Option<Kind> {
        kind_of(Some(Path::new(path)), header)
    }

    #[test]
    #[allow(non_upper_case_globals)]
    fn the_rule() {
        let agent = h("---\nname: a\ndescription: b\n---\n");
        let plain = h("# Title\n");
        let other = h("---\ntitle: x\n---\n");
        const Agent: Kind = Kind::Agent;
        const Skill: Kind = Kind::Skill;
        const Command: Kind = Kind::Command;
        const OutputStyle: Kind = Kind::OutputStyle;
        const Memory: Kind = Kind::Memory;
        const Rule: Kind = Kind::Rule;
        const Settings: Kind = Kind::Settings;
        const Mcp: Kind = Kind::Mcp;
        const PluginManifest: Kind = Kind::PluginManifest;
        let cases: &[(&str, &Header, Option<Kind>)] = &[
            ("/p/.claude/agents/a.md", &plain, Some(Agent)),
            ("/p/plugins/x/agents/sub/a.md", &other, Some(Agent)),
            ("/p/.claude/agents/README.md", &plain, None),
            ("/p/.claude/agents/README.md", &agent, Some(Agent)),
            ("/p/corpus/seed.md", &agent, Some(Agent)),
            ("/p/README.md", &plain, None),
            ("/p/docs/x.md", &other, None),
            ("/p/.claude/skills/x/SKILL.md", &agent, Some(Skill)),
            ("/p/.claude/skills/x/SKILL.md", &plain, Some(Skill)),
            ("/p/.claude/skills/x/skill.md", &plain, Some(Skill)),
            ("/p/.agents/skills/x/SKILL.md", &plain, Some(Skill)),
            ("/p/plugin/skills/x/references/guide.md", &agent, None),
            ("/p/plugin/skills/x/notes.md", &plain, None),
            ("/p/.claude/commands/x.md", &agent, Some(Command)),
            ("/p/.claude/commands/git/commit.md", &plain, Some(Command)),
            ("/p/.claude/commands/deploy/SKILL.md", &plain, Some(Command)),
            ("/p/.claude/commands/README.md", &plain, None),
            (
                "/p/.claude/output-styles/terse.md",
                &plain,
                Some(OutputStyle),
            ),
            ("/p/plugin/skills/x/agents/a.md", &plain, Some(Agent)),
            ("/p/CLAUDE.md", &plain, Some(Memory)),
            ("/p/src/CLAUDE.local.md", &plain, Some(Memory)),
            ("/p/.claude/CLAUDE.md", &plain, Some(Memory)),
            ("/p/AGENTS.md", &agent, Some(Memory)),
            ("/p/claude.md", &plain, None),
            ("/p/.claude/rules/style.md", &plain, Some(Rule)),
            ("/p/.claude/rules/lang/rust.md", &other, Some(Rule)),
            ("/p/docs/rules/style.md", &plain, None),
            ("/p/.claude/agents/CLAUDE.md", &plain, Some(Agent)),
            // JSON configuration, by path
            ("/p/.claude/settings.json", &plain, Some(Settings)),
            ("/p/.claude/settings.local.json", &plain, Some(Settings)),
            ("/home/u/.claude/settings.json", &plain, Some(Settings)),
            ("/p/.mcp.json", &plain, Some(Mcp)),
            (
                "/p/plug/.claude-plugin/plugin.json",
                &plain,
                Some(PluginManifest),
            ),
            ("/p/settings.json", &plain, None),
            ("/p/plugin.json", &plain, None),
            // the folder right below `.claude` decides (Claude Code 2.1.330 loads these)
            ("/p/.claude/commands/skills/tmpl.md", &plain, Some(Command)),
            ("/p/.claude/commands/agents/x.md", &plain, Some(Command)),
            ("/p/.claude/agents/commands/x.md", &plain, Some(Agent)),
            ("/p/.claude/skills/x/agents/a.md", &plain, None),
            (
                "/p/.claude/commands/skills/x/SKILL.md",
                &plain,
                Some(Command),
            ),
        ];
        for (path, header, want) in cases {
            assert_eq!(kind(path, header), *want, "{path}");
        }
        assert_eq!(kind_of(None, &agent), Some(Agent));
        assert_eq!(kind_of(None, &plain), None);
    }
}
