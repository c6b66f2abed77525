//! The names Claude Code offers. A skill is offered under its folder's name and a slash command
//! under its path joined with `:`; a name that breaks Claude Code's rule (the catalog's
//! `offered_name_*`: hidden, direction-changing or blank-like characters, `<` or `>`, odd white
//! space, more than 256 UTF-16 units) is not listed and `/NAME` is unknown: the file is as good as
//! absent, so this is an error.

use crate::catalog::{self, Code, Kind};
use crate::syntax::{Header, Span};

use super::{Context, Diagnostic};

pub(super) fn check(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(path) = cx.path else {
        return;
    };
    let name = match cx.kind {
        Kind::Skill => path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .map(str::to_string),
        Kind::Command => crate::analysis::project::command_name(path),
        _ => None,
    };
    let Some(name) = name else {
        return;
    };
    let Some(why) = refused(&name) else {
        return;
    };
    let cat = catalog::get();
    let noun = &cx.kind.spec().noun;
    let shown: String = name.chars().flat_map(char::escape_debug).collect();
    out.push(Diagnostic::new(
        Code::NameNotOffered,
        Span::new(0, header.first_line_end),
        format!(
            "Claude Code {} does not offer the {noun} `{shown}` ({why}): it is not listed and `/{shown}` is unknown (\"{}\"); rename its {}",
            cat.verified_with,
            cat.offered_name_log.replace("NAME", &shown),
            if cx.kind == Kind::Skill { "folder" } else { "file or folders" }
        ),
    ));
}

/// Why Claude Code refuses to offer `name`, or `None` when it offers it.
pub(super) fn refused(name: &str) -> Option<String> {
    let cat = catalog::get();
    let units: usize = name.chars().map(char::len_utf16).sum();
    if units == 0 {
        return Some("an empty name".into());
    }
    if units > cat.offered_name_max_utf16 {
        return Some(format!(
            "{units} UTF-16 units, over {}",
            cat.offered_name_max_utf16
        ));
    }
    let chars: Vec<char> = name.chars().collect();
    let emoji = |c: Option<&char>| {
        c.is_some_and(|&c| c as u32 >= 0x1F000 || ('\u{2600}'..='\u{27BF}').contains(&c))
    };
    let mut marks = 0;
    for (i, &c) in chars.iter().enumerate() {
        let code = c as u32;
        let joins_emoji =
            (c == '\u{200D}' && emoji(chars.get(i.wrapping_sub(1))) && emoji(chars.get(i + 1)))
                || (c == '\u{FE0F}' && emoji(chars.get(i.wrapping_sub(1))));
        let listed = cat.offered_name_refused.iter().any(|r| r.starts_with(c))
            || cat
                .offered_name_refused_ranges
                .iter()
                .any(|[lo, hi]| (*lo..=*hi).contains(&code));
        if listed && !joins_emoji {
            return Some(format!("the character U+{code:04X}"));
        }
        if c.is_whitespace() && c != ' ' {
            return Some(format!("the white space U+{code:04X}"));
        }
        if is_mark(c) {
            marks += 1;
            let base = chars[..i].iter().rev().find(|c| !is_mark(**c));
            if base.is_none_or(|b| !b.is_alphabetic()) {
                return Some(format!("the combining mark U+{code:04X} without a letter"));
            }
            if marks >= 9 {
                return Some("nine combining marks in a row".into());
            }
            if c == '\u{0307}' && i > 0 && chars[i - 1] == 'i' {
                return Some("`i` with a combining dot above".into());
            }
        } else {
            marks = 0;
        }
    }
    if name.starts_with(' ') || name.ends_with(' ') {
        return Some("a space at the start or the end".into());
    }
    if name.contains("  ") {
        return Some("two spaces in a row".into());
    }
    if name.contains(" :") || name.contains(": ") {
        return Some("a space beside a `:`".into());
    }
    if name.starts_with(':') || name.ends_with(':') {
        return Some("a `:` at the start or the end".into());
    }
    None
}

/// A combining mark (the blocks Claude Code's names hold in practice).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::refused;

    #[test]
    fn the_names_claude_code_offers_and_refuses() {
        for ok in [
            "review",
            "git:commit",
            "one two",
            "a:b",
            "UpperCase",
            "a-b_c.d",
            "caf\u{65}\u{301}",
            "\u{1F680}rocket",
            "\u{1F468}\u{200D}\u{1F4BB}dev",
            "\u{6F22}\u{5B57}",
            "a\u{FF1C}b",
        ] {
            assert_eq!(refused(ok), None, "{ok:?}");
        }
        for bad in [
            "zw\u{200B}sp",
            "bi\u{202E}di",
            "nb\u{A0}sp",
            "id\u{3000}sp",
            "br\u{2800}x",
            "tab\tx",
            "a<b",
            " lead",
            "two  spaces",
            "a :b",
            "a: b",
            ":lead",
            "\u{301}x",
            "so\u{AD}ft",
            "pu\u{E000}a",
        ] {
            assert!(refused(bad).is_some(), "{bad:?}");
        }
        assert_eq!(refused(&"a".repeat(256)), None);
        assert!(refused(&"a".repeat(257)).is_some());
    }
}
