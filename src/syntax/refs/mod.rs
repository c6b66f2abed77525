//! What matters in the markdown body of a slash command or skill, with exact spans: the argument
//! placeholders Claude Code substitutes (`$ARGUMENTS`, `$ARGUMENTS[N]`, `$N`, `$name`), the shell
//! commands it runs before sending the prompt (`` !`cmd` `` and ```` ```! ```` blocks), the files
//! it reads in (`@path`) and the relative links of the markdown.
//!
//! Placeholders are found textually everywhere, code included (the substitution is textual); the
//! rest is located with pulldown-cmark's offsets, which tell code spans and blocks apart. Every
//! span is a document span: `base` (where the body starts) plus the offset in the body. Nothing
//! here panics, whatever the input.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyRefs {
    pub placeholders: Vec<Placeholder>,
    pub shell: Vec<ShellLine>,
    pub files: Vec<FileRef>,
    /// In source order (definitions included).
    pub links: Vec<LinkRef>,
    /// `@path` imports as a memory file reads them (Claude Code's own rule: after white space or
    /// at a line's start, the path as written up to white space, trailing punctuation included,
    /// cut at `#`); those in code or HTML are found too, marked `in_code`.
    pub imports: Vec<FileRef>,
    /// Code spans that hold nothing but a relative path into the file's own folders
    /// (`` `references/guide.md` ``, `` `scripts/run.py` ``, `` `./x` ``): how skills usually point
    /// at their files. In source order.
    pub code_paths: Vec<LinkRef>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// From the `$` to the end of the name (or of `[N]`).
    pub span: Span,
    pub kind: PlaceholderKind,
    /// Inside a code span or a code block: Claude Code substitutes it there too, which rewrites
    /// a shell snippet's `$1`.
    pub in_code: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// `$ARGUMENTS`
    Arguments,
    /// `$ARGUMENTS[N]`
    Indexed(usize),
    /// `$N` (any number of digits; saturates on overflow)
    Positional(usize),
    /// `$name`: a letter or `_`, then letters, digits, `_` and `-` (not ending in `-`); an
    /// identifier that merely starts with `ARGUMENTS` (`$ARGUMENTSX`) is named too.
    Named(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellLine {
    /// The whole `` !`cmd` `` (or the whole ```` ```! ```` fence, without its last line break).
    pub span: Span,
    /// The command, trimmed of surrounding white space (of a block: from its first content line
    /// to its last, without the last line break; in a block quote or list item that range also
    /// holds the `>` markers and indentation of the lines in between).
    pub command: Span,
    /// The `!` lies inside a code span or a code block.
    pub in_code: bool,
    /// The multi-line form, a fenced block whose info string is `!`.
    pub block: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRef {
    /// `@path`, with the `@`.
    pub span: Span,
    /// Inside a code span or a code block, where Claude Code does not read it.
    pub in_code: bool,
    pub path: Span,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination's path as written, without `<>`, and without any `?query` or `#fragment`.
    pub span: Span,
    /// The destination as pulldown-cmark reads it (backslash escapes and entities resolved, no
    /// percent-decoding), without `?query` or `#fragment`.
    pub target: String,
}

/// Everything of interest in `body`, which starts at byte `base` of the document.
pub fn scan(body: &str, base: usize) -> BodyRefs {
    let (code, blocks, mut links, code_paths) = markdown(body, base);
    let mut shell = shell_lines(body, &code, base);
    shell.extend(blocks);
    shell.sort_by_key(|s| s.span);
    links.sort_by_key(|l| l.span);
    BodyRefs {
        placeholders: placeholders(body, &code, base),
        shell,
        files: file_refs(body, &code, base),
        imports: imports(body, base),
        links,
        code_paths,
    }
}

/// The byte ranges of code spans and code blocks, in order.
struct Code(Vec<Range<usize>>);

impl Code {
    fn contains(&self, at: usize) -> bool {
        let i = self.0.partition_point(|r| r.start <= at);
        i > 0 && at < self.0[i - 1].end
    }
}

/// An inline link or image being read: its whole range, where its text ends so far, and its
/// destination (`None` when it is not an inline one).
type OpenLink<'a> = (Range<usize>, usize, Option<CowStr<'a>>);

/// The prefixes of a code span that is a path into the file's own folders.
const CODE_PATH_PREFIXES: [&str; 5] = ["references/", "scripts/", "assets/", "./", "../"];

/// The code span at `range` (backquotes included) as a path, if it is one.
fn code_path(body: &str, range: Range<usize>, text: &str, base: usize) -> Option<LinkRef> {
    let t = text.trim();
    let path_like = CODE_PATH_PREFIXES.iter().any(|p| t.starts_with(p))
        && t.len() > 3
        && !t.contains(|c: char| c.is_whitespace() || "*?<>|\"'$`{}".contains(c));
    if !path_like {
        return None;
    }
    let at = range.start + body.get(range.clone())?.find(t)?;
    Some(LinkRef {
        span: Span::new(base + at, base + at + t.len()),
        target: t.to_string(),
    })
}

/// The code ranges, the ```` ```! ```` blocks, the links and the code-span paths of `body`.
fn markdown(body: &str, base: usize) -> (Code, Vec<ShellLine>, Vec<LinkRef>, Vec<LinkRef>) {
    let span = |r: Range<usize>| Span::new(base + r.start, base + r.end);
    let parser = Parser::new(body);
    let mut links: Vec<(Range<usize>, String)> = (parser.reference_definitions().iter())
        .filter_map(|(_, def)| link(body, definition_dest(body, def.span.clone())?, &def.dest))
        .collect();
    let (mut code, mut blocks, mut code_paths) = (Vec::new(), Vec::new(), Vec::new());
    let mut open: Vec<OpenLink> = Vec::new();
    // an open ```! block and the range of its content so far
    let mut fence: Option<(Range<usize>, Option<Range<usize>>)> = None;
    for (event, range) in parser.into_offset_iter() {
        if let Event::End(TagEnd::Link | TagEnd::Image) = event {
            if let Some((whole, text_end, Some(dest))) = open.pop() {
                links.extend(inline_dest(body, whole, text_end).and_then(|r| link(body, r, &dest)));
            }
        }
        for o in &mut open {
            o.1 = o.1.max(range.end);
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let dest = (link_type == LinkType::Inline).then_some(dest_url);
                open.push((range.clone(), range.start + 1, dest));
            }
            Event::Code(text) => {
                code_paths.extend(code_path(body, range.clone(), &text, base));
                code.push(range);
            }
            // HTML is not read for imports either: Claude Code skips an HTML block, and of one
            // that is a comment, reads only the text outside `<!-- -->`
            Event::Html(text) if text.trim_start().starts_with("<!--") => {
                let mut from = 0;
                while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
                    let close = text[open..]
                        .find("-->")
                        .map_or(text.len(), |i| open + i + 3);
                    code.push(range.start + open..range.start + close);
                    from = close;
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => code.push(range),
            Event::Start(Tag::CodeBlock(kind)) => {
                let backquoted = body
                    .get(range.clone())
                    .is_some_and(|s| s.trim_start().starts_with('`'));
                if matches!(kind, CodeBlockKind::Fenced(info) if info.trim() == "!") && backquoted {
                    fence = Some((range.clone(), None));
                }
                code.push(range);
            }
            Event::Text(_) => {
                if let Some((_, content)) = fence.as_mut() {
                    let start = content.as_ref().map_or(range.start, |c| c.start);
                    *content = Some(start..range.end);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((whole, content)) = fence.take() {
                    let text = body.get(whole.clone()).unwrap_or_default();
                    let first_line = text.find('\n').map_or(whole.end, |n| whole.start + n + 1);
                    let c = content.unwrap_or(first_line..first_line);
                    let text = body.get(c.clone()).unwrap_or_default();
                    let command = c.start..c.start + text.trim_end_matches(['\n', '\r']).len();
                    blocks.push(ShellLine {
                        span: span(whole),
                        command: span(command),
                        in_code: false,
                        block: true,
                    });
                }
            }
            _ => {}
        }
    }
    let span_links = links.into_iter().map(|(r, target)| LinkRef {
        span: span(r),
        target,
    });
    (Code(code), blocks, span_links.collect(), code_paths)
}

/// The link to `dest`, written at `raw`, when it is a relative path: the range of its path and
/// its target.
fn link(body: &str, raw: Range<usize>, dest: &str) -> Option<(Range<usize>, String)> {
    if dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let target = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
    let written = body.get(raw.clone())?;
    let end = raw.start + written.find(['#', '?']).unwrap_or(written.len());
    (!target.is_empty()).then(|| (raw.start..end, target.to_string()))
}

/// True when `s` starts with a URI scheme and its `:` (two to 32 characters, as CommonMark's
/// autolinks; so `C:\` is not one).
fn has_scheme(s: &str) -> bool {
    let b = s.as_bytes();
    let n = count(b, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-')
    });
    b.first().is_some_and(u8::is_ascii_alphabetic)
        && (2..=32).contains(&n)
        && b.get(n) == Some(&b':')
}

/// The destination of the inline link or image spanning `whole`, whose text ends at `text_end`.
fn inline_dest(body: &str, whole: Range<usize>, text_end: usize) -> Option<Range<usize>> {
    let open = text_end + body.get(text_end..whole.end)?.find("](")? + 2;
    destination(body, open, whole.end)
}

/// The destination of the link reference definition spanning `def`.
fn definition_dest(body: &str, def: Range<usize>) -> Option<Range<usize>> {
    let b = body.as_bytes();
    let mut i = def.start + body.get(def.clone())?.find('[')? + 1;
    loop {
        match b.get(i)? {
            b'\\' => i += 2,
            b']' => break,
            _ => i += 1,
        }
    }
    (b.get(i + 1) == Some(&b':')).then_some(())?;
    destination(body, i + 2, def.end)
}

/// The link destination that starts after white space at `from` (CommonMark's rules: `<...>`,
/// or a run without white space and with balanced parentheses), without the angle brackets.
fn destination(body: &str, from: usize, end: usize) -> Option<Range<usize>> {
    let b = body.as_bytes().get(..end)?;
    let mut i = from;
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let start = i;
    if b.get(i) == Some(&b'<') {
        let mut j = i + 1;
        loop {
            match b.get(j)? {
                b'>' => return Some(start + 1..j),
                b'\\' if b.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 2,
                b'\n' | b'<' => return None,
                _ => j += 1,
            }
        }
    }
    let mut depth = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            c if c.is_ascii_whitespace() || c.is_ascii_control() => break,
            _ => {}
        }
        i += 1;
    }
    (i > start).then_some(start..i)
}

/// How many bytes at the start of `b` satisfy `f`.
fn count(b: &[u8], f: impl Fn(u8) -> bool) -> usize {
    b.iter().take_while(|&&c| f(c)).count()
}

/// True when the character before `at` is white space or `extra`, or there is none.
fn after_space(body: &str, at: usize, extra: &[char]) -> bool {
    let before = body.get(..at).and_then(|s| s.chars().next_back());
    before.is_none_or(|c| c.is_whitespace() || extra.contains(&c))
}

fn placeholders(body: &str, code: &Code, base: usize) -> Vec<Placeholder> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = body.get(i..).and_then(|s| s.find('$')).map(|n| i + n) {
        i = at + 1;
        // `\$1` is Claude Code's escape; `$$1` is a `$` and the placeholder `$1` (2.1.330)
        if at > 0 && b[at - 1] == b'\\' {
            continue;
        }
        let rest = &b[at + 1..];
        let digits = |s: &[u8]| count(s, |c| c.is_ascii_digit());
        let number = |s: &[u8]| {
            s.iter().fold(0usize, |v, d| {
                v.saturating_mul(10).saturating_add(usize::from(d - b'0'))
            })
        };
        let (kind, len) = match rest.first() {
            // `\$(\d+)(?!\w)` in Claude Code 2.1.330: `$1abc` and `$1_` are no placeholder
            Some(c) if c.is_ascii_digit() => {
                let n = digits(rest);
                if rest
                    .get(n)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    continue;
                }
                (PlaceholderKind::Positional(number(&rest[..n])), n)
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let mut n = count(rest, |c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-')
                });
                while rest[n - 1] == b'-' {
                    n -= 1;
                }
                let name = String::from_utf8_lossy(&rest[..n]).into_owned();
                let index = rest.get(n + 1..).map(digits).filter(|&d| d > 0);
                match index {
                    // `(?![\[\w])` after a named argument: `$first[0]` is no placeholder
                    _ if name != "ARGUMENTS" && rest.get(n) == Some(&b'[') => continue,
                    _ if name != "ARGUMENTS" => (PlaceholderKind::Named(name), n),
                    Some(d) if rest[n] == b'[' && rest.get(n + 1 + d) == Some(&b']') => (
                        PlaceholderKind::Indexed(number(&rest[n + 1..n + 1 + d])),
                        n + d + 2,
                    ),
                    _ => (PlaceholderKind::Arguments, n),
                }
            }
            _ => continue,
        };
        i = at + 1 + len;
        out.push(Placeholder {
            span: Span::new(base + at, base + i),
            kind,
            in_code: code.contains(at),
        });
    }
    out
}

/// The inline `` !`cmd` `` forms (the closing backquotes may be on a later line of the same
/// paragraph, as for any code span).
fn shell_lines(body: &str, code: &Code, base: usize) -> Vec<ShellLine> {
    let b = body.as_bytes();
    let run = |j: usize| b.get(j..).map_or(0, |s| count(s, |c| c == b'`'));
    // a line break at `j` followed by a blank line: the end of a paragraph
    let blank_after = |j: usize| {
        let next = b
            .get(j + 1..)
            .and_then(|s| s.iter().find(|c| !matches!(c, b' ' | b'\t' | b'\r')));
        next.is_none_or(|&c| c == b'\n')
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = body.get(i..).and_then(|s| s.find("!`")).map(|n| i + n) {
        i = at + 1;
        if !after_space(body, at, &[]) {
            continue;
        }
        let (n, open_end) = (run(at + 1), at + 1 + run(at + 1));
        let mut j = open_end;
        let close = loop {
            match b.get(j) {
                None => break None,
                Some(b'`') if run(j) == n => break Some(j),
                Some(b'`') => j += run(j),
                Some(b'\n') if blank_after(j) => break None,
                _ => j += 1,
            }
        };
        let Some(close) = close else { continue };
        let inner = &body[open_end..close];
        let start = open_end + inner.len() - inner.trim_start().len();
        i = close + n;
        out.push(ShellLine {
            span: Span::new(base + at, base + i),
            command: Span::new(base + start, base + start + inner.trim().len()),
            in_code: code.contains(at),
            block: false,
        });
    }
    out
}

/// The `@path` references outside code (a path has a `/` or a `.`; an opening quote is not part
/// of it).
fn file_refs(body: &str, code: &Code, base: usize) -> Vec<FileRef> {
    let mut out = Vec::new();
    for (at, _) in body.match_indices('@') {
        if !after_space(body, at, &['(', '`']) || in_link_text(body, at) {
            continue;
        }
        let in_code = code.contains(at);
        let rest = &body[at + 1..];
        let word = &rest[..rest
            .find(|c: char| c.is_whitespace() || c == ']')
            .unwrap_or(rest.len())];
        let trimmed = trim_path(word);
        let path = trimmed.trim_start_matches(QUOTES);
        if path.is_empty() || !path.contains(['/', '.']) || has_scheme(path) {
            continue;
        }
        let start = at + 1 + trimmed.len() - path.len();
        out.push(FileRef {
            in_code,
            span: Span::new(base + at, base + start + path.len()),
            path: Span::new(base + start, base + start + path.len()),
            text: path.to_string(),
        });
    }
    out
}

/// The `@path` imports of a memory file, found as Claude Code 2.1.330 finds them (memory-oracle
/// FACTS.md section 8): a CommonMark reading (no GFM) whose text tokens are each searched with
/// `/(?:^|\s)@((?:[^\s\\]|\\ )+)/`. Code spans and blocks, images, reference definitions and
/// escapes are skipped; link text is read (not the destination); HTML only when it starts with
/// `<!--` and holds `-->`, and then the text outside the comments. A token ends at any inline
/// element, so `**b**@x.md` is an import and `a*@x.md` is not. The path runs to white space or a
/// backslash not followed by a space, is cut at `#`, and must start with `./`, `~/`, `/` (not
/// alone) or an ASCII letter, digit, `.`, `_` or `-`. Imports inside code are found too, marked
/// `in_code` (Claude Code does not read them).
fn imports(body: &str, base: usize) -> Vec<FileRef> {
    let mut out = Vec::new();
    // a second reading of the text, only where an import can be (a keystroke in a skill's or
    // command's body re-scans its segment, most of which hold no `@`)
    if memchr::memchr(b'@', body.as_bytes()).is_none() {
        return out;
    }
    let mut image = 0usize;
    let mut code_block = false;
    // the text token being read: consecutive text events that touch, not escapes
    let mut run: Option<Range<usize>> = None;
    let flush = |run: &mut Option<Range<usize>>, out: &mut Vec<FileRef>| {
        if let Some(r) = run.take() {
            import_token(body, &[(r.start, r.end)], false, base, out);
        }
    };
    // an HTML block comes line by line: its lines are read as one
    let mut html: Option<Range<usize>> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => {
                flush(&mut run, &mut out);
                image += 1;
            }
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            _ if image > 0 => {}
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut run, &mut out);
                code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => code_block = false,
            Event::Text(_) if code_block => {
                import_token(body, &[(range.start, range.end)], true, base, &mut out)
            }
            Event::Text(_) => {
                // an escape (`\*`, `\\`) is a token of its own, which Claude Code skips
                let b = body.as_bytes();
                // (pulldown-cmark starts the text at the escaped character, after the `\\`)
                let escape_at = if range.start > 0
                    && b[range.start - 1] == b'\\'
                    && b.get(range.start).is_some_and(u8::is_ascii_punctuation)
                {
                    Some(range.start + 1)
                } else {
                    None
                };
                let range = match escape_at {
                    Some(after) => {
                        flush(&mut run, &mut out);
                        if after >= range.end {
                            continue;
                        }
                        run = Some(after..range.end);
                        continue;
                    }
                    None => range,
                };
                match &mut run {
                    Some(r) if r.end == range.start => r.end = range.end,
                    _ => {
                        flush(&mut run, &mut out);
                        run = Some(range);
                    }
                }
            }
            Event::Code(_) => {
                flush(&mut run, &mut out);
                // the span's content, without its backquotes
                let raw = &body[range.clone()];
                let ticks = raw.len() - raw.trim_start_matches('`').len();
                let inner = (
                    range.start + ticks,
                    range.end.saturating_sub(ticks).max(range.start + ticks),
                );
                import_token(body, &[inner], true, base, &mut out);
            }
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut run, &mut out);
                html = None;
            }
            Event::Html(_) => {
                html = Some(match html {
                    Some(h) => h.start..range.end,
                    None => range,
                });
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(h) = html.take() {
                    html_token(body, h, base, &mut out);
                }
            }
            Event::InlineHtml(_) => {
                flush(&mut run, &mut out);
                html_token(body, range, base, &mut out);
            }
            _ => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out.sort_by_key(|f| f.span);
    out.dedup_by_key(|f| f.span);
    out
}

/// HTML is read only when it starts with `<!--` and holds `-->`: the text outside its comments.
fn html_token(body: &str, range: Range<usize>, base: usize, out: &mut Vec<FileRef>) {
    let html = &body[range.clone()];
    if html.starts_with("<!--") && html.contains("-->") {
        let pieces = outside_comments(html, range.start);
        import_token(body, &pieces, false, base, out);
    }
}

/// The pieces of `html` (at `at` in the body) outside its `<!-- -->` comments.
fn outside_comments(html: &str, at: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut i = 0;
    while let Some(open) = html[i..].find("<!--").map(|o| i + o) {
        if open > i {
            pieces.push((at + i, at + open));
        }
        match html[open + 4..].find("-->") {
            Some(close) => i = open + 4 + close + 3,
            None => return pieces,
        }
    }
    if i < html.len() {
        pieces.push((at + i, at + html.len()));
    }
    pieces
}

/// JavaScript's `\s`.
fn js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// The imports of one text token, given as pieces of the body read one after the other.
fn import_token(
    body: &str,
    pieces: &[(usize, usize)],
    in_code: bool,
    base: usize,
    out: &mut Vec<FileRef>,
) {
    // the token's characters with their offsets in the body
    let chars: Vec<(usize, char)> = pieces
        .iter()
        .flat_map(|&(s, e)| {
            body.get(s..e)
                .into_iter()
                .flat_map(move |t| t.char_indices().map(move |(i, c)| (s + i, c)))
        })
        .collect();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        k += 1;
        if c != '@' || (k > 1 && !js_space(chars[k - 2].1)) {
            continue;
        }
        // the path: no white space, and a backslash only as `\ `
        let mut j = k;
        while j < chars.len() {
            let c = chars[j].1;
            if js_space(c) {
                break;
            }
            if c == '\\' {
                if chars.get(j + 1).is_some_and(|n| n.1 == ' ') {
                    j += 2;
                    continue;
                }
                break;
            }
            j += 1;
        }
        if j == k {
            continue;
        }
        let path_start = chars[k].0;
        let path_end = chars
            .get(j)
            .map_or_else(|| chars[j - 1].0 + chars[j - 1].1.len_utf8(), |c| c.0);
        k = j;
        let Some(raw) = body.get(path_start..path_end) else {
            continue;
        };
        let written = raw.split('#').next().unwrap_or("");
        let ok_start = written.starts_with("./")
            || written.starts_with("~/")
            || (written.starts_with('/') && written.len() > 1)
            || written
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok_start || written.contains("://") {
            continue;
        }
        out.push(FileRef {
            in_code,
            span: Span::new(base + at, base + path_start + written.len()),
            path: Span::new(base + path_start, base + path_start + written.len()),
            text: written.replace("\\ ", " "),
        });
    }
}

/// Is `at` inside the text of a link (`[see @scope/pkg](https://...)`): prose, not a file that
/// Claude Code reads.
fn in_link_text(body: &str, at: usize) -> bool {
    let line = &body[body[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    line.matches('[').count() > line.matches(']').count()
}

/// Quotes that may open a path.
const QUOTES: [char; 5] = ['"', '\'', '`', '“', '‘'];

/// `path` without trailing punctuation and quotes (and closing brackets it does not open).
fn trim_path(mut path: &str) -> &str {
    let unbalanced = |p: &str, open, close| p.matches(close).count() > p.matches(open).count();
    while let Some(c) = path.chars().next_back() {
        let drop = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '`' | '’' | '”' => true,
            ')' => unbalanced(path, '(', ')'),
            ']' => unbalanced(path, '[', ']'),
            _ => false,
        };
        if !drop {
            break;
        }
        path = &path[..path.len() - c.len_utf8()];
    }
    path
}

#[cfg(test)]
mod tests;
