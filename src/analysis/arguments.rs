//! What a slash command's or skill's argument placeholders become when it runs, as Claude Code
//! 2.1.330 substitutes them (observed with `oracle-kinds.py --scenario`: the `cmd-placeholders*`,
//! `cmd-named-args-*`, `cmd-no-placeholder*` and `skill-args` scenarios of
//! `tests/fixtures/fidelity-kinds/`):
//! - the arguments are what follows `/name`, split like a shell line (`"a b"` and `'c d'` are one
//!   argument each, without their quotes);
//! - `$ARGUMENTS` is everything typed after the name, as typed (quotes kept; empty without any);
//! - `$N` and `$ARGUMENTS[N]` are argument N **counting from 0**; past the last argument they stay
//!   as written;
//! - `$name` is the argument declared at that position in `arguments`; past the last argument it
//!   becomes empty; a longer identifier (`$filename` for `file`) and `${name}` stay as written;
//! - `\$` keeps the placeholder as text without its backslash (`\$1` gives `$1`);
//! - the substitution is plain text: inside code blocks and code spans too;
//! - a body without any placeholder gets `\n\nARGUMENTS: <as typed>` appended when arguments
//!   were given (after the body's own last line break).
//!
//! Pure functions of the body and the arguments: the hover on a placeholder, the diagnostics
//! about numbering and code, and `agent-ls preview` all read them.

use crate::syntax::refs::{Placeholder, PlaceholderKind};

/// How a user calls the file: `skills:tmpl` for `.claude/commands/skills/tmpl.md`, the folder's
/// name for a skill; `name` when the path is unknown.
pub fn invoked_as(kind: crate::catalog::Kind, path: Option<&std::path::Path>) -> String {
    let Some(path) = path else {
        return "name".into();
    };
    if kind == crate::catalog::Kind::Command
        && let Some(n) = crate::analysis::project::command_name(path)
    {
        return n;
    }
    path.parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .unwrap_or_else(|| "name".into())
}

/// The argument names `arguments` declares, as Claude Code reads them: a list's strings, or a
/// string's words.
pub fn declared(header: &crate::syntax::Header) -> Vec<String> {
    use crate::syntax::load::Node;
    match header.metadata().and_then(|r| r.get("arguments")) {
        Some(Node::Str(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(Node::Seq(items)) => items
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The arguments as Claude Code splits them: white space separates, single and double quotes
/// group (and are removed).
pub fn split(typed: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in typed.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// What the placeholder `p` becomes for the arguments typed as `typed`, or `None` when Claude
/// Code leaves it as written.
pub fn value_of(p: &PlaceholderKind, declared: &[String], typed: &str) -> Option<String> {
    let args = split(typed);
    match p {
        PlaceholderKind::Arguments => Some(typed.trim().to_string()),
        PlaceholderKind::Indexed(n) | PlaceholderKind::Positional(n) => args.get(*n).cloned(),
        PlaceholderKind::Named(name) => {
            let i = declared.iter().position(|d| d == name)?;
            Some(args.get(i).cloned().unwrap_or_default())
        }
    }
}

/// The body as Claude Code sends it for `/name typed`: every placeholder of `placeholders`
/// (spans relative to `base`, the body's offset in its document) substituted, `\$` escapes
/// removed, and the arguments appended when the body has no placeholder.
pub fn expand(
    body: &str,
    base: usize,
    placeholders: &[Placeholder],
    declared: &[String],
    typed: &str,
) -> String {
    let typed = typed.trim();
    let mut out = String::with_capacity(body.len() + typed.len());
    let mut at = 0;
    let mut substituted = false;
    for p in placeholders {
        let (Some(start), Some(end)) =
            (p.span.start.checked_sub(base), p.span.end.checked_sub(base))
        else {
            continue;
        };
        if start < at || end > body.len() {
            continue;
        }
        let named_undeclared =
            matches!(&p.kind, PlaceholderKind::Named(n) if !declared.contains(n));
        if named_undeclared {
            continue;
        }
        substituted = true;
        if let Some(v) = value_of(&p.kind, declared, typed) {
            out.push_str(&unescape(&body[at..start]));
            out.push_str(&v);
            at = end;
        }
    }
    out.push_str(&unescape(&body[at..]));
    if !substituted && !typed.is_empty() {
        out.push_str("\n\nARGUMENTS: ");
        out.push_str(typed);
    }
    out
}

/// The prompt Claude Code 2.1.330 sends when the skill or command in `text` (at `path`) is used
/// as `/name typed`: the body with its placeholders substituted; a skill's body after the line
/// `Base directory for this skill: DIR` and a blank line, with `${CLAUDE_SKILL_DIR}` as DIR. The
/// `!` shell lines and `@file` references stay as written (Claude Code runs and reads them when
/// the file is used). `None` for the kinds whose body is not expanded.
pub fn prompt(
    kind: crate::catalog::Kind,
    path: Option<&std::path::Path>,
    text: &str,
    typed: &str,
) -> Option<String> {
    if !kind.spec().expands_body {
        return None;
    }
    let header = crate::syntax::Header::parse(text);
    let start = header.frontmatter().map(|fm| fm.body_start).unwrap_or(0);
    let body = text.get(start..).unwrap_or("");
    let found = crate::syntax::refs::scan(body, 0);
    let mut out = expand(body, 0, &found.placeholders, &declared(&header), typed);
    if kind == crate::catalog::Kind::Skill {
        let dir = path
            .and_then(std::path::Path::parent)
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| ".".into());
        out = format!(
            "Base directory for this skill: {dir}\n\n{}",
            out.replace("${CLAUDE_SKILL_DIR}", &dir)
        );
    }
    Some(out)
}

/// `\$` as `$` (Claude Code's escape of a placeholder).
fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains("\\$") {
        std::borrow::Cow::Owned(s.replace("\\$", "$"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The arguments `argument-hint` names: its `<x>` and `[x]` groups, else its words.
pub fn hinted(hint: &str) -> usize {
    let groups = hint.matches(['<', '[']).count();
    if groups > 0 {
        groups
    } else {
        hint.split_whitespace().count()
    }
}

/// "first", "second", ... for argument `n` (counting from 0).
pub fn ordinal(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    match WORDS.get(n) {
        Some(w) => (*w).to_string(),
        None => format!("{}th", n + 1),
    }
}

/// The hover of a placeholder in the body of the skill or command invoked as `/invoked`.
pub fn hover(p: &Placeholder, declared: &[String], invoked: &str, version: &str) -> String {
    let sample = "A B";
    let shown = |v: Option<String>, written: &str| match v {
        Some(v) if v.is_empty() => "an empty string".to_string(),
        Some(v) => format!("`{v}`"),
        None => format!("`{written}`, left as written"),
    };
    let mut md = match &p.kind {
        PlaceholderKind::Arguments => format!(
            "**`$ARGUMENTS`** · every argument, as typed\n\n`/{invoked} {sample}` puts {} here; `/{invoked}` alone, an empty string.",
            shown(value_of(&p.kind, declared, sample), "$ARGUMENTS")
        ),
        PlaceholderKind::Indexed(n) | PlaceholderKind::Positional(n) => {
            let written = match &p.kind {
                PlaceholderKind::Indexed(_) => format!("$ARGUMENTS[{n}]"),
                _ => format!("${n}"),
            };
            format!(
                "**`{written}`** · the {} argument (Claude Code {version} counts from `$0`)\n\n`/{invoked} {sample}` puts {} here; with fewer than {} argument{} it stays `{written}`.",
                ordinal(*n),
                shown(value_of(&p.kind, declared, sample), &written),
                n + 1,
                if *n == 0 { "" } else { "s" }
            )
        }
        PlaceholderKind::Named(name) => match declared.iter().position(|d| d == name) {
            Some(i) => format!(
                "**`${name}`** · the {} argument (`arguments` names it)\n\n`/{invoked} {sample}` puts {} here; with fewer arguments, an empty string.",
                ordinal(i),
                shown(value_of(&p.kind, declared, sample), &format!("${name}"))
            ),
            None => format!(
                "**`${name}`** · not an argument\n\n`arguments` does not name `{name}`: Claude Code leaves `${name}` as written (a shell variable, say)."
            ),
        },
    };
    if p.in_code {
        md.push_str(&format!(
            "\n\nInside code too: Claude Code {version} replaces placeholders in code blocks and code spans. Write `\\${}` to keep the text as it is.",
            &placeholder_text(&p.kind)[1..]
        ));
    }
    md
}

/// The placeholder as written (`$1`, `$ARGUMENTS[2]`, `$name`).
pub fn placeholder_text(k: &PlaceholderKind) -> String {
    match k {
        PlaceholderKind::Arguments => "$ARGUMENTS".into(),
        PlaceholderKind::Indexed(n) => format!("$ARGUMENTS[{n}]"),
        PlaceholderKind::Positional(n) => format!("${n}"),
        PlaceholderKind::Named(n) => format!("${n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::refs;

    fn run(body: &str, declared: &[&str], typed: &str) -> String {
        let declared: Vec<String> = declared.iter().map(|s| s.to_string()).collect();
        let found = refs::scan(body, 0);
        expand(body, 0, &found.placeholders, &declared, typed)
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(split(r#""a b" 'c d' e"#), ["a b", "c d", "e"]);
        assert_eq!(split("  one   two "), ["one", "two"]);
        assert_eq!(split(r#"x "" y"#), ["x", "", "y"]);
        assert!(split("").is_empty());
    }

    /// The bodies and prompts of the recorded scenarios, and what Claude Code 2.1.330 sent
    /// (`ORACLE.json`'s `user_texts`; `tests/fidelity_kinds.rs` checks them against the
    /// recording itself).
    #[test]
    fn as_the_scenarios_recorded() {
        let body = "A=[$ARGUMENTS] A0=[$ARGUMENTS[0]] A1=[$ARGUMENTS[1]] A5=[$ARGUMENTS[5]] D0=[$0] D1=[$1] D2=[$2] D9=[$9] ESC=[\\$1] BR=[${1}]\n";
        assert_eq!(
            run(body, &[], "one two three"),
            "A=[one two three] A0=[one] A1=[two] A5=[$ARGUMENTS[5]] D0=[one] D1=[two] D2=[three] D9=[$9] ESC=[$1] BR=[${1}]\n"
        );
        assert_eq!(
            run(body, &[], "\"a b\" 'c d' e"),
            "A=[\"a b\" 'c d' e] A0=[a b] A1=[c d] A5=[$ARGUMENTS[5]] D0=[a b] D1=[c d] D2=[e] D9=[$9] ESC=[$1] BR=[${1}]\n"
        );
        assert_eq!(
            run(body, &[], ""),
            "A=[] A0=[$ARGUMENTS[0]] A1=[$ARGUMENTS[1]] A5=[$ARGUMENTS[5]] D0=[$0] D1=[$1] D2=[$2] D9=[$9] ESC=[$1] BR=[${1}]\n"
        );
        assert_eq!(
            run("Just do it.\n", &[], "one two"),
            "Just do it.\n\n\nARGUMENTS: one two"
        );
        assert_eq!(
            run(
                "F=[$file] M=[$mode] BR=[${file}] LONGER=[$filename] IDX=[$ARGUMENTS[0]] D0=[$0] ALL=[$ARGUMENTS]\n",
                &["file", "mode"],
                "one two three"
            ),
            "F=[one] M=[two] BR=[${file}] LONGER=[$filename] IDX=[one] D0=[one] ALL=[one two three]\n"
        );
        assert_eq!(
            run("F=[$file] M=[$mode]\n", &["file", "mode"], "one"),
            "F=[one] M=[]\n"
        );
        // names-* and args-* cases of FACTS.md ("Exact rules, added 2026-12-07")
        assert_eq!(
            run(
                "$$1 $01 $10 $1abc ${1} $first[0] ${first} $firstx $arguments",
                &["first"],
                "alpha beta"
            ),
            "$beta beta $10 $1abc ${1} $first[0] ${first} $firstx $arguments"
        );
    }

    /// `skill-args`: a skill gets the same substitution, after its base directory.
    #[test]
    fn a_skill_prompt_starts_with_its_folder() {
        let text = "---\ndescription: skill placeholders\narguments: [first]\n---\nF=[$first] D0=[$0] D1=[$1] A=[$ARGUMENTS] DIR=[${CLAUDE_SKILL_DIR}]\n";
        let path = std::path::Path::new("/p/.claude/skills/sargs/SKILL.md");
        assert_eq!(
            prompt(crate::catalog::Kind::Skill, Some(path), text, "one two").as_deref(),
            Some(
                "Base directory for this skill: /p/.claude/skills/sargs\n\nF=[one] D0=[one] D1=[two] A=[one two] DIR=[/p/.claude/skills/sargs]\n"
            )
        );
        assert_eq!(
            prompt(crate::catalog::Kind::Agent, Some(path), text, ""),
            None
        );
    }

    #[test]
    fn hints_count_their_groups() {
        assert_eq!(hinted("<branch> <message>"), 2);
        assert_eq!(hinted("[file] [mode]"), 2);
        assert_eq!(hinted("issue-number"), 1);
        assert_eq!(hinted(""), 0);
    }
}
