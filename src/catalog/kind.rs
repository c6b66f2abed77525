//! The kinds of agent file: [`Kind`], a profile's place in the catalog, and where the profiles
//! come from (the files of `kinds/`, and those [`EXTRA_KINDS`] names).

use super::{KindSpec, get};

/// One data file per kind of agent file (its profile): its keys, their values and docs, where
/// its files are and what Claude Code does with them. The order here is the order of the named
/// [`Kind`]s; kinds added at run time ([`EXTRA_KINDS`]) follow them.
pub(super) const KIND_SOURCES: &[&str] = &[
    prebuilt!("kinds/agent"),
    prebuilt!("kinds/skill"),
    prebuilt!("kinds/command"),
    prebuilt!("kinds/output-style"),
    prebuilt!("kinds/memory"),
    prebuilt!("kinds/rule"),
    prebuilt!("kinds/imported"),
    prebuilt!("kinds/settings"),
    prebuilt!("kinds/mcp"),
    prebuilt!("kinds/plugin-manifest"),
    prebuilt!("kinds/plugin-hooks"),
    prebuilt!("kinds/marketplace"),
    prebuilt!("kinds/lsp-servers"),
];

/// The environment variable naming more kind profiles (TOML files in the format of `kinds/`,
/// separated like `PATH`), read once at start: a kind tried out, or a format not shipped yet,
/// without building agent-ls again. A file that cannot be read or is not a valid profile is
/// reported on stderr and left out.
pub const EXTRA_KINDS: &str = "AGENT_LS_KINDS";

/// A kind of agent file: its place among the catalog's profiles. The kinds agent-ls ships have
/// names here (and cross-file rules of Claude Code's own ask for some of them by name); every
/// fact about a kind is its profile's ([`Kind::spec`]), and a kind added through the catalog
/// alone is reached through [`Kind::all`] and [`Kind::from_id`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kind(pub(super) u8);

#[allow(non_upper_case_globals)]
impl Kind {
    pub const Agent: Kind = Kind(0);
    pub const Skill: Kind = Kind(1);
    pub const Command: Kind = Kind(2);
    pub const OutputStyle: Kind = Kind(3);
    pub const Memory: Kind = Kind(4);
    pub const Rule: Kind = Kind(5);
    pub const Imported: Kind = Kind(6);
    pub const Settings: Kind = Kind(7);
    pub const Mcp: Kind = Kind(8);
    pub const PluginManifest: Kind = Kind(9);
    pub const PluginHooks: Kind = Kind(10);
    pub const Marketplace: Kind = Kind(11);
    pub const LspServers: Kind = Kind(12);

    /// Every kind: the shipped ones in the order of [`KIND_SOURCES`], then those of
    /// [`EXTRA_KINDS`].
    pub fn all() -> &'static [Kind] {
        &get().kind_list
    }

    /// The kind whose profile has this id (`agent`, `output-style`, ...).
    pub fn from_id(id: &str) -> Option<Kind> {
        get()
            .kinds
            .iter()
            .position(|k| k.id == id)
            .map(|i| Kind(i as u8))
    }

    /// The id used in data, JSON output and configuration (`agent`, `skill`, `command`,
    /// `output-style`).
    pub fn as_str(self) -> &'static str {
        &self.spec().id
    }

    /// What the catalog says about this kind.
    pub fn spec(self) -> &'static KindSpec {
        get().kind(self)
    }
}

impl Default for Kind {
    fn default() -> Self {
        Kind::Agent
    }
}

impl std::fmt::Debug for Kind {
    /// As the kind's id in CamelCase (`OutputStyle`), as snapshots have always shown it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in self.as_str().split('-') {
            let mut chars = part.chars();
            if let Some(c) = chars.next() {
                write!(f, "{}{}", c.to_ascii_uppercase(), chars.as_str())?;
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind profile read from a TOML file at run time (see [`EXTRA_KINDS`]).
pub(super) fn extra_kind(path: &std::path::Path, known: &[KindSpec]) -> Result<KindSpec, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let spec: KindSpec = toml::from_str(&text).map_err(|e| e.to_string())?;
    if known.iter().any(|k| k.id == spec.id) {
        return Err(format!("a kind `{}` exists already", spec.id));
    }
    if known.len() >= u8::MAX as usize {
        return Err("too many kinds".into());
    }
    spec.paths()?;
    Ok(spec)
}
