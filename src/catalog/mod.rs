//! The format knowledge: keys, tools, models, colours, enum values and diagnostic rules, loaded
//! from `catalog.toml` (compiled into the binary). Code asks questions here; it never lists a
//! tool or a key itself.
//!
//! The TOML is what people edit; `build.rs` turns each file into JSON, which the binary embeds
//! and reads at first use (the same data, about five times faster than parsing the TOML: the
//! language server's first diagnostics wait for it).

mod codes;

use std::sync::LazyLock;

pub use codes::Code;

use serde::Deserialize;

/// A data file of this folder (`catalog`, `kinds/agent`) as `build.rs` wrote it: JSON.
macro_rules! prebuilt {
    ($file:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/catalog/", $file, ".json"))
    };
}

const SOURCE: &str = prebuilt!("catalog");

mod kind;
pub use kind::{EXTRA_KINDS, Kind};
use kind::{KIND_SOURCES, extra_kind};

/// What Claude Code does with a file of this kind whose frontmatter it cannot read.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Unreadable {
    /// The file is not loaded.
    Drop,
    /// It loads with empty metadata.
    Empty,
}

/// The role of `name` in a kind.
/// Where the name a file is indexed, listed and invoked by comes from.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NameFrom {
    /// `name:` in the frontmatter; without it, no name (agents).
    Frontmatter,
    /// `name:`, else the file name without `.md` (output styles).
    FrontmatterOrFile,
    /// The folder holding the file (skills: `skills/NAME/SKILL.md`).
    Folder,
    /// The path below the kind's folder, joined with `:` (commands).
    CommandPath,
    /// The file's path (memory files, rules).
    Path,
    /// Nothing Claude Code invokes by name (JSON configuration).
    None,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NameRole {
    /// Required: without it the file is dropped (agents).
    Required,
    /// A display name; the identity is the folder (skills).
    Display,
    /// Optional, defaulting to the file name (output styles).
    Optional,
    /// Not read at all (commands: the path is the name).
    Ignored,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Required,
    Optional,
}

/// One kind of agent file, from `kinds/*.toml`: its profile.
#[derive(Debug, Deserialize)]
pub struct KindSpec {
    /// Its id (`agent`, `output-style`): the file's name in `kinds/`.
    pub id: String,
    /// How messages call a file of this kind ("agent", "slash command").
    pub noun: String,
    /// The folder Claude Code reads files of this kind from (`.claude/<folder>/`,
    /// `~/.claude/<folder>/`, a plugin's `<folder>/`).
    pub folder: String,
    /// What the body is, for messages.
    pub body: String,
    pub unreadable: Unreadable,
    /// What a file whose metadata Claude Code cannot read loads as (for `unreadable = "empty"`).
    #[serde(default)]
    pub unreadable_means: String,
    pub name: NameRole,
    pub description: Presence,
    /// Claude Code itself warns about keys it does not read.
    pub warns_unknown_keys: bool,
    /// Tool lists hold permission rules (`Bash(git add:*)`) rather than bare names.
    pub tool_specifiers: bool,
    /// A tool list where no name resolves makes Claude Code refuse to run the file.
    pub refuses_zero_tools: bool,
    /// `hooks: []` drops the file.
    pub hooks_list_drops: bool,
    /// The description's `<example>` blocks are checked.
    pub examples: bool,
    /// The head is a frontmatter of keys (false: memory files, whose text is sent as written).
    #[serde(default = "yes")]
    pub frontmatter: bool,
    /// `@path` imports are followed, relative to the importing file (memory files, rules).
    #[serde(default)]
    pub imports: bool,
    /// A JSON configuration file (settings, `.mcp.json`, a plugin manifest), checked by
    /// `analysis::json` against the schema Claude Code validates it with.
    #[serde(default)]
    pub json: bool,
    /// Its files: a path that ends with one of these (a JSON kind's `.claude/settings.json`),
    /// or, for a markdown kind, the names of its files (`CLAUDE.md`; a skill's entry,
    /// `SKILL.md`).
    #[serde(default)]
    pub files: Vec<String>,
    /// Claude Code expands the body before sending it (placeholders, shell lines, `@file`).
    #[serde(default)]
    pub expands_body: bool,
    /// Boolean keys read leniently: the words of `Catalog::true_words` are true, anything else
    /// false (skills, commands, output styles); otherwise only `true`/`false` count (agents).
    #[serde(default)]
    pub lenient_booleans: bool,
    /// Claude Code shows the model `description - when_to_use` cut to this many characters.
    #[serde(default)]
    pub listing_chars: Option<usize>,
    /// A file of this kind over this many bytes is skipped (default: `max_file_bytes`), with
    /// this message in Claude Code's log.
    #[serde(default)]
    pub max_bytes: Option<usize>,
    #[serde(default)]
    pub max_bytes_log: Option<String>,
    /// Keys Claude Code ignores (with a warning) in a plugin's files of this kind.
    #[serde(default)]
    pub plugin_ignored_keys: Vec<String>,
    /// In a plugin, a file whose metadata Claude Code cannot read still loads, as this says.
    #[serde(default)]
    pub plugin_unreadable_means: Option<String>,
    /// The Agent Skills standard applies (portability warnings).
    #[serde(default)]
    pub standard: bool,
    /// How editors show a file of this kind among workspace symbols: `class`, `function`,
    /// `event`, `string`, `file`, `interface` or `object` (the protocol's symbol kinds).
    pub symbol: String,
    /// Where the name of a file of this kind comes from.
    pub name_from: NameFrom,
    /// For a JSON kind: what Claude Code does with the whole file when it cannot use it
    /// ("ignores the whole file, ..."), and when a hook under a guard event cannot load (when
    /// that costs more than the file).
    #[serde(default)]
    pub dropped: Option<String>,
    #[serde(default)]
    pub guard_dropped: Option<String>,
    pub keys: Vec<Key>,
    #[serde(default)]
    pub values: Vec<EnumValue>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKey>,
    /// Claude Code's own did-you-mean for unknown keys (the key folded, and what it suggests).
    #[serde(default)]
    pub key_suggestions: Vec<KeySuggestion>,
    /// Glob patterns over the whole path (`**/.github/agents/*.agent.md`): a file that matches
    /// one is of this kind before any folder rule decides (a format whose files live where
    /// Claude Code's would, as another agent's `agents/` folder).
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(skip)]
    path_set: std::sync::OnceLock<Option<globset::GlobSet>>,
    /// How the files of its `folder` are found: `markdown` (every `.md` below it: agents,
    /// commands, output styles) or `entry` (a folder's `SKILL.md`: skills); absent, the folder
    /// alone decides nothing.
    #[serde(default)]
    pub folder_loads: Option<FolderLoads>,
}

/// Which files of a kind's folder are of that kind.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FolderLoads {
    /// Every markdown file below it, at any depth.
    Markdown,
    /// The `SKILL.md` of each folder in it.
    Entry,
}

fn yes() -> bool {
    true
}

impl KindSpec {
    /// Its `paths` compiled, or what is wrong with one.
    fn paths(&self) -> Result<globset::GlobSet, String> {
        let mut builder = globset::GlobSetBuilder::new();
        for p in &self.paths {
            let glob = globset::GlobBuilder::new(p)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("`paths`: {e}"))?;
            builder.add(glob);
        }
        builder.build().map_err(|e| format!("`paths`: {e}"))
    }

    /// Whether `path` matches one of its `paths`.
    pub fn matches_path(&self, path: &std::path::Path) -> bool {
        !self.paths.is_empty()
            && self
                .path_set
                .get_or_init(|| self.paths().ok())
                .as_ref()
                .is_some_and(|set| set.is_match(path))
    }

    /// What Claude Code does when it cannot read the metadata of a file of this kind (in a
    /// plugin when `plugin`): "drops the agent", or "loads the skill with ...".
    pub fn unreadable_consequence(&self, plugin: bool) -> String {
        match (
            self.unreadable,
            plugin
                .then_some(())
                .and(self.plugin_unreadable_means.as_ref()),
        ) {
            (_, Some(means)) => format!("loads the {} {means}", self.noun),
            (Unreadable::Drop, None) => format!("drops the {}", self.noun),
            (Unreadable::Empty, None) => {
                format!("loads the {} {}", self.noun, self.unreadable_means)
            }
        }
    }
    /// An error when Claude Code drops the file, a warning when it loads it without metadata.
    pub fn unreadable_severity(&self, plugin: bool) -> Severity {
        match self.unreadable {
            Unreadable::Drop if !(plugin && self.plugin_unreadable_means.is_some()) => {
                Severity::Error
            }
            _ => Severity::Warning,
        }
    }
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }
    pub fn value_doc(&self, key: &str, value: &str) -> Option<&EnumValue> {
        self.values
            .iter()
            .find(|v| v.key == key && v.value == value)
    }
    pub fn foreign_key(&self, name: &str) -> Option<&ForeignKey> {
        self.foreign_keys.iter().find(|k| k.name == name)
    }
    /// The keys of a kind of value (`tools` keys, the `hooks` key, ...).
    pub fn keys_of(&self, kind: KeyKind) -> impl Iterator<Item = &Key> {
        self.keys.iter().filter(move |k| k.kind == kind)
    }
    /// Claude Code's own suggestion for an unknown frontmatter key: a fixed one, a known key
    /// equal once folded (case, `-` and `_` ignored), or one within an edit distance of 2.
    pub fn suggest_key(&self, key: &str) -> Option<&str> {
        let folded = fold_key(key);
        // a fixed entry with no suggestion (`mode`): Claude Code suggests nothing
        if let Some(s) = self.key_suggestions.iter().find(|s| s.folded == folded) {
            return (!s.suggest.is_empty()).then_some(s.suggest.as_str());
        }
        if let Some(f) = self.foreign_key(key) {
            return Some(f.suggest.as_str());
        }
        let names = || self.keys.iter().map(|k| k.name.as_str());
        if let Some(k) = names().find(|k| fold_key(k) == folded) {
            return Some(k);
        }
        let mut best: Option<(usize, &str)> = None;
        let key_chars: Vec<char> = key.chars().collect();
        let mut rows = Rows::default();
        for k in names() {
            if k.chars().count().abs_diff(key_chars.len()) > 2 {
                continue;
            }
            let k_chars: Vec<char> = k.chars().collect();
            let d = edit_distance(&key_chars, &k_chars, 2, &mut rows);
            if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    String,
    Name,
    Text,
    Tools,
    List,
    Model,
    Color,
    Enum,
    Integer,
    Boolean,
    Mapping,
    Servers,
    /// `hooks`: events to lists of matchers.
    Hooks,
    /// Names of skills (an agent's `skills`).
    Skills,
    /// The name of an agent (a skill's `agent`).
    Agent,
    /// Glob patterns (a skill's `paths`).
    Globs,
    /// Argument names (`arguments`).
    Arguments,
    /// A mapping of strings to strings (`metadata`).
    Metadata,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Key {
    pub name: String,
    #[serde(default)]
    pub required: bool,
    pub kind: KeyKind,
    #[serde(default)]
    pub values: Vec<String>,
    /// An enum key that also takes any integer (`effort`).
    #[serde(default)]
    pub integer: bool,
    /// The smallest value of an integer key.
    #[serde(default)]
    pub min: Option<i64>,
    /// An enum key whose values Claude Code compares in any case (`shell: PowerShell`).
    #[serde(default)]
    pub ignore_case: bool,
    /// A key Claude Code applies only in a plugin's files (and ignores, with a warning, elsewhere).
    #[serde(default)]
    pub plugin_only: bool,
    /// A tool list that is an allowlist: when none of its names resolves, Claude Code refuses
    /// to run the file (an agent's `tools`).
    #[serde(default)]
    pub allowlist: bool,
    pub doc: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct EnumValue {
    pub key: String,
    pub value: String,
    pub doc: String,
}

/// How Claude Code resolves a tool name listed in an agent's `tools:`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ToolStatus {
    /// A tool of the verified Claude Code version.
    #[default]
    Current,
    /// An old name that still resolves, to `current`.
    Alias,
    /// A name that no longer resolves: dropped silently.
    Removed,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Tool {
    pub name: String,
    #[serde(default)]
    pub status: ToolStatus,
    /// For an alias: the tool it resolves to; for a removed tool: the one to use instead.
    #[serde(default)]
    pub current: Option<String>,
    /// For a removed tool: what an agent that lists only this name cannot do.
    #[serde(default)]
    pub loses: Option<String>,
    /// What the specifier of a permission rule for this tool is (`command`, `path`, `domain`,
    /// `agents`, `skill`); none: the tool takes no specifier.
    #[serde(default)]
    pub specifier: Option<String>,
    pub doc: String,
}

impl Tool {
    /// Resolves when an agent is spawned (a current tool or an alias).
    pub fn resolves(&self) -> bool {
        self.status != ToolStatus::Removed
    }
    /// Not a current name (an alias or a removed tool): shown as deprecated in editors.
    pub fn is_legacy(&self) -> bool {
        self.status != ToolStatus::Current
    }
}

/// The meaning of one kind of permission-rule specifier (`Bash(...)`, `Read(...)`, ...).
#[derive(Clone, Debug, Deserialize)]
pub struct SpecifierDoc {
    pub kind: String,
    pub example: String,
    pub doc: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Named {
    pub name: String,
    pub doc: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub note: String,
    pub suggest: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct KeySuggestion {
    pub folded: String,
    pub suggest: String,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Rule {
    pub code: Code,
    pub severity: Severity,
    /// Editors show the range struck through (LSP's `Deprecated` tag).
    #[serde(default)]
    pub deprecated: bool,
    pub summary: String,
    pub example: String,
}

#[derive(Debug, Deserialize)]
pub struct Catalog {
    /// The Claude Code version every fact here was verified against.
    pub verified_with: String,
    /// Filled from `kinds/*.toml`, one per [`Kind`], in the order of [`Kind::all`].
    #[serde(skip)]
    pub kinds: Vec<KindSpec>,
    #[serde(skip)]
    kind_list: Vec<Kind>,
    pub tools: Vec<Tool>,
    pub spawn_tools: Vec<String>,
    /// What a permission rule's specifier means, per kind of specifier.
    pub specifiers: Vec<SpecifierDoc>,
    pub models: Vec<Named>,
    /// Shell commands Claude Code runs in a skill's or command's ``!`...` `` lines without a
    /// permission rule, because they only read (a command starting with these words).
    pub read_only_commands: Vec<String>,
    /// Arguments that make a command of `read_only_commands` write.
    pub read_only_unless: Vec<String>,
    /// What a lenient boolean reads as true (anything else is false).
    pub true_words: Vec<String>,
    /// What a lenient boolean reads as false on purpose (no warning).
    pub false_words: Vec<String>,
    /// Agents built into Claude Code.
    pub builtin_agents: Vec<Named>,
    pub model_id_prefix: String,
    pub model_id_doc: String,
    pub colors: Vec<Named>,
    pub hook_events: Vec<String>,
    pub guard_hook_events: Vec<String>,
    /// The events whose `matcher` is tested against a tool's name.
    pub tool_matcher_events: Vec<String>,
    pub max_file_bytes: usize,
    /// How many levels of `@path` imports Claude Code follows from a memory file.
    pub max_import_depth: usize,
    /// Marketplace names Claude Code reserves for Anthropic's own.
    #[serde(default)]
    pub marketplace_reserved_names: Vec<String>,
    /// The size of one memory file (characters) past which Claude Code warns.
    pub memory_warn_chars: usize,
    /// The size of all the memory files loaded together past which Claude Code warns.
    pub memory_warn_total_chars: usize,
    /// A memory file over this many bytes is left out.
    pub memory_max_bytes: usize,
    /// The extensions Claude Code imports as text (with their dot); any other is skipped.
    pub text_extensions: Vec<String>,
    pub max_name_chars: usize,
    pub name_colons: Vec<String>,
    /// The names Claude Code offers (a skill's folder, a command's path joined with `:`).
    pub offered_name_max_utf16: usize,
    pub offered_name_refused: Vec<String>,
    pub offered_name_refused_ranges: Vec<[u32; 2]>,
    pub offered_name_log: String,
    pub rules: Vec<Rule>,
    /// Where each code's rule is in `rules`, by the code's position in [`Code::ALL`].
    #[serde(skip)]
    rule_at: Vec<Option<usize>>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // The files are part of the binary and covered by tests; failing here is a build defect.
    let mut c: Catalog = serde_json::from_str(SOURCE).expect("src/catalog/catalog.toml is valid");
    c.kinds = KIND_SOURCES
        .iter()
        .map(|s| serde_json::from_str(s).expect("src/catalog/kinds/*.toml are valid"))
        .collect();
    if let Some(paths) = std::env::var_os(EXTRA_KINDS) {
        for path in std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()) {
            match extra_kind(&path, &c.kinds) {
                Ok(spec) => c.kinds.push(spec),
                Err(why) => eprintln!("agent-ls: {EXTRA_KINDS}: {}: {why}", path.display()),
            }
        }
    }
    c.finish()
});

/// The catalog compiled into this binary.
pub fn get() -> &'static Catalog {
    &CATALOG
}

impl Catalog {
    /// The kinds in [`Kind`] order and the rules indexed by code, once the data is read.
    fn finish(mut self) -> Catalog {
        self.kind_list = (0..self.kinds.len()).map(|i| Kind(i as u8)).collect();
        self.rule_at = vec![None; Code::ALL.len()];
        for (i, r) in self.rules.iter().enumerate() {
            self.rule_at[r.code as usize].get_or_insert(i);
        }
        self
    }

    /// The spec of one kind (the catalog has one for every [`Kind`]; a test checks it).
    pub fn kind(&self, kind: Kind) -> &KindSpec {
        self.kinds.get(kind.0 as usize).unwrap_or(&self.kinds[0])
    }
    /// What the specifier of a permission rule for `tool` means, if it takes one.
    pub fn specifier_of(&self, tool: &Tool) -> Option<&SpecifierDoc> {
        let kind = tool.specifier.as_deref()?;
        self.specifiers.iter().find(|s| s.kind == kind)
    }
    /// A lenient boolean's word read as true (trimmed, any case).
    pub fn is_true_word(&self, s: &str) -> bool {
        let s = s.trim().to_lowercase();
        self.true_words.contains(&s)
    }
    /// A lenient boolean's word read as true or written to mean false (trimmed, any case).
    pub fn is_bool_word(&self, s: &str) -> bool {
        let s = s.trim().to_lowercase();
        self.true_words
            .iter()
            .chain(&self.false_words)
            .any(|w| *w == s)
    }
    pub fn tool(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.name == name)
    }
    pub fn model(&self, name: &str) -> Option<&Named> {
        self.models.iter().find(|m| m.name == name)
    }
    pub fn color(&self, name: &str) -> Option<&Named> {
        self.colors.iter().find(|c| c.name == name)
    }
    pub fn rule(&self, code: Code) -> Option<&Rule> {
        let i = self.rule_at.get(code as usize).copied().flatten()?;
        self.rules.get(i)
    }
    /// The allowed values of an enum or boolean key.
    pub fn enum_values<'a>(&'a self, key: &'a Key) -> Vec<&'a str> {
        match key.kind {
            KeyKind::Boolean => vec!["true", "false"],
            _ => key.values.iter().map(String::as_str).collect(),
        }
    }
    pub fn is_hook_event(&self, name: &str) -> bool {
        self.hook_events.iter().any(|e| e == name)
    }
    pub fn is_guard_hook_event(&self, name: &str) -> bool {
        self.guard_hook_events.iter().any(|e| e == name)
    }
    pub fn is_model_id(&self, s: &str) -> bool {
        s.len() > self.model_id_prefix.len() && s.starts_with(&self.model_id_prefix)
    }
}

/// A key folded the way Claude Code compares keys for its suggestions.
fn fold_key(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The rule table as markdown (README's diagnostics section is this text; a test keeps them
/// equal, and `agent-ls rules` prints it).
pub fn rules_markdown() -> String {
    let mut out =
        String::from("| code | severity | what it reports | example |\n|---|---|---|---|\n");
    for r in &get().rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.code,
            r.severity.as_str(),
            r.summary.replace('|', "\\|"),
            r.example.replace('|', "\\|")
        ));
    }
    out
}

/// The closest candidate to `word` (case-insensitive edit distance), if close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut best: Option<(usize, &str)> = None;
    // one set of buffers for every candidate: this runs on each keystroke in an unknown name
    let mut cand: Vec<char> = Vec::new();
    let mut rows = Rows::default();
    for c in candidates {
        let ascii = c.is_ascii();
        let chars = if ascii { c.len() } else { c.chars().count() };
        let limit = match chars {
            0..=3 => 1,
            4..=6 => 2,
            _ => 3,
        };
        // the distance is at least the difference in length (lowercasing keeps an ASCII
        // name's length)
        if ascii && lower.len().abs_diff(chars) > limit {
            continue;
        }
        cand.clear();
        if ascii {
            cand.extend(c.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            cand.extend(c.to_lowercase().chars());
        }
        if lower.len().abs_diff(cand.len()) > limit {
            continue;
        }
        let d = edit_distance(&lower, &cand, limit, &mut rows);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The three rows [`edit_distance`] works in, kept between calls.
#[derive(Default)]
struct Rows {
    prev2: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions.
fn edit_distance(a: &[char], b: &[char], limit: usize, rows: &mut Rows) -> usize {
    if a.len().abs_diff(b.len()) > 3 {
        return usize::MAX;
    }
    let Rows { prev2, prev, cur } = rows;
    prev2.clear();
    prev2.resize(b.len() + 1, 0);
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        // a row's least value is at least the least of the row before (each cell comes from
        // one of the row before plus 0 or 1, or of the row before that plus 1, and that row's
        // least is at most the next row's plus 1): past `limit` once, past it to the end
        let min = cur.iter().copied().min().unwrap_or(0);
        std::mem::swap(prev2, prev);
        std::mem::swap(prev, cur);
        if min > limit {
            return limit + 1;
        }
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests;
