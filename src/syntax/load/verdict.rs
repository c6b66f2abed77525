//! The port of Claude Code's loader (2.1.330, its JS read from the binary, every case checked
//! with `cc-oracle`; 2.1.337's retry of a CRLF text is `crlf.rs`): the delimiter regex, the YAML
//! parse, the one fallback rewrite it tries when that parse fails, and the value it reads ([`Node`], as JavaScript sees it). This is the part a
//! reviewer must trust: what Claude Code reads and whether it loads.

use saphyr::ScalarOwned;
use saphyr_parser::Parser;

use super::byte_set;
use super::crlf::Retry;
use super::nesting::{MAX_DEPTH, too_deep};
use crate::syntax::Span;

/// The frontmatter block as Claude Code's regex `^---\s*\n([\s\S]*?)---\s*\n?` finds it, after
/// one leading U+FEFF: the opening line must be the first line, and the block ends at the
/// *first* `---` after it, anywhere, even inside a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// The YAML text Claude Code parses.
    pub content: Span,
    /// The `---` that ends it.
    pub close: Span,
}

/// Finds the block the way Claude Code does; `None` means it reads no frontmatter.
pub fn delimit(text: &str) -> Option<Block> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let t = &text[bom..];
    if !t.starts_with("---") {
        return None;
    }
    // `\s*\n`, greedy: the opening ends after the last line break of the whitespace run
    let run = t[3..]
        .char_indices()
        .find(|(_, c)| !is_js_space(*c))
        .map(|(i, _)| 3 + i)
        .unwrap_or(t.len());
    let open_end = t[3..run].rfind('\n').map(|i| 3 + i + 1)?;
    let close = memchr::memmem::find(&t.as_bytes()[open_end..], b"---").map(|i| open_end + i)?;
    Some(Block {
        content: Span::new(bom + open_end, bom + close),
        close: Span::new(bom + close, bom + close + 3),
    })
}

/// JavaScript's `\s` (the ASCII and common Unicode spaces).
pub(super) fn is_js_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// A YAML value as Claude Code's JavaScript sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys as JavaScript object keys (strings), in source order; a repeated key keeps its last
    /// value.
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }
    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Node::Null => false,
            Node::Bool(b) => *b,
            Node::Int(i) => *i != 0,
            Node::Float(f) => *f != 0.0 && !f.is_nan(),
            Node::Str(s) => !s.is_empty(),
            Node::Seq(_) | Node::Map(_) => true,
        }
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// What the value is, for messages ("a number", "a list", ...).
    pub fn describe(&self) -> &'static str {
        match self {
            Node::Null => "empty",
            Node::Bool(_) => "a boolean",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

/// A parse error: where (a byte offset into the document) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub at: usize,
    pub message: String,
}

/// What Claude Code's YAML step gives for a block.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The first parse accepted it.
    Parsed,
    /// The first parse failed (`first`), the fallback rewrite loaded.
    Fallback {
        first: YamlError,
        /// The lines (byte spans of the document) whose value the rewrite put in quotes.
        quoted: Vec<Span>,
    },
    /// Both parses failed: Claude Code continues with empty metadata. `at` is where the second
    /// parse stopped, mapped back to the document.
    Failed { first: YamlError, second: YamlError },
}

/// Claude Code's view of a file's head.
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    pub block: Block,
    pub outcome: Outcome,
    /// The metadata: the root mapping, or an empty mapping when the YAML failed or its root is
    /// not a mapping (a list, a scalar, only comments).
    pub root: Node,
}

impl Load {
    pub fn failed(&self) -> bool {
        matches!(self.outcome, Outcome::Failed { .. })
    }
}

/// Runs Claude Code's steps on `text` (the document, or a prefix that holds the block). `None`
/// when it finds no frontmatter.
pub fn load(text: &str) -> Option<Load> {
    let block = delimit(text)?;
    let content = &text[block.content.start..block.content.end];
    let base = block.content.start;
    let (outcome, value) = match parse(content) {
        Ok(v) => (Outcome::Parsed, v),
        Err(first) => {
            let first = YamlError {
                at: base + first.at,
                message: first.message,
            };
            let (rewritten, quoted) = rewrite(content);
            match parse(&rewritten) {
                Ok(v) => (
                    Outcome::Fallback {
                        first,
                        quoted: quoted
                            .into_iter()
                            .map(|s| Span::new(base + s.start, base + s.end))
                            .collect(),
                    },
                    v,
                ),
                // 2.1.337 tries a CRLF text again with LF line endings (`crlf.rs`)
                Err(e) => match super::crlf::retry(content) {
                    Some(Retry::Read(v, quoted)) => (
                        Outcome::Fallback {
                            first,
                            quoted: quoted
                                .into_iter()
                                .map(|s| Span::new(base + s.start, base + s.end))
                                .collect(),
                        },
                        v,
                    ),
                    retried => {
                        let (e, rewritten) = match retried {
                            Some(Retry::Failed(e, lf_rewritten)) => (e, lf_rewritten),
                            _ => (e, rewritten),
                        };
                        let at = base + map_back(content, &rewritten, e.at);
                        (
                            Outcome::Failed {
                                first,
                                second: YamlError {
                                    at,
                                    message: e.message,
                                },
                            },
                            Node::Null,
                        )
                    }
                },
            }
        }
    };
    let root = match value {
        Node::Map(m) => Node::Map(m),
        _ => Node::Map(Vec::new()),
    };
    Some(Load {
        block,
        outcome,
        root,
    })
}

/// `Bun.YAML.parse` as closely as a YAML 1.2 parser gets: duplicate keys keep the last value.
/// The error offset is a byte offset into `s`.
pub(super) fn parse(s: &str) -> Result<Node, YamlError> {
    if let Some(at) = too_deep(s) {
        return Err(YamlError {
            at,
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
        });
    }
    parse_unchecked(s)
}

/// [`parse`] without the nesting check.
pub(super) fn parse_unchecked(s: &str) -> Result<Node, YamlError> {
    let first = parse_saphyr(s);
    // Bun separates a key from its value with a tab as with a space (`description:\tText`
    // loads in Claude Code 2.1.330); saphyr refuses the tab. Read the text again with those tabs
    // as spaces (one byte for one: every offset stays), and keep that reading if it succeeds.
    if first.is_err() && s.contains(":\t") {
        let spaced = tab_after_keys_as_space(s);
        if spaced != s
            && let Ok(node) = parse_saphyr(&spaced)
        {
            return Ok(node);
        }
    }
    first
}

/// `s` with the tab after a mapping key's `:` (a line's first `:` outside quotes, after a key
/// that starts the line, or a `- ` item) written as a space.
fn tab_after_keys_as_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        let body = body.strip_prefix("- ").unwrap_or(body);
        let lead = line.len() - body.len();
        let key_end = match body.as_bytes().first() {
            Some(b'"' | b'\'' | b'#' | b'[' | b'{' | b'|' | b'>') | None => None,
            Some(_) => body.find(':').filter(|&i| body[i + 1..].starts_with('\t')),
        };
        match key_end {
            Some(i) => {
                out.push_str(&line[..lead + i + 1]);
                out.push(' ');
                out.push_str(&line[lead + i + 2..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// saphyr's parse of `s`, as [`Node`].
fn parse_saphyr(s: &str) -> Result<Node, YamlError> {
    let result = std::panic::catch_unwind(|| {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(s);
        parser.load(&mut builder, false)?;
        // past the alias expansion budget too: Bun refuses "Excessive aliasing"
        if let Some(e) = builder.error {
            return Err(e);
        }
        Ok(builder.doc)
    });
    match result {
        Ok(Ok(doc)) => Ok(doc.unwrap_or(Node::Null)),
        Ok(Err(e)) => Err(YamlError {
            at: char_to_byte(s, e.marker().index()),
            message: e.info().to_string(),
        }),
        Err(_) => Err(YamlError {
            at: 0,
            message: "the YAML parser failed on this input".into(),
        }),
    }
}

/// Nodes an alias may expand to over one document, as saphyr's loader counts them.
const ALIAS_BUDGET: usize = 100_000;

/// Builds [`Node`]s from saphyr's events as JavaScript builds its object: a repeated key keeps
/// its first place and takes the last value (saphyr's own loader moves it to the back, which the
/// chunked load, reading as Bun does, would not agree with).
struct Open {
    node: Node,
    key: Option<String>,
    anchor: usize,
    places: Option<std::collections::HashMap<String, usize>>,
}

impl Open {
    fn new(node: Node, anchor: usize) -> Self {
        Open {
            node,
            key: None,
            anchor,
            places: None,
        }
    }
}

/// Past this many keys a mapping keeps its keys' places in a map.
const INDEXED_KEYS: usize = 32;

#[derive(Default)]
struct Builder {
    /// Open collections: the collection, a mapping's pending key, the anchor, and a mapping's
    /// keys by place once it has many (a mapping of 100,000 keys is read in linear time).
    stack: Vec<Open>,
    anchors: std::collections::HashMap<usize, Node>,
    aliased: usize,
    doc: Option<Node>,
    error: Option<saphyr_parser::ScanError>,
}

impl Builder {
    fn insert(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(open) = self.stack.last_mut() else {
            if self.doc.is_none() {
                self.doc = Some(node);
            }
            return;
        };
        match &mut open.node {
            Node::Seq(items) => items.push(node),
            Node::Map(entries) => match open.key.take() {
                None => open.key = Some(key_string(&node)),
                Some(k) => {
                    if open.places.is_none() && entries.len() >= INDEXED_KEYS {
                        open.places = Some(
                            entries
                                .iter()
                                .enumerate()
                                .map(|(i, (e, _))| (e.clone(), i))
                                .collect(),
                        );
                    }
                    let place = match &open.places {
                        Some(places) => places.get(&k).copied(),
                        None => entries.iter().position(|(e, _)| *e == k),
                    };
                    match place {
                        Some(i) => entries[i].1 = node,
                        None => {
                            if let Some(places) = &mut open.places {
                                places.insert(k.clone(), entries.len());
                            }
                            entries.push((k, node));
                        }
                    }
                }
            },
            _ => {}
        }
    }

    fn alias(&mut self, id: usize, mark: saphyr_parser::Marker) -> Node {
        if self.error.is_some() {
            return Node::Null;
        }
        let Some(node) = self.anchors.get(&id) else {
            return Node::Null;
        };
        match count_within(node, ALIAS_BUDGET.saturating_sub(self.aliased)) {
            Some(n) => {
                self.aliased += n;
                node.clone()
            }
            None => {
                self.error = Some(saphyr_parser::ScanError::new_str(
                    mark,
                    "alias expansion exceeded the maximum node budget (possible billion-laughs attack)",
                ));
                Node::Null
            }
        }
    }
}

/// How many nodes `node` holds (a mapping's key counts as one), if at most `budget`.
fn count_within(node: &Node, budget: usize) -> Option<usize> {
    fn walk(node: &Node, left: &mut usize) -> bool {
        if *left == 0 {
            return false;
        }
        *left -= 1;
        match node {
            Node::Seq(items) => items.iter().all(|n| walk(n, left)),
            Node::Map(entries) => entries.iter().all(|(_, v)| {
                if *left == 0 {
                    return false;
                }
                *left -= 1;
                walk(v, left)
            }),
            _ => true,
        }
    }
    let mut left = budget;
    walk(node, &mut left).then_some(budget - left)
}

impl<'input> saphyr_parser::SpannedEventReceiver<'input> for Builder {
    fn on_event(&mut self, ev: saphyr_parser::Event<'input>, span: saphyr_parser::Span) {
        use saphyr_parser::Event;
        if self.error.is_some() {
            return;
        }
        match ev {
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Open::new(Node::Seq(Vec::new()), anchor))
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::new(Node::Map(Vec::new()), anchor))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = self.stack.pop() {
                    self.insert(open.node, open.anchor);
                }
            }
            Event::Scalar(v, style, anchor, tag) => {
                let node = match saphyr::Scalar::parse_from_cow_and_metadata(
                    v,
                    style,
                    tag.as_ref().filter(|t| t.is_yaml_core_schema()),
                ) {
                    Some(s) => scalar(s.into_owned()),
                    None => Node::Null,
                };
                self.insert(node, anchor);
            }
            Event::Alias(id) => {
                let node = self.alias(id, span.start);
                self.insert(node, 0);
            }
            _ => {}
        }
    }
}

pub(super) fn scalar(s: ScalarOwned) -> Node {
    match s {
        ScalarOwned::Null => Node::Null,
        ScalarOwned::Boolean(b) => Node::Bool(b),
        ScalarOwned::Integer(i) => Node::Int(i),
        ScalarOwned::FloatingPoint(f) => Node::Float(f.into_inner()),
        ScalarOwned::String(s) => Node::Str(s),
    }
}

/// A key as JavaScript turns it into an object key.
fn key_string(n: &Node) -> String {
    match n {
        Node::Null => "null".into(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Float(f) => f.to_string(),
        Node::Str(s) => s.clone(),
        Node::Seq(_) | Node::Map(_) => "[object Object]".into(),
    }
}

/// Claude Code's fallback: each line `^([a-zA-Z_-]+):\s+(\S.*)$` whose value is not already
/// quoted (nor a valid `[...]` list) and holds any of `{}[]*&#!|>%@` and backquote, or `: `,
/// becomes `key: "value"` (with `\` and `"` escaped); then leading tabs become two spaces each.
/// CRLF lines never match (JavaScript's `.` stops at the `\r`). Returns the new text and the
/// byte spans (in `content`) of the lines it quoted.
pub fn rewrite(content: &str) -> (String, Vec<Span>) {
    let mut out = String::with_capacity(content.len() + 16);
    let mut quoted = Vec::new();
    let mut start = 0;
    for (i, line) in content.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match rewritten_line(line) {
            Some(new) => {
                quoted.push(Span::new(start, start + line.len()));
                out.push_str(&new);
            }
            None => out.push_str(line),
        }
        start += line.len() + 1;
    }
    (expand_leading_tabs(&out), quoted)
}

fn rewritten_line(line: &str) -> Option<String> {
    let (key_len, value) = quoted_by_rewrite(line)?;
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("{}: \"{escaped}\"", &line[..key_len]))
}

/// Claude Code's `^([a-zA-Z_-]+):\s+(\S.*)$` on one line (its fallback rewrite's, and 2.1.337's
/// CRLF retry's): the key's length and the value.
pub(super) fn key_line(line: &str) -> Option<(usize, &str)> {
    let key_len = line
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'-')
        .count();
    if key_len == 0 || line.as_bytes().get(key_len) != Some(&b':') {
        return None;
    }
    let after = &line[key_len + 1..];
    let value = after.trim_start_matches(is_js_space);
    if value.len() == after.len() || value.is_empty() {
        return None; // `\s+` needs at least one space, `\S` a value
    }
    // `.` matches no line terminator: a `\r` (CRLF), U+2028 or U+2029 anywhere fails the match
    let vb = value.as_bytes();
    if memchr::memchr(b'\r', vb).is_some()
        || memchr::memmem::find(vb, "\u{2028}".as_bytes()).is_some()
        || memchr::memmem::find(vb, "\u{2029}".as_bytes()).is_some()
    {
        return None;
    }
    Some((key_len, value))
}

/// Whether the rewrite puts this line's value in quotes: the key's length and the value.
pub(super) fn quoted_by_rewrite(line: &str) -> Option<(usize, &str)> {
    let (key_len, value) = key_line(line)?;
    let vb = value.as_bytes();
    let quoted = |q: char| value.starts_with(q) && value.ends_with(q);
    if quoted('"') || quoted('\'') {
        return None;
    }
    if value.starts_with('[') && value.ends_with(']') && matches!(parse(value), Ok(Node::Seq(_))) {
        return None;
    }
    let special = vb.iter().any(|&b| REWRITE_SPECIAL[usize::from(b)])
        || memchr::memmem::find(vb, b": ").is_some();
    special.then_some((key_len, value))
}

/// The characters that make the rewrite quote a value (besides `: `).
static REWRITE_SPECIAL: [bool; 256] = byte_set(b"{}[]*&#!|>%@`");

/// `replace(/^\t+/gm, t => "  ".repeat(t.length))`.
fn expand_leading_tabs(s: &str) -> String {
    if !s.contains('\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut at_line_start = true;
    for c in s.chars() {
        if at_line_start && c == '\t' {
            out.push_str("  ");
            continue;
        }
        at_line_start = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
        out.push(c);
    }
    out
}

/// Maps a byte offset of the rewritten text back to `content`: same line, the column clamped to
/// the line (the rewrite keeps the number of lines).
fn map_back(content: &str, rewritten: &str, at: usize) -> usize {
    let at = at.min(rewritten.len());
    let line = rewritten[..at].matches('\n').count();
    let col = at - rewritten[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let mut start = 0;
    for (i, l) in content.split('\n').enumerate() {
        if i == line {
            return start + col.min(l.len());
        }
        start += l.len() + 1;
    }
    content.len()
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices()
        .nth(chars)
        .map(|(b, _)| b)
        .unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Load {
        load(text).expect("a frontmatter")
    }

    #[test]
    fn delimiters_as_claude_code_finds_them() {
        assert!(
            delimit("\n---\nname: a\n---\n").is_none(),
            "blank line first"
        );
        assert!(delimit("----\nname: a\n---\n").is_none());
        assert!(delimit("---\nname: a\n").is_none(), "never closed");
        let t = "---\nname: a\ndescription: Before---after\nmodel: x\n---\nbody";
        let b = delimit(t).unwrap();
        assert_eq!(
            &t[b.content.start..b.content.end],
            "name: a\ndescription: Before"
        );
        let t = "\u{feff}---  \r\nname: a\r\n---\r\n";
        let b = delimit(t).unwrap();
        assert_eq!(&t[b.content.start..b.content.end], "name: a\r\n");
        // a `---` rule in the body closes an unclosed block
        let t = "---\nname: a\ndescription: b\n\ntext\n\n---\nmore";
        assert!(delimit(t).is_some());
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let l = root("---\nname: a\nname: b\n---\n");
        assert_eq!(l.outcome, Outcome::Parsed);
        assert_eq!(l.root.get("name"), Some(&Node::Str("b".into())));
        // at its first place, as a JavaScript object keeps it; `1` and "1" are one key there
        let l = root("---\nname: a\ntools: x\n1: y\nname: b\n'1': z\n---\n");
        assert_eq!(
            l.root,
            Node::Map(vec![
                ("name".into(), Node::Str("b".into())),
                ("tools".into(), Node::Str("x".into())),
                ("1".into(), Node::Str("z".into())),
            ])
        );
        // anchors and aliases expand; past the budget, the first parse fails as Bun's does (and
        // the fallback's quotes read the values as text)
        let l = root("---\nx: &a [1, 2]\ny: *a\n---\n");
        assert_eq!(
            l.root.get("y"),
            Some(&Node::Seq(vec![Node::Int(1), Node::Int(2)]))
        );
        let mut bomb = String::from("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, c) in ('b'..='h').enumerate() {
            let prev = (b'a' + i as u8) as char;
            bomb.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        bomb.push_str("---\n");
        let l = root(&bomb);
        assert!(
            matches!(&l.outcome, Outcome::Fallback { first, .. } if first.message.contains("alias")),
            "{l:?}"
        );
    }

    #[test]
    fn fallback_quotes_one_line_values() {
        let l = root("---\nname: a\ndescription: Use it: now\n---\n");
        assert!(matches!(l.outcome, Outcome::Fallback { .. }));
        assert_eq!(
            l.root.get("description"),
            Some(&Node::Str("Use it: now".into()))
        );
        // the comment stays in the value once the fallback ran
        let l = root("---\nname: a\ndescription: x: y\ntools: Read, Bash # read\n---\n");
        assert_eq!(
            l.root.get("tools"),
            Some(&Node::Str("Read, Bash # read".into()))
        );
        // tabs become two spaces each
        let l = root("---\nname: a\ntools:\n\t- Read\n---\n");
        assert_eq!(
            l.root.get("tools"),
            Some(&Node::Seq(vec![Node::Str("Read".into())]))
        );
        // an invalid flow value is read as text
        let l = root("---\nname: a\nskills: [a] [b]\n---\n");
        assert_eq!(l.root.get("skills"), Some(&Node::Str("[a] [b]".into())));
    }

    #[test]
    fn what_the_fallback_cannot_save() {
        for t in [
            // 2.1.337 retries CRLF with LF, but keeps no value quoting would change (a comment)
            "---\r\nname: a\r\ndescription: Use it: now #1\r\n---\r\n",
            "---\nname: a\ndescription: one\n<example>\n---\n",
            "---\nname: a\ndescription: one\n  two: three\n---\n",
            "---\nname: a\nx1: a: b\n---\n",
            "---\nname: a\ndescription: |\n  text\nmodel: a: b\n---\n",
            "---\nname: a\ndescription: \"abc\n---\n",
        ] {
            assert!(root(t).failed(), "{t:?}");
        }
        // `"abc: def` is not "already quoted": the rewrite quotes it whole
        assert!(!root("---\nname: a\ndescription: \"abc: def\n---\n").failed());
        // a CRLF line the rewrite skips loads after 2.1.337's retry with LF line endings
        let l = root("---\r\nname: a\r\ndescription: Use it: now\r\n---\r\n");
        assert!(matches!(l.outcome, Outcome::Fallback { .. }));
        assert_eq!(
            l.root.get("description"),
            Some(&Node::Str("Use it: now".into()))
        );
    }

    #[test]
    fn types_follow_the_core_schema() {
        let l = root("---\nname: 123\ndescription: ~\nflag: true\nlist: [a, 1]\n---\n");
        assert_eq!(l.root.get("name"), Some(&Node::Int(123)));
        assert_eq!(l.root.get("description"), Some(&Node::Null));
        assert_eq!(l.root.get("flag"), Some(&Node::Bool(true)));
        let l = root("---\n- a\n- b\n---\n");
        assert_eq!(l.root, Node::Map(Vec::new()));
    }
}
