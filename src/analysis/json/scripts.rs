//! The script a command hook (or the status line) runs: found in the command's first words,
//! resolved as the shell will (`$CLAUDE_PROJECT_DIR`, `${CLAUDE_PLUGIN_ROOT}`, `~`, a path
//! relative to the project), and asked of the disk through [`super::Env`]. Claude Code loads a
//! hook whose script is missing and runs it each time it fires: the shell fails with status 127
//! (json-oracle `settings/hook-script-missing`), or 126 for a script that is not executable.

use std::path::{Path, PathBuf};

use super::{Checker, Env};
use crate::analysis::Diagnostic;
use crate::catalog::{Code, Kind};
use crate::syntax::Span;
use crate::syntax::json::{self, JNode, JValue};

/// Programs that run a script named after them (`bash x.sh`, `python3 x.py`).
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "python", "python3", "node", "ruby", "perl", "bun", "deno", "tsx",
    "uv", "pwsh",
];
/// Options of those programs after which no script file follows (inline code, a module).
const INLINE: &[&str] = &["-c", "-e", "-m", "-p", "--eval", "-Command", "-command"];

/// The script of a command: where its word sits in the command (bytes), the word without its
/// quotes, and whether the command runs it directly (so it must be executable).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ScriptWord {
    pub start: usize,
    pub end: usize,
    pub word: String,
    pub direct: bool,
}

/// The words of a command up to its first operator: their byte ranges and their text without
/// quotes.
fn words(command: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let mut quote: Option<char> = None;
    for (i, c) in command.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.get_or_insert((i, String::new())).1.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                cur.get_or_insert((i, String::new()));
            }
            None if c.is_whitespace() => {
                if let Some((s, w)) = cur.take() {
                    out.push((s, i, w));
                }
            }
            None if matches!(c, ';' | '|' | '&' | '<' | '>' | '(' | ')' | '`') => {
                if let Some((s, w)) = cur.take() {
                    out.push((s, i, w));
                }
                return out;
            }
            None => cur.get_or_insert((i, String::new())).1.push(c),
        }
    }
    if let Some((s, w)) = cur.take() {
        out.push((s, command.len(), w));
    }
    out
}

/// Folders a package manager fills on install: a script there is missing on a machine that has
/// not installed yet (a CI runner before `npm ci`), which says nothing of the user's.
const INSTALLED: &[&str] = &["node_modules", ".venv", "venv", "vendor", "target", ".bin"];

/// Does `word` name a file (rather than a program found on `PATH`), outside what an install
/// fills?
fn names_a_file(word: &str, interpreted: bool) -> bool {
    if word.split('/').any(|part| INSTALLED.contains(&part)) {
        return false;
    }
    word.contains('/')
        || (interpreted
            && Path::new(word)
                .extension()
                .is_some_and(|e| e.len() <= 4 && !word.starts_with('-')))
}

/// The script `command` runs, if it names one.
pub(super) fn script_word(command: &str) -> Option<ScriptWord> {
    let all = words(command);
    let mut it = all
        .into_iter()
        .skip_while(|(_, _, w)| {
            w == "env"
                || w.split_once('=').is_some_and(|(name, _)| {
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                })
        })
        .peekable();
    let (s, e, first) = it.next()?;
    let program = first.rsplit('/').next().unwrap_or(&first);
    if !INTERPRETERS.contains(&program) {
        return names_a_file(&first, false).then_some(ScriptWord {
            start: s,
            end: e,
            word: first,
            direct: true,
        });
    }
    for (s, e, w) in it {
        if INLINE.contains(&w.as_str()) {
            return None;
        }
        if w.starts_with('-') || (w == "run" && matches!(program, "uv" | "bun" | "deno")) {
            continue;
        }
        return names_a_file(&w, true).then_some(ScriptWord {
            start: s,
            end: e,
            word: w,
            direct: false,
        });
    }
    None
}

/// The folders a command of a file of `kind` at `path` runs against: the project (where a
/// relative path starts and `$CLAUDE_PROJECT_DIR` points) and the plugin's root.
fn dirs(kind: Kind, path: &Path, home: Option<&Path>) -> (Option<PathBuf>, Option<PathBuf>) {
    let parent = |p: &Path| p.parent().map(Path::to_path_buf);
    match kind {
        Kind::Settings => {
            // `X/.claude/settings.json`: the project is X, unless X is the home folder (the
            // user's settings run in whatever project is open)
            let project = path
                .parent()
                .filter(|d| d.file_name().is_some_and(|n| n == ".claude"))
                .and_then(Path::parent)
                .filter(|p| home != Some(*p))
                .map(Path::to_path_buf);
            (project, None)
        }
        Kind::PluginHooks => (None, path.parent().and_then(parent)),
        Kind::PluginManifest => (None, path.parent().and_then(parent)),
        _ => (None, None),
    }
}

/// `word` with the variables Claude Code sets replaced, as a path; `None` when it depends on
/// anything else.
fn resolve(
    word: &str,
    project: Option<&Path>,
    plugin: Option<&Path>,
    home: Option<&Path>,
) -> Option<PathBuf> {
    let vars: [(&str, Option<&Path>); 3] = [
        ("CLAUDE_PROJECT_DIR", project),
        ("CLAUDE_PLUGIN_ROOT", plugin),
        ("HOME", home),
    ];
    let mut out = String::new();
    let mut rest = word;
    if let Some(r) = rest.strip_prefix("~/") {
        out.push_str(home?.to_str()?);
        out.push('/');
        rest = r;
    }
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, tail) = match after.strip_prefix('{') {
            Some(b) => {
                let end = b.find('}')?;
                (&b[..end], &b[end + 1..])
            }
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        let (_, value) = vars.iter().find(|(n, _)| *n == name)?;
        out.push_str(value.as_ref()?.to_str()?);
        rest = tail;
    }
    out.push_str(rest);
    let p = PathBuf::from(&out);
    if p.is_absolute() {
        Some(p)
    } else {
        Some(project?.join(p))
    }
}

/// The file a command of a file of `kind` at `path` runs, resolved, with its word.
fn target(kind: Kind, command: &str, env: &Env<'_>) -> Option<(ScriptWord, PathBuf)> {
    let path = env.path?;
    let (project, plugin) = dirs(kind, path, env.project.and_then(|p| p.home.as_deref()));
    // a project's shared settings name the home folder of whoever runs it: on another machine
    // (a CI runner) a script there says nothing about the user's, so it is not looked for
    let shared = kind == Kind::Settings
        && project.is_some()
        && path.file_name().is_some_and(|n| n == "settings.json");
    let home = env
        .project
        .and_then(|p| p.home.as_deref())
        .filter(|_| !shared);
    let w = script_word(command)?;
    let resolved = resolve(&w.word, project.as_deref(), plugin.as_deref(), home)?;
    Some((w, resolved))
}

/// The byte in `text` (the JSON source of a string, quotes included) where the character at
/// byte `at` of its value is written.
fn raw_offset(source: &str, at: usize) -> usize {
    let mut value_len = 0;
    let mut chars = source.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if value_len >= at || c == '"' {
            return i;
        }
        if c == '\\' {
            match chars.next() {
                Some((_, 'u')) => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    value_len += u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map_or(3, char::len_utf8);
                }
                Some(_) => value_len += 1,
                None => return source.len(),
            }
        } else {
            value_len += c.len_utf8();
        }
    }
    source.len()
}

impl Checker<'_> {
    /// The script of a `command` value (a command hook, the status line).
    pub(super) fn script(&mut self, node: &JNode, what: &str) {
        let (Some(command), Some(exists)) = (node.as_str(), self.env.exists) else {
            return;
        };
        let Some((w, path)) = target(self.kind, command, &self.env) else {
            return;
        };
        let source = self
            .text
            .get(node.span.start..node.span.end)
            .unwrap_or_default();
        let span = Span::new(
            node.span.start + raw_offset(source, w.start),
            node.span.start + raw_offset(source, w.end),
        );
        let shown = path.display();
        if !exists(&path) {
            self.out.push(Diagnostic::new(
                Code::HookScriptMissing,
                span,
                format!(
                    "`{}` does not exist (`{shown}`): Claude Code {} loads {what}, and each time it runs the shell fails (status 127, `not found`), so it does nothing",
                    w.word, self.version
                ),
            ));
        } else if w.direct && self.env.executable.is_some_and(|x| !x(&path)) {
            self.out.push(Diagnostic::new(
                Code::HookScriptNotExecutable,
                span,
                format!(
                    "`{}` is not executable: each time {what} runs, the shell refuses it (status 126, `Permission denied`); make it executable (`chmod +x`) or run it through its interpreter (`bash {}`)",
                    w.word, w.word
                ),
            ));
        }
    }
}

/// Go to definition in a JSON configuration file: from a `command` to the script it runs.
pub fn definition(kind: Kind, text: &str, offset: usize, env: Env<'_>) -> Option<PathBuf> {
    let root = json::parse(text).root?;
    let node = command_at(&root, offset, 0)?;
    let (_, path) = target(kind, node.as_str()?, &env)?;
    env.exists.is_none_or(|e| e(&path)).then_some(path)
}

/// The string value of a `command` key that holds `offset` (hooks sit a few levels deep; a
/// hostile file may nest thousands).
fn command_at(node: &JNode, offset: usize, depth: usize) -> Option<&JNode> {
    if depth > 16 || !(node.span.start <= offset && offset <= node.span.end) {
        return None;
    }
    match &node.value {
        JValue::Object(props) => props.iter().find_map(|p| {
            if p.key == "command" && matches!(p.value.value, JValue::Str(_)) {
                (p.value.span.start <= offset && offset <= p.value.span.end).then_some(&p.value)
            } else {
                command_at(&p.value, offset, depth + 1)
            }
        }),
        JValue::Array(items) => items.iter().find_map(|i| command_at(i, offset, depth + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(c: &str) -> Option<(String, bool)> {
        script_word(c).map(|w| {
            assert_eq!(&c[w.start..w.end].replace(['"', '\''], ""), &w.word);
            (w.word, w.direct)
        })
    }

    #[test]
    fn the_script_of_a_command() {
        let s = |w: &str, d| Some((w.to_string(), d));
        assert_eq!(
            word("\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/a.sh --x"),
            s("$CLAUDE_PROJECT_DIR/.claude/hooks/a.sh", true)
        );
        assert_eq!(word("./run.sh"), s("./run.sh", true));
        assert_eq!(
            word("bash .claude/hooks/b.sh"),
            s(".claude/hooks/b.sh", false)
        );
        assert_eq!(word("python3 -u hook.py arg"), s("hook.py", false));
        assert_eq!(word("FOO=1 env ./x.sh"), s("./x.sh", true));
        assert_eq!(word("uv run scripts/x.py"), s("scripts/x.py", false));
        assert_eq!(word("bash -c 'echo hi'"), None);
        assert_eq!(word("npx prettier --write ."), None);
        assert_eq!(word("jq -r .x"), None);
        assert_eq!(word("echo hi > /tmp/x"), None);
        assert_eq!(word("node_modules/.bin/eslint --fix"), None);
        assert_eq!(word("python3 .venv/bin/hook.py"), None);
        assert_eq!(word("cd \"$CLAUDE_PROJECT_DIR\" && ./x.sh"), None);
    }

    #[test]
    fn paths_resolve_as_the_shell_resolves_them() {
        let p = Path::new("/p");
        let r = |w: &str| resolve(w, Some(p), Some(Path::new("/plug")), Some(Path::new("/h")));
        assert_eq!(r("$CLAUDE_PROJECT_DIR/a.sh"), Some("/p/a.sh".into()));
        assert_eq!(
            r("${CLAUDE_PLUGIN_ROOT}/s/a.sh"),
            Some("/plug/s/a.sh".into())
        );
        assert_eq!(r("~/x.sh"), Some("/h/x.sh".into()));
        assert_eq!(
            r(".claude/hooks/x.sh"),
            Some("/p/.claude/hooks/x.sh".into())
        );
        assert_eq!(r("$OTHER/x.sh"), None);
        assert_eq!(resolve("rel/x.sh", None, None, None), None);
    }

    #[test]
    fn offsets_in_the_value_map_to_the_source() {
        let src = r#""\"$D\"/a.sh""#;
        // value: "$D"/a.sh ; the `$` is value byte 1, written at source byte 3
        assert_eq!(raw_offset(src, 1), 3);
        assert_eq!(raw_offset(src, 0), 1);
        assert_eq!(raw_offset(src, 9), src.len() - 1);
    }
}
