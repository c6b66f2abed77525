//! Inline suppressions: a comment that turns rules off in one place.
//!
//! - In the frontmatter, a YAML comment on a line of its own, at column 0 (a trailing ` # ...` is
//!   not safe there: when Claude Code's fallback rewrite runs, it stays inside the value):
//!   `# agent-ls-disable-next-line CODE [CODE...]` covers the next key with all its value lines;
//!   `# agent-ls-disable CODE...` covers the whole file.
//! - In the body, an HTML comment (invisible in rendered markdown):
//!   `<!-- agent-ls-disable-next-line CODE... -->` covers the next line;
//!   `<!-- agent-ls-disable CODE... -->` covers the whole file.
//!
//! Codes are separated by spaces or commas; without a code, every rule is off. A suppression that
//! suppresses nothing, and a code that is not a rule, are `unused-suppression` warnings.

use super::{Diagnostic, Fix};
use crate::catalog::Code;
use crate::syntax::{Header, Span};
use crate::text;

/// The word every suppression comment starts with.
pub const MARKER: &str = "agent-ls-disable";
const NEXT_LINE: &str = "-next-line";

/// How far a suppression reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// These lines (the next key of the frontmatter with its value, or the next body line).
    Lines(Span),
    File,
}

/// A code written in a suppression: the rule it names, or the text as written where it names
/// none.
pub type WrittenCode = Result<Code, String>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    pub reach: Reach,
    /// The codes written, each with its span; empty: every rule.
    pub codes: Vec<(WrittenCode, Span)>,
}

impl Suppression {
    fn covers(&self, d: &Diagnostic) -> bool {
        let code_ok = self.codes.is_empty() || self.codes.iter().any(|(c, _)| *c == Ok(d.code));
        let place_ok = match self.reach {
            Reach::File => true,
            Reach::Lines(lines) => lines.start <= d.span.start && d.span.start <= lines.end,
        };
        code_ok && place_ok
    }
}

/// The directive after the marker: its reach keyword and codes. `rest` is the text after
/// `agent-ls-disable`, `at` its offset; `end` cuts off a closing `-->`.
fn directive(rest: &str, at: usize) -> Option<(bool, Vec<(WrittenCode, Span)>)> {
    let (next_line, rest, at) = match rest.strip_prefix(NEXT_LINE) {
        Some(r) => (true, r, at + NEXT_LINE.len()),
        None => (false, rest, at),
    };
    // the marker must end here: `agent-ls-disabled` is prose
    if !(rest.is_empty() || rest.starts_with([' ', '\t', ',']) || rest.starts_with("-->")) {
        return None;
    }
    let mut codes = Vec::new();
    let mut i = 0;
    let b = rest.as_bytes();
    while i < b.len() {
        if matches!(b[i], b' ' | b'\t' | b',') {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b',') {
            i += 1;
        }
        let word = &rest[start..i];
        let code = Code::parse(word).ok_or_else(|| word.to_string());
        codes.push((code, Span::new(at + start, at + i)));
    }
    Some((next_line, codes))
}

/// The suppressions of the frontmatter: comment lines at column 0 between its keys.
pub fn in_head(header: &Header) -> Vec<Suppression> {
    let Some(fm) = header.frontmatter() else {
        return Vec::new();
    };
    let text = &header.text;
    let mut out = Vec::new();
    for line in text::lines(text, fm.content.start, fm.content.end) {
        let l = &text[line.start..line.end];
        let Some(after_hash) = l.strip_prefix('#') else {
            continue;
        };
        let lead = after_hash.len() - after_hash.trim_start_matches([' ', '\t']).len();
        let body = &after_hash[lead..];
        let Some(rest) = body.strip_prefix(MARKER) else {
            continue;
        };
        let at = line.start + 1 + lead + MARKER.len();
        let Some((next_line, codes)) = directive(rest.trim_end(), at) else {
            continue;
        };
        let reach = if next_line {
            // the next key, with every line of its value
            match fm.entries.iter().find(|e| e.key_span.start >= line.next) {
                Some(e) => Reach::Lines(Span::new(
                    text::line_start_of(text, e.key_span.start),
                    text::line_span(text, e.value.span.end.max(e.key_span.end)).end,
                )),
                None => Reach::Lines(Span::new(line.next, line.next)),
            }
        } else {
            Reach::File
        };
        out.push(Suppression {
            span: Span::new(line.start, line.end),
            reach,
            codes,
        });
    }
    out
}

/// A body suppression on `line` (its text and span), if the line holds one; `next` is the span
/// of the line after it.
pub fn in_body_line(line: &str, span: Span, next: Span) -> Option<Suppression> {
    let open = line.find("<!--")?;
    let after = &line[open + 4..];
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    let rest = after[lead..].strip_prefix(MARKER)?;
    let close = rest.find("-->")?;
    let at = span.start + open + 4 + lead + MARKER.len();
    let (next_line, codes) = directive(rest[..close].trim_end(), at)?;
    Some(Suppression {
        span: Span::new(
            span.start + open,
            span.start + open + 4 + lead + MARKER.len() + close + 3,
        ),
        reach: if next_line {
            Reach::Lines(next)
        } else {
            Reach::File
        },
        codes,
    })
}

/// The suppressions of the body of `text` (a whole document): lines that hold the marker.
pub fn in_body(text: &str, body_start: usize) -> Vec<Suppression> {
    let mut out = Vec::new();
    let body_start = body_start.min(text.len());
    let mut from = body_start;
    while let Some(i) = text[from..].find(MARKER) {
        let hit = from + i;
        let line = text::line_span(text, hit);
        let next_start = text::line_at(text, line.start).next;
        let next = text::line_at(text, next_start);
        if line.start >= body_start
            && let Some(s) = in_body_line(
                &text[line.start..line.end],
                line,
                Span::new(next.start, next.end),
            )
        {
            out.push(s);
        }
        from = next_start.max(hit + MARKER.len());
    }
    out
}

/// `diagnostics` without those a suppression covers, plus an `unused-suppression` warning for
/// each suppression (or code in one) that covered nothing.
pub fn apply(diagnostics: Vec<Diagnostic>, suppressions: &[Suppression]) -> Vec<Diagnostic> {
    if suppressions.is_empty() {
        return diagnostics;
    }
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len().max(1)])
        .collect();
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let mut hidden = false;
            for (s, u) in suppressions.iter().zip(used.iter_mut()) {
                if s.covers(d) {
                    hidden = true;
                    match s.codes.iter().position(|(c, _)| *c == Ok(d.code)) {
                        Some(i) => u[i] = true,
                        None => u[0] = true,
                    }
                }
            }
            !hidden
        })
        .collect();
    for (s, u) in suppressions.iter().zip(&used) {
        if s.codes.is_empty() {
            if !u[0] {
                out.push(Diagnostic::new(
                    Code::UnusedSuppression,
                    s.span,
                    "this suppression suppresses nothing: remove it",
                ));
            }
            continue;
        }
        for ((code, span), used) in s.codes.iter().zip(u) {
            let msg = match code {
                Err(text) => format!("`{text}` is not a rule code (`agent-ls rules` lists them)"),
                Ok(code) if !used => format!("`{code}` is suppressed here but nothing reports it"),
                Ok(_) => continue,
            };
            out.push(Diagnostic::new(Code::UnusedSuppression, *span, msg));
        }
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// A quick fix that suppresses `d` where it is: a comment line above its key (frontmatter), above
/// its line (body), or for the whole file where no line is its own (a missing frontmatter).
/// `line_start` gives the start of the line holding an offset; `len` is the document's length.
pub fn fix(header: &Header, d: &Diagnostic, line_start: usize, len: usize) -> Fix {
    let code = d.code.as_str();
    let nl = if header.frontmatter().is_some_and(|f| f.crlf) {
        "\r\n"
    } else {
        "\n"
    };
    let title = format!("Suppress `{code}` here");
    let Some(fm) = header.frontmatter().filter(|f| f.close.is_some()) else {
        let at = len;
        return Fix::replace(
            format!("Suppress `{code}` in this file"),
            Span::new(at, at),
            format!("{nl}<!-- {MARKER} {code} -->{nl}"),
        )
        .not_preferred();
    };
    if d.span.start >= fm.body_start {
        return Fix::replace(
            title,
            Span::new(line_start, line_start),
            format!("<!-- {MARKER}{NEXT_LINE} {code} -->{nl}"),
        )
        .not_preferred();
    }
    let entry = fm.entries.iter().find(|e| {
        let end = text::line_span(&header.text, e.value.span.end.max(e.key_span.end)).end;
        e.key_span.start <= d.span.start && d.span.start <= end
    });
    match entry {
        Some(e) => {
            let at = text::line_start_of(&header.text, e.key_span.start);
            Fix::replace(
                title,
                Span::new(at, at),
                format!("# {MARKER}{NEXT_LINE} {code}{nl}"),
            )
            .not_preferred()
        }
        None => Fix::replace(
            format!("Suppress `{code}` in this file"),
            Span::new(fm.content.start, fm.content.start),
            format!("# {MARKER} {code}{nl}"),
        )
        .not_preferred(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diags(text: &str) -> Vec<(String, String)> {
        let h = Header::parse(text);
        let d = super::super::diagnostics::compute(&h, Default::default());
        let mut sups = in_head(&h);
        sups.extend(in_body(text, h.body_start()));
        apply(d, &sups)
            .into_iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    text[d.span.start..d.span.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn next_key_and_whole_file_in_the_frontmatter() {
        let t = "---\nname: a\ndescription: b\n# agent-ls-disable-next-line unknown-tool\ntools:\n  - Reed\n  - Bash\ncolor: teal\n---\nBody\n";
        let got = diags(t);
        assert!(!got.iter().any(|(c, _)| c == "unknown-tool"), "{got:?}");
        assert!(got.iter().any(|(c, _)| c == "unknown-color"), "{got:?}");
        let t = "---\n# agent-ls-disable unknown-color, no-examples\nname: a\ndescription: b\ncolor: teal\n---\nBody\n";
        assert!(diags(t).is_empty(), "{:?}", diags(t));
    }

    #[test]
    fn body_comments_and_unused_ones() {
        let t = "---\nname: a\ndescription: b\ncolor: teal\n---\n<!-- agent-ls-disable unknown-color no-examples -->\nBody\n<!-- agent-ls-disable-next-line unknown-tool -->\nText\n";
        assert_eq!(
            diags(t),
            [("unused-suppression".to_string(), "unknown-tool".to_string())]
        );
        let t = "---\nname: a\ndescription: b\n# agent-ls-disable-next-line unknwn-tool\ntools: Read\n---\nBody\n<!-- agent-ls-disable-next-line -->\n";
        let got = diags(t);
        assert!(
            got.contains(&("unused-suppression".into(), "unknwn-tool".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "unused-suppression".into(),
                "<!-- agent-ls-disable-next-line -->".into()
            )),
            "{got:?}"
        );
        // prose that mentions the marker is not a suppression
        let t = "---\nname: a\ndescription: b\n---\nSee agent-ls-disabled rules and `agent-ls-disable`.\n";
        assert_eq!(diags(t), [("no-examples".into(), "description".into())]);
    }

    #[test]
    fn the_fix_inserts_above_the_key() {
        let t = "---\nname: a\ndescription: b\ntools:\n  - Reed\n---\nBody\n";
        let h = Header::parse(t);
        let d = super::super::diagnostics::compute(&h, Default::default());
        let unknown = d.iter().find(|d| d.code == "unknown-tool").unwrap();
        let f = fix(&h, unknown, 0, t.len());
        assert_eq!(
            f.edits,
            [(
                Span::new(27, 27),
                "# agent-ls-disable-next-line unknown-tool\n".to_string()
            )]
        );
    }
}
