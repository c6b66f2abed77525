//! Benchmark files built from the real files of `../shared/corpus` (shared by both benchmarks):
//! agent files of three sizes from the seed, the editor workspace of the end-to-end harness (an
//! agent, a skill, a slash command and a memory file of 10 KB and 1 MB, each with its edit places)
//! and the big workspace (tens of thousands of corpus files with unique names).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/seeds/seed-1-backend-architect.md"
);

/// The skill of the editor workspace: a block-scalar description, `license` and a nested
/// `metadata` map (its `name` is its folder's).
pub const SKILL: &str = "wshobson-plugins/hermes-tweet/skills/hermes-tweet/SKILL.md";
/// The slash command of the editor workspace: `description` and `allowed-tools` (a flow list).
pub const COMMAND: &str = "wshobson-plugins/startup-business-analyst/commands/business-case.md";
/// Agents whose bodies give the memory file its prose.
pub const PROSE: [&str; 4] = [
    "voltagent/01-core-development__backend-developer.md",
    "voltagent/01-core-development__api-designer.md",
    "voltagent/01-core-development__microservices-architect.md",
    "voltagent/01-core-development__fullstack-developer.md",
];

pub fn seed() -> String {
    std::fs::read_to_string(SEED).expect("../shared/corpus beside the checkout")
}

fn corpus(rel: &str) -> String {
    std::fs::read_to_string(Path::new(CORPUS).join(rel))
        .unwrap_or_else(|e| panic!("../shared/corpus/{rel} beside the checkout: {e}"))
}

/// The seed's head (frontmatter), and its body.
pub fn split(seed: &str) -> (&str, &str) {
    seed.split_at(head_len(seed).expect("closed frontmatter"))
}

/// The length of the frontmatter with its closing `---` line, when the text has one.
pub fn head_len(text: &str) -> Option<usize> {
    if !text.starts_with("---\n") {
        return None;
    }
    let mut at = 4;
    for line in text[4..].split_inclusive('\n') {
        at += line.len();
        if line.trim_end() == "---" {
            return Some(at);
        }
    }
    None
}

/// (name, text): about 2 KB, the 10 KB seed, and the seed with a 1 MB body.
pub fn sizes() -> Vec<(&'static str, String)> {
    let seed = seed();
    let (head, body) = split(&seed);
    // small: a shorter description and a short body
    let desc_end = head.find("\\n\\nExamples").unwrap_or(head.len() / 2);
    let small_head = format!(
        "{}\nmodel: sonnet\ncolor: purple\n---\n",
        &head[..desc_end.min(1200)]
    );
    let small = format!(
        "{small_head}{}",
        &body[..body.len().min(2048 - small_head.len().min(2000))]
    );
    let mut huge = head.to_string();
    while huge.len() < 1 << 20 {
        huge.push_str(body);
    }
    vec![("2KB", small), ("10KB", seed.clone()), ("1MB", huge)]
}

/// A position in the frontmatter (inside the description) and one in the middle of the body,
/// as (line, character) with ASCII text around them.
pub fn edit_points(text: &str) -> ((u32, u32), (u32, u32)) {
    let fm_line = 2; // `description: ...`
    let lines: Vec<&str> = text.lines().collect();
    let mut body_line = lines.len() / 2;
    while lines[body_line].len() < 10 {
        body_line += 1;
    }
    ((fm_line, 20), (body_line as u32, 5))
}

// ---------------------------------------------------------------------------------------------
// The editor workspace: one file of each kind, with the places the typing traces edit.

/// The sizes of the editor workspace (name, at least this many bytes per file).
pub const EDITOR_SIZES: [(&str, usize); 2] = [("10KB", 10 * 1024), ("1MB", 1 << 20)];

/// A file the keystroke traces edit.
pub struct Fixture {
    /// `agent`, `skill`, `command`, `memory` or `settings`.
    pub kind: &'static str,
    /// `10KB` or `1MB`.
    pub size: &'static str,
    /// Its path in the workspace.
    pub rel: String,
    pub text: String,
    /// (place, (line, character)): `body`, every frontmatter key, `import` (memory file). Each
    /// is between two ASCII letters of a word, so typing there stays inside the same value.
    pub places: Vec<(String, (u32, u32))>,
}

impl Fixture {
    /// `agent 10KB`, `SKILL.md 1MB`, ...
    pub fn label(&self) -> String {
        let kind = match self.kind {
            "skill" => "SKILL.md",
            "command" => "command",
            "memory" => "CLAUDE.md",
            "settings" => "settings.json",
            k => k,
        };
        format!("{kind} {}", self.size)
    }
}

/// The editor workspace of one size: the agent, the skill, the command and the memory file (each
/// at least `bytes` long), and the files the memory file imports, as (path, text).
pub fn editor_workspace(size: &'static str, bytes: usize) -> (Vec<Fixture>, Vec<(String, String)>) {
    let mut files = Vec::new();

    // agent: the seed (10 KB), or its head with the body repeated
    let seed = seed();
    let agent = if 2 * seed.len() >= bytes {
        seed
    } else {
        let (head, body) = split(&seed);
        let mut t = head.to_string();
        while t.len() < bytes {
            t.push_str(body);
        }
        t
    };
    files.push(fixture(
        "agent",
        size,
        ".claude/agents/backend-architect.md",
        agent,
    ));

    // skill: its real head, its body padded with its own paragraphs
    let skill = corpus(SKILL);
    let name = key_value(&skill, "name").expect("the skill has a name");
    let (head, body) = skill.split_at(head_len(&skill).expect("skill frontmatter"));
    let text = pad(head.to_string() + body, body, bytes);
    files.push(fixture(
        "skill",
        size,
        &format!(".claude/skills/{name}/SKILL.md"),
        text,
    ));

    // command: its body takes `$ARGUMENTS`
    let command = corpus(COMMAND);
    let (head, body) = command.split_at(head_len(&command).expect("command frontmatter"));
    let body = with_arguments(body);
    let text = pad(head.to_string() + &body, &body, bytes);
    files.push(fixture(
        "command",
        size,
        ".claude/commands/business-case.md",
        text,
    ));

    // memory file at the root, with imports (two of them a couple of folders deep, one chained)
    let (memory, imported) = memory(bytes);
    files.push(fixture("memory", size, "CLAUDE.md", memory));

    // the project's settings: permission rules, hooks and environment
    files.push(fixture(
        "settings",
        size,
        ".claude/settings.json",
        settings(bytes),
    ));
    (files, imported)
}

/// A `.claude/settings.json` of at least `bytes`: environment, hooks on three events, and as
/// many permission rules as it takes (a big team's allow list), all valid.
fn settings(bytes: usize) -> String {
    let mut rules = vec![
        "Bash(npm run build:*)".to_string(),
        "Bash(git diff:*)".into(),
        "Read(./src/**)".into(),
        "Edit(./src/**)".into(),
        "WebFetch(domain:docs.example.com)".into(),
    ];
    let head = r#"{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "model": "sonnet",
  "env": { "NODE_ENV": "development", "PROJECT_LABEL": "benchmark" },
  "hooks": {
    "PostToolUse": [
      { "matcher": "Edit|Write", "hooks": [{ "type": "command", "command": "npx prettier --write", "timeout": 30 }] }
    ],
    "UserPromptSubmit": [{ "hooks": [{ "type": "command", "command": "echo prompt" }] }],
    "Stop": [{ "hooks": [{ "type": "command", "command": "echo done" }] }]
  },
  "permissions": {
    "defaultMode": "acceptEdits",
    "deny": ["Read(./.env)", "Bash(curl:*)"],
    "allow": [
"#;
    let tail = "    ]
  }
}
";
    let mut n = 0;
    let len = |rules: &[String]| {
        head.len() + tail.len() + rules.iter().map(|r| r.len() + 9).sum::<usize>()
    };
    while len(&rules) < bytes {
        rules.push(format!("Bash(npm run task-{n}:*)"));
        n += 1;
    }
    let list: Vec<String> = rules.iter().map(|r| format!("      \"{r}\"")).collect();
    format!("{head}{}\n{tail}", list.join(",\n"))
}

fn fixture(kind: &'static str, size: &'static str, rel: &str, text: String) -> Fixture {
    let places = places(kind, &text);
    Fixture {
        kind,
        size,
        rel: rel.to_string(),
        text,
        places,
    }
}

/// The body with a line that passes the command's arguments (after its title, when it has one).
fn with_arguments(body: &str) -> String {
    if body.contains("$ARGUMENTS") {
        return body.to_string();
    }
    let line = "The business, product or idea to make the case for: $ARGUMENTS\n\n";
    match body
        .find("\n# ")
        .map(|p| p + 1)
        .or(body.starts_with("# ").then_some(0))
    {
        Some(title) => {
            let after = title + body[title..].find("\n\n").map(|p| p + 2).unwrap_or(0);
            format!("{}{line}{}", &body[..after], &body[after..])
        }
        None => format!("{line}{body}"),
    }
}

/// `text` followed by the paragraphs of `body`, round and round, until it is `bytes` long.
fn pad(mut text: String, body: &str, bytes: usize) -> String {
    let blocks = blocks(body);
    let mut i = 0;
    while text.len() < bytes && !blocks.is_empty() {
        text.push_str(&blocks[i % blocks.len()]);
        i += 1;
    }
    text
}

/// The paragraphs of a markdown body, each ending after its blank line; a fenced code block
/// stays in one piece. The last one always ends with a blank line.
pub fn blocks(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut fence = false;
    for line in body.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        if !fence && line.trim().is_empty() && cur.trim().is_empty() {
            continue; // blank lines between paragraphs end the previous one
        }
        cur.push_str(line);
        if !fence && line.trim().is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        if !cur.ends_with('\n') {
            cur.push('\n');
        }
        cur.push('\n');
        out.push(cur);
    }
    out
}

/// A root CLAUDE.md of at least `bytes`: imports at its top and in its middle, prose from corpus
/// agents' bodies; and the files it imports (one of which imports another).
fn memory(bytes: usize) -> (String, Vec<(String, String)>) {
    let prose = prose();
    let mut next = 0;
    let mut fill = |text: &mut String, until: usize| {
        while text.len() < until {
            text.push_str(&prose[next % prose.len()]);
            next += 1;
        }
    };
    let mut text = String::from(
        "# Project memory\n\n\
         Instructions for Claude Code in this repository. Read them before changing anything.\n\n\
         - Architecture and the services it is made of: @docs/architecture.md\n\
         - Local setup and the tools it needs: @docs/guide/setup.md\n\
         - How tests are written: @docs/guide/testing/conventions.md\n\n\
         ## Background\n\n",
    );
    fill(&mut text, bytes / 2);
    text.push_str("## Releases\n\nHow a release is cut and published: @docs/release.md\n\n");
    fill(&mut text, bytes);
    let doc = |title: &str, i: usize, extra: &str| {
        format!(
            "# {title}\n\n{}{}{extra}",
            prose[i % prose.len()],
            prose[(i + 1) % prose.len()]
        )
    };
    let imported = vec![
        ("docs/architecture.md".into(), doc("Architecture", 0, "")),
        (
            "docs/guide/setup.md".into(),
            doc(
                "Setup",
                2,
                "The conventions of the tests: @testing/conventions.md\n",
            ),
        ),
        (
            "docs/guide/testing/conventions.md".into(),
            doc("Test conventions", 4, ""),
        ),
        ("docs/release.md".into(), doc("Releases", 6, "")),
    ];
    (text, imported)
}

/// Paragraphs of the bodies of the `PROSE` agents: no `@` (it would be an import in a memory
/// file), no headings (a memory file has its own).
fn prose() -> Vec<String> {
    let mut out = Vec::new();
    for rel in PROSE {
        let t = corpus(rel);
        let body = &t[head_len(&t).unwrap_or(0)..];
        out.extend(
            blocks(body)
                .into_iter()
                .filter(|b| !b.contains('@') && !b.trim_start().starts_with('#')),
        );
    }
    out
}

/// The edit places of a file: `body`, then every top-level frontmatter key in order, and for a
/// memory file the line importing `docs/guide/setup.md` (typing after the path changes the
/// import's target).
pub fn places(kind: &str, text: &str) -> Vec<(String, (u32, u32))> {
    let lines: Vec<&str> = text.lines().collect();
    if kind == "settings" {
        // inside a word of a permission rule, a hook's command, an environment value
        return [
            ("permission", "npm run bu"),
            ("hook command", "npx pre"),
            ("env", "devel"),
        ]
        .iter()
        .filter_map(|(place, before)| {
            let (i, line) = lines.iter().enumerate().find(|(_, l)| l.contains(before))?;
            let col = line.find(before)? + before.len();
            Some((place.to_string(), (i as u32, col as u32)))
        })
        .collect();
    }
    let head_lines = head_len(text)
        .map(|n| text[..n].lines().count())
        .unwrap_or(0);
    let mut out = Vec::new();
    if let Some(p) = body_point(&lines, head_lines) {
        out.push(("body".to_string(), p));
    }
    if head_lines > 0 {
        let fm = &lines[..head_lines - 1]; // without the closing `---`
        let keys: Vec<usize> = (1..fm.len())
            .filter(|&i| top_level_key(fm[i]).is_some())
            .collect();
        for (k, &start) in keys.iter().enumerate() {
            let end = keys.get(k + 1).copied().unwrap_or(fm.len());
            let key = top_level_key(fm[start]).unwrap();
            if let Some(p) = value_point(fm, start, end) {
                out.push((key.to_string(), p));
            }
        }
    }
    if kind == "memory"
        && let Some((i, line)) = lines
            .iter()
            .enumerate()
            .find(|(_, l)| l.contains("@docs/guide/setup.md"))
    {
        let col = line.find("@docs/guide/setup.md").unwrap() + "@docs/guide/setup.md".len();
        out.push(("import".to_string(), (i as u32, col as u32)));
    }
    out
}

/// `name` for `name: value` at the start of a line.
fn top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    (!key.is_empty()
        && key.as_bytes()[0].is_ascii_alphabetic()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(key)
}

/// Where the value of the key on `lines[start]` begins on each of its lines (the key line and
/// its continuation lines up to `end`), then a word in the middle line of those that have one,
/// nearest the middle of its value.
fn value_point(lines: &[&str], start: usize, end: usize) -> Option<(u32, u32)> {
    let mut candidates: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        let from = if i == start {
            line.find(':').unwrap() + 1
        } else {
            let indent = line.len() - line.trim_start().len();
            let rest = line[indent..].strip_prefix("- ").unwrap_or(&line[indent..]);
            let at = line.len() - rest.len();
            // a nested `key: value`: its value
            match top_level_key(rest) {
                Some(k) => at + k.len() + 1,
                None => at,
            }
        };
        let points = word_points(line, from);
        if !points.is_empty() {
            candidates.push((i, from, points));
        }
    }
    let (i, from, points) = candidates.get(candidates.len() / 2)?;
    let mid = (from + lines[*i].len()) / 2;
    let p = points.iter().min_by_key(|p| p.abs_diff(mid))?;
    Some((*i as u32, *p as u32))
}

/// A word in the middle of the body (after `head_lines`): the first prose line at or after the
/// middle line (not in a code block, not a heading, table, quote or import line).
fn body_point(lines: &[&str], head_lines: usize) -> Option<(u32, u32)> {
    let mut fence = vec![false; lines.len()];
    let mut inside = false;
    for (i, l) in lines.iter().enumerate().skip(head_lines) {
        let marker = l.trim_start().starts_with("```");
        fence[i] = inside || marker;
        if marker {
            inside = !inside;
        }
    }
    let n = lines.len().checked_sub(head_lines).filter(|&n| n > 0)?;
    let middle = head_lines + n / 2;
    (0..n)
        .map(|d| head_lines + (middle - head_lines + d) % n)
        .filter(|&i| {
            let t = lines[i].trim_start();
            !fence[i] && !t.starts_with(['#', '|', '>']) && !t.contains('@') && t.len() >= 20
        })
        .find_map(|i| {
            let mid = lines[i].len() / 2;
            let points = word_points(lines[i], 0);
            let p = points.into_iter().min_by_key(|p| p.abs_diff(mid))?;
            Some((i as u32, p as u32))
        })
}

/// The middles of the words of `line` from byte `from`: positions between two ASCII letters of
/// a word that is not a tag name, an escape, a variable, an import or a path segment. Only for
/// all-ASCII lines (where a byte offset is a UTF-16 column).
fn word_points(line: &str, from: usize) -> Vec<usize> {
    let b = line.as_bytes();
    if !line.is_ascii() {
        return Vec::new();
    }
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let letter = |p: usize| b[p].is_ascii_alphabetic();
    let mut out = Vec::new();
    let mut i = from;
    while i < b.len() {
        if !word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && word(b[i]) {
            i += 1;
        }
        let before = if start > 0 { b[start - 1] } else { b' ' };
        if matches!(
            before,
            b'<' | b'/' | b'\\' | b'$' | b'@' | b'{' | b'.' | b'%'
        ) {
            continue;
        }
        let mid = start + (i - start) / 2;
        let ok = |p: usize| p > start && p < i && letter(p - 1) && letter(p);
        if let Some(p) = (0..i - start)
            .flat_map(|d| [mid + d, mid.wrapping_sub(d)])
            .find(|&p| ok(p))
        {
            out.push(p);
        }
    }
    out
}

/// The value of `key: value` in the frontmatter.
pub fn key_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let head = &text[..head_len(text)?];
    head.lines().find_map(|l| {
        l.strip_prefix(key)
            .and_then(|r| r.strip_prefix(':'))
            .map(str::trim)
    })
}

/// The text with its frontmatter's `key:` line set to `key: value` (added after the opening
/// `---` when missing, or a frontmatter added when the text has none).
pub fn set_key(text: &str, key: &str, value: &str) -> String {
    let Some(head) = head_len(text) else {
        return format!("---\n{key}: {value}\n---\n{text}");
    };
    let mut out = String::with_capacity(text.len() + 32);
    let mut done = false;
    let mut at = 0;
    for line in text[..head].split_inclusive('\n') {
        if !done && line.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            out.push_str(&format!("{key}: {value}\n"));
            done = true;
        } else {
            out.push_str(line);
        }
        at += line.len();
    }
    if !done {
        out = format!("---\n{key}: {value}\n{}", &out[4..]);
    }
    out.push_str(&text[at..]);
    out
}

// ---------------------------------------------------------------------------------------------
// The corpus, and the big workspace made of it.

fn read_sorted(paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
    let mut paths: Vec<PathBuf> = paths.into_iter().collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn dir_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// Every corpus agent (seeds, voltagent, wshobson-agents), in path order.
pub fn corpus_agents() -> Vec<String> {
    let dir = Path::new(CORPUS);
    let mut out = Vec::new();
    for sub in ["seeds", "voltagent", "wshobson-agents"] {
        out.extend(read_sorted(dir_files(&dir.join(sub))));
    }
    out
}

/// Every plugin's `(skills/NAME/SKILL.md | commands/NAME.md)` of the corpus, in path order.
fn corpus_plugin_files(skills: bool) -> Vec<String> {
    let mut paths = Vec::new();
    for plugin in dir_files(&Path::new(CORPUS).join("wshobson-plugins")) {
        if skills {
            for skill in dir_files(&plugin.join("skills")) {
                paths.push(skill.join("SKILL.md"));
            }
        } else {
            paths.extend(
                dir_files(&plugin.join("commands"))
                    .into_iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "md")),
            );
        }
    }
    read_sorted(paths)
}

pub fn corpus_skills() -> Vec<String> {
    corpus_plugin_files(true)
}

pub fn corpus_commands() -> Vec<String> {
    corpus_plugin_files(false)
}

/// How many files of each kind the big workspace has.
#[derive(Clone, Copy)]
pub struct Scale {
    pub agents: usize,
    pub skills: usize,
    pub commands: usize,
    /// `pkg-N/CLAUDE.md`, each importing two or three files of `pkg-N/docs/`.
    pub packages: usize,
    /// Agents whose frontmatter lists `skills: [skill-00000]`.
    pub with_skill: usize,
}

impl Scale {
    pub const FULL: Scale = Scale {
        agents: 10_000,
        skills: 10_000,
        commands: 5_000,
        packages: 200,
        with_skill: 1_000,
    };
    pub const QUICK: Scale = Scale {
        agents: 1_000,
        skills: 1_000,
        commands: 500,
        packages: 20,
        with_skill: 100,
    };
}

/// The first agent that lists `skill-00000`, and where the name sits in it and in the skill.
pub struct BigWorkspace {
    pub skill: PathBuf,
    /// (line, character) inside the value of the skill's `name:`.
    pub skill_name_at: (u32, u32),
    pub agent: PathBuf,
    /// (line, character) inside `skill-00000` of the agent's `skills:` list.
    pub agent_skill_at: (u32, u32),
    /// Every file written.
    pub files: usize,
}

/// Writes the big workspace into `root`: corpus agents, skills and commands cycled, each with a
/// unique `name:` (`agent-NNNNN`, `skill-NNNNN` as its folder; commands keep theirs: a command's
/// name is its file name), one agent in `agents / with_skill` listing `skill-00000` under
/// `skills:`, the root CLAUDE.md of the editor workspace with its imports, and `pkg-N/CLAUDE.md`
/// files importing files of their own `docs/`.
pub fn big_workspace(root: &Path, scale: Scale) -> BigWorkspace {
    let mut files = 0;
    let mut write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        files += 1;
        p
    };
    let agents = corpus_agents();
    let stride = (scale.agents / scale.with_skill.max(1)).max(1);
    let mut agent = PathBuf::new();
    let mut agent_skill_at = (0, 0);
    let mut listed = 0;
    for i in 0..scale.agents {
        let name = format!("agent-{i:05}");
        let mut text = set_key(&agents[i % agents.len()], "name", &name);
        if i % stride == 0 && listed < scale.with_skill {
            let close = head_len(&text).unwrap() - "---\n".len();
            text.insert_str(close, "skills:\n  - skill-00000\n");
            listed += 1;
        }
        let p = write(&format!(".claude/agents/{name}.md"), &text);
        if i == 0 {
            let line = text.lines().position(|l| l == "  - skill-00000").unwrap();
            agent = p;
            agent_skill_at = (line as u32, 4 + 5);
        }
    }
    let skills = corpus_skills();
    let mut skill = PathBuf::new();
    let mut skill_name_at = (0, 0);
    for i in 0..scale.skills {
        let name = format!("skill-{i:05}");
        let text = set_key(&skills[i % skills.len()], "name", &name);
        let p = write(&format!(".claude/skills/{name}/SKILL.md"), &text);
        if i == 0 {
            let line = text.lines().position(|l| l.starts_with("name:")).unwrap();
            skill = p;
            skill_name_at = (line as u32, 6 + 5);
        }
    }
    let commands = corpus_commands();
    for i in 0..scale.commands {
        write(
            &format!(".claude/commands/cmd-{i:05}.md"),
            &commands[i % commands.len()],
        );
    }
    let (memory, imported) = memory(10 * 1024);
    write("CLAUDE.md", &memory);
    for (rel, text) in &imported {
        write(rel, text);
    }
    let prose = prose();
    for n in 0..scale.packages {
        let mut text = format!(
            "# pkg-{n}\n\n{}- The package's interface: @docs/api.md\n- Notes for changes: @docs/notes.md\n",
            prose[n % prose.len()]
        );
        write(
            &format!("pkg-{n}/docs/api.md"),
            &format!("# pkg-{n} API\n\n{}", prose[(n + 1) % prose.len()]),
        );
        write(
            &format!("pkg-{n}/docs/notes.md"),
            &format!("# pkg-{n} notes\n\n{}", prose[(n + 2) % prose.len()]),
        );
        if n % 2 == 0 {
            text.push_str("- Deeper design notes: @docs/design/more.md\n");
            write(
                &format!("pkg-{n}/docs/design/more.md"),
                &format!("# pkg-{n} design\n\n{}", prose[(n + 3) % prose.len()]),
            );
        }
        write(&format!("pkg-{n}/CLAUDE.md"), &text);
    }
    BigWorkspace {
        skill,
        skill_name_at,
        agent,
        agent_skill_at,
        files,
    }
}
