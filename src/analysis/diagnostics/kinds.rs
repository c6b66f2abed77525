//! What is particular to a kind beyond its keys: for skills, the identity Claude Code gives them
//! (the folder) and the limits of the Agent Skills standard, which every other tool that reads
//! `SKILL.md` enforces (agentskills.io: `name` 1 to 64 lowercase letters, digits and single
//! hyphens, equal to the folder; `description` 1 to 1,024 characters; `compatibility` at most 500;
//! `metadata` strings only). Claude Code loads a skill that breaks them, so they are warnings.

use std::path::Path;

use crate::catalog::{Code, Kind, KindSpec};
use crate::syntax::frontmatter::Frontmatter;
use crate::syntax::load::Node;
use crate::syntax::{Header, Span};

use super::{Context, Diagnostic, Fix};

/// The standard's limits (characters).
const NAME_MAX: usize = 64;
const DESCRIPTION_MAX: usize = 1024;
const COMPATIBILITY_MAX: usize = 500;

pub(super) fn check(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    not_loaded(header, cx, out);
    super::names::check(header, cx, out);
    let spec = cx.kind.spec();
    let root = header.metadata();
    if let (Some(fm), Some(root)) = (header.frontmatter(), root) {
        if let Some(limit) = spec.listing_chars {
            listing(fm, root, limit, out);
        }
        if spec.lenient_booleans && spec.expands_body {
            never_invoked(fm, root, spec, out);
        }
    }
    if !spec.standard {
        return;
    }
    standard(header, cx, out);
}

/// Where Claude Code (2.1.330) never looks: a skill other than `skills/NAME/SKILL.md` exactly,
/// a file of another kind whose extension is not `.md` exactly.
fn not_loaded(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(path) = cx.path else {
        return;
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let why = if cx.kind == Kind::Skill {
        let grandparent = path
            .parent()
            .and_then(Path::parent)
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str());
        if name != "SKILL.md" {
            Some(format!(
                "a skill's file must be named `SKILL.md` exactly; Claude Code ignores `{name}`"
            ))
        } else if grandparent != Some("skills") {
            Some(
                "skills are one folder below `skills/` (`skills/NAME/SKILL.md`); Claude Code ignores a `SKILL.md` nested deeper"
                    .to_string(),
            )
        } else {
            None
        }
    } else if !name.ends_with(".md") && !name.eq_ignore_ascii_case("SKILL.md") {
        Some(format!(
            "Claude Code reads only files ending in `.md` (lowercase) and ignores `{name}`"
        ))
    } else {
        None
    };
    if let Some(why) = why {
        out.push(Diagnostic::new(
            Code::FileNotLoaded,
            Span::new(0, header.first_line_end),
            format!(
                "Claude Code {} never loads this {}: {why}",
                crate::catalog::get().verified_with,
                cx.kind.spec().noun
            ),
        ));
    }
}

/// `description - when_to_use` longer than the model is shown.
fn listing(fm: &Frontmatter, root: &Node, limit: usize, out: &mut Vec<Diagnostic>) {
    let text = |k: &str| match root.get(k) {
        Some(Node::Str(s)) => listing_units(s),
        _ => 0,
    };
    let (d, w) = (text("description"), text("when_to_use"));
    let total = d + w + if d > 0 && w > 0 { 3 } else { 0 };
    if total <= limit {
        return;
    }
    let key = if d > limit || w == 0 {
        "description"
    } else {
        "when_to_use"
    };
    let Some(e) = fm.entry(key) else {
        return;
    };
    out.push(Diagnostic::new(
        Code::DescriptionTruncated,
        e.value.span,
        format!(
            "Claude Code {} shows the model only the first {limit} characters of `description - when_to_use` (this has {total}, counted as it counts them: in UTF-16 units, with `<` and `>` written `&lt;` and `&gt;`): the rest is cut off, so Claude decides when to use it without it; keep the part that says when to use it first and short",
            crate::catalog::get().verified_with
        ),
    ));
}

/// The length Claude Code 2.1.330 measures against the listing's cap (fidelity-kinds
/// `description-cap-*`): UTF-16 units of the text after it writes `<` and `>` as `&lt;` and
/// `&gt;` and each run of hidden or control characters (line breaks, tabs, zero-width ones) as
/// one space.
pub(super) fn listing_units(s: &str) -> usize {
    let b = s.as_bytes();
    // the common case, no hidden character (no ASCII control, none of the hidden characters
    // led by 0xC2, 0xE2 or 0xEF): UTF-16 units counted from the bytes (a char per leading
    // byte, two for a 4-byte one), 3 more for each `<` and `>`
    let hidden_at = |i: usize| {
        matches!(
            (b[i], b.get(i + 1), b.get(i + 2)),
            (0xC2, Some(0x80..=0x9F), _)
                | (0xE2, Some(0x80), Some(0x8B..=0x8F | 0xA8 | 0xA9))
                | (0xE2, Some(0x81), Some(0xA0..=0xA4))
                | (0xEF, Some(0xBB), Some(0xBF))
        )
    };
    let clean = !b.iter().any(|&c| c < 0x20 || c == 0x7f)
        && !memchr::memchr3_iter(0xC2, 0xE2, 0xEF, b).any(hidden_at);
    if clean {
        return s.chars().count()
            + b.iter().filter(|&&c| c >= 0xF0).count()
            + 3 * memchr::memchr2_iter(b'<', b'>', b).count();
    }
    let mut n = 0;
    let mut in_run = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (hidden, units, len) = if c < 0x80 {
            (
                c < 0x20 || c == 0x7f,
                if c == b'<' || c == b'>' { 4 } else { 1 },
                1,
            )
        } else if hidden_at(i) {
            (true, 0, if c == 0xC2 { 2 } else { 3 })
        } else {
            let len = match c {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            (false, if len == 4 { 2 } else { 1 }, len)
        };
        i += len;
        if hidden {
            if !in_run {
                n += 1;
            }
            in_run = true;
        } else {
            in_run = false;
            n += units;
        }
    }
    n
}

/// Hidden from Claude and from users at once.
fn never_invoked(fm: &Frontmatter, root: &Node, spec: &KindSpec, out: &mut Vec<Diagnostic>) {
    let cat = crate::catalog::get();
    let is_true = |k: &str| match root.get(k) {
        Some(Node::Bool(b)) => *b,
        Some(Node::Int(n)) => *n == 1,
        Some(Node::Str(s)) => cat.is_true_word(s),
        _ => false,
    };
    let is_false = |k: &str| root.get(k).is_some() && !is_true(k);
    if !(is_true("disable-model-invocation") && is_false("user-invocable")) {
        return;
    }
    let Some(e) = fm.entry("user-invocable") else {
        return;
    };
    out.push(
        Diagnostic::new(
            Code::NeverInvoked,
            e.value.span,
            format!(
                "with `disable-model-invocation` too, nothing can run this {}: Claude Code hides it from Claude, and refuses `/name` from users (\"can only be invoked by Claude, not directly by users\"); drop one of the two keys",
                spec.noun
            ),
        )
        .with_related(
            fm.entry("disable-model-invocation")
                .map(|d| d.value.span)
                .unwrap_or(e.key_span),
            "Claude may not use it on its own",
        ),
    );
}

/// The Agent Skills standard's limits and the skill's identity.
fn standard(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let folder = cx
        .path
        .and_then(|p| p.parent())
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    let Some(fm) = header.frontmatter() else {
        out.push(Diagnostic::new(
            Code::SkillStandard,
            Span::new(0, header.first_line_end),
            "no frontmatter: Claude Code loads the skill under its folder's name, but the Agent Skills standard requires a frontmatter with `name` and `description`, so other tools skip it",
        ));
        return;
    };
    let Some(root) = header.metadata() else {
        return;
    };
    name(fm, root, folder, out);
    let description = fm.entry("description");
    match root.get("description") {
        Some(Node::Str(d)) if !d.trim().is_empty() => {
            let n = d.chars().count();
            if n > DESCRIPTION_MAX {
                out.push(Diagnostic::new(
                    Code::SkillStandard,
                    description.map(|e| e.value.span).unwrap_or(fm.open),
                    format!(
                        "the description has {n} characters: the Agent Skills standard allows at most {DESCRIPTION_MAX}, so other tools reject the skill; keep what decides when to use it and move the rest into the body"
                    ),
                ));
            }
        }
        Some(Node::Str(_)) | Some(Node::Null) | None => out.push(Diagnostic::new(
            Code::SkillStandard,
            description.map(|e| e.key_span).unwrap_or(fm.open),
            "no `description`: Claude Code falls back to the first paragraph of the body, but the Agent Skills standard requires one (1 to 1,024 characters) and Claude decides when to use the skill from it; say what the skill does and when to use it",
        )),
        // a description that is not a string is `invalid-type` (keys.rs)
        Some(_) => {}
    }
    if let Some(Node::Str(c)) = root.get("compatibility") {
        let n = c.chars().count();
        if n > COMPATIBILITY_MAX {
            out.push(Diagnostic::new(
                Code::SkillStandard,
                fm.entry("compatibility")
                    .map(|e| e.value.span)
                    .unwrap_or(fm.open),
                format!(
                    "`compatibility` has {n} characters: the Agent Skills standard allows at most {COMPATIBILITY_MAX}"
                ),
            ));
        }
    }
    if let Some(Node::Map(m)) = root.get("metadata")
        && let Some((k, v)) = m.iter().find(|(_, v)| !matches!(v, Node::Str(_)))
    {
        out.push(Diagnostic::new(
            Code::SkillStandard,
            fm.entry("metadata").map(|e| e.value.span).unwrap_or(fm.open),
            format!(
                "`metadata.{k}` is {}: the Agent Skills standard allows only string values (quote it)",
                v.describe()
            ),
        ));
    }
}

fn name(fm: &Frontmatter, root: &Node, folder: Option<&str>, out: &mut Vec<Diagnostic>) {
    let e = fm.entry("name");
    let Some(Node::Str(name)) = root.get("name") else {
        // a `name` that is not a string is `invalid-type` (keys.rs)
        if root.get("name").is_none_or(|n| matches!(n, Node::Null)) {
            let mut d = Diagnostic::new(
                Code::SkillStandard,
                e.map(|e| e.key_span).unwrap_or(fm.open),
                format!(
                    "no `name`: Claude Code names the skill after its folder{}, but the Agent Skills standard requires `name`",
                    folder.map(|f| format!(" (`{f}`)")).unwrap_or_default()
                ),
            );
            if let (None, Some(f)) = (e, folder.filter(|f| standard_name(f).is_none())) {
                let nl = if fm.crlf { "\r\n" } else { "\n" };
                d = d.with_fix(Fix {
                    title: format!("Add `name: {f}`"),
                    edits: vec![(
                        Span::new(fm.content.start, fm.content.start),
                        format!("name: {f}{nl}"),
                    )],
                    rename_file: None,
                    safe: true,
                    preferred: true,
                });
            }
            out.push(d);
        }
        return;
    };
    let span = e.map(|e| e.value.span).unwrap_or(fm.open);
    if let Some(problem) = standard_name(name) {
        out.push(Diagnostic::new(
            Code::SkillStandard,
            span,
            format!(
                "`{name}` is not a valid skill name under the Agent Skills standard ({problem}); Claude Code loads it, other tools reject the skill"
            ),
        ));
    }
    if let Some(f) = folder
        && f != name
    {
        // Claude Code 2.1.330 shows the alias only for a name it would offer, of letters, marks,
        // digits, `_`, `:`, `.` and `-` (FACTS.md, names-skill-name-key)
        let shown = super::names::refused(&name.replace(':', "")).is_none()
            && name.chars().all(|c| {
                c.is_alphanumeric()
                    || matches!(c, '_' | ':' | '.' | '-')
                    || ('\u{300}'..='\u{36F}').contains(&c)
            })
            && name.chars().count() <= 256;
        let listed = if shown {
            format!("it lists `{f} ({name})`, and `/{name}` works only as an alias")
        } else {
            format!("it lists `{f}` alone: `{name}` is not shown, and `/{name}` does not work")
        };
        let mut d = Diagnostic::new(
            Code::SkillNameMismatch,
            span,
            format!(
                "`name` is `{name}` but the folder is `{f}`: Claude Code names the skill after its folder ({listed}), while the Agent Skills standard requires them to be equal, so other tools reject the skill"
            ),
        );
        if standard_name(f).is_none() {
            d = d.with_fix(Fix::replace(format!("Change `name` to `{f}`"), span, f));
        }
        out.push(d);
    }
}

/// What breaks the standard's name rule, if anything.
fn standard_name(name: &str) -> Option<String> {
    let n = name.chars().count();
    if n == 0 || n > NAME_MAX {
        return Some(format!("1 to {NAME_MAX} characters, this one has {n}"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("only lowercase letters, digits and hyphens".into());
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Some("no leading, trailing or double hyphen".into());
    }
    None
}

#[cfg(test)]
mod listing_tests {
    use super::listing_units;

    /// Both ways of counting agree with the plain definition.
    #[test]
    fn listing_units_counts_as_claude_code() {
        for (s, n) in [
            ("abc", 3),
            ("a<b>", 10),
            ("\u{1F600}x", 3),
            ("\u{6F22}", 1),
            ("e\u{301}", 2),
            ("a\n\n\tb", 3),
            ("a\u{200B}\u{200B}b", 3),
            ("\u{A0}x", 2),
        ] {
            assert_eq!(listing_units(s), n, "{s:?}");
        }
    }
}
