//! What Claude Code does with the head of a file, step by step, as observed in 2.1.330 (its JS
//! read from the binary, every case checked with `cc-oracle`): the delimiter regex, the YAML
//! parse, and the one fallback rewrite it tries when that parse fails.
//!
//! The lenient scanner of [`super::frontmatter`] gives every key and value its exact span; this
//! module gives the verdict: does Claude Code read a frontmatter at all, does its YAML load, and
//! what value does it get. Diagnostics take locations from the scanner and verdicts from here.

use saphyr::{ScalarOwned, YamlLoader, YamlOwned};
use saphyr_parser::Parser;

use super::Span;

/// Nesting deeper than this is not handed to the YAML parser, whose loader recurses.
const MAX_DEPTH: usize = 256;

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
fn is_js_space(c: char) -> bool {
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
                Err(e) => {
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

/// The results of the last [`load_cached`], one per chunk of the block (a top-level key and the
/// lines under it), reused while a chunk's text is unchanged: a keystroke re-parses the key it
/// touched, not the whole head.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    chunks: Vec<Chunk>,
    /// The last call read the block chunk by chunk (not as a whole).
    chunked: bool,
}

impl Cache {
    /// Whether the last [`load_cached`] read the block chunk by chunk: its metadata is then the
    /// chunks' merged, and one chunk's new reading can replace its part (see [`Chunk`]).
    pub(crate) fn chunked(&self) -> bool {
        self.chunked
    }

    /// Keeps `new` for the next call in place of the chunk read from `old` (when there is one).
    pub(crate) fn replace(&mut self, old: &str, new: Chunk) {
        if let Some(c) = self.chunks.iter_mut().find(|c| c.text == old) {
            *c = new;
        }
    }
}

/// One chunk of a block (a top-level key with the lines under it), read as [`load_cached`]
/// reads it.
#[derive(Clone, Debug)]
pub(crate) struct Chunk {
    text: String,
    /// The first parse, offsets relative to the chunk.
    first: Result<Node, YamlError>,
    /// The fallback rewrite's parse and the spans it quoted (relative), computed when needed.
    second: Option<Result<(Node, Vec<Span>), YamlError>>,
    nesting: Nesting,
}

impl Chunk {
    pub(crate) fn new(text: &str) -> Chunk {
        let nesting = nesting(text);
        let first = match nesting.too_deep {
            Some(at) => Err(YamlError {
                at,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            }),
            None => match plain_line_error(text) {
                Some(e) => Err(e),
                None => simple_line_value(text)
                    .or_else(|| flow_list_value(text))
                    .map(Ok)
                    .unwrap_or_else(|| parse_unchecked(text)),
            },
        };
        Chunk {
            text: text.to_string(),
            first,
            second: None,
            nesting,
        }
    }

    /// The first parse (offsets relative to the chunk).
    pub(crate) fn first(&self) -> &Result<Node, YamlError> {
        &self.first
    }

    /// Whether the chunk reads the same alone as in its block: nothing in it reaches past its
    /// end (an open bracket or quote, a missing final line break), it is not too deep, and an
    /// error of its first parse is not one its end may have caused.
    pub(crate) fn alone(&self) -> bool {
        self.nesting.too_deep.is_none()
            && !self.nesting.carries
            && self
                .first
                .as_ref()
                .err()
                .is_none_or(|e| trusted(e, &self.text))
    }

    /// The parse of the fallback rewrite, with the spans it quoted (relative to the chunk).
    pub(crate) fn second(&mut self) -> &Result<(Node, Vec<Span>), YamlError> {
        self.second.get_or_insert_with(|| {
            if let Some(node) = quoted_line_value(&self.text) {
                return Ok((
                    node,
                    vec![Span::new(0, self.text.trim_end_matches('\n').len())],
                ));
            }
            let (rewritten, quoted) = rewrite(&self.text);
            if rewritten == self.text {
                // the rewrite changed nothing: its parse is the first one (`first` ran the same
                // nesting check and parser)
                return self.first.clone().map(|n| (n, quoted));
            }
            parse(&rewritten).map(|n| (n, quoted))
        })
    }
}

/// Whether the parser reads `key` as the string it is (not a number, boolean or null): it starts
/// with a letter or `_` and is no word the core schema resolves.
fn string_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

/// A key of word characters that the parser reads as the string it is.
fn word_key(key: &str) -> bool {
    string_key(key)
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether a value starting with these bytes can start nothing but a plain scalar.
fn starts_plain(value: &[u8]) -> bool {
    match value {
        [b'-' | b'+' | b'.', next, ..] => *next != b' ',
        [first, ..] => first.is_ascii_alphanumeric() || matches!(first, b'_' | b'/' | b'~'),
        [] => false,
    }
}

/// What the parse of a chunk that is one plain line gives, without running the parser (the most
/// common keystroke edits `name: my-agent` or `model: sonnet`): `key: value` with a key of word
/// characters that the core schema leaves a string, and a value of letters, digits, spaces and
/// `_-./()+=;~` that cannot start anything but a plain scalar. The value is resolved as the
/// loader resolves an untagged plain scalar. `None` for anything else (the tests compare it
/// with the parser).
fn simple_line_value(chunk: &str) -> Option<Node> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    let (key, rest) = line.split_once(": ")?;
    let value = rest.trim_matches(' ');
    let vb = value.as_bytes();
    let plain_value = vb.iter().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'_' | b'-' | b'.' | b'/' | b'(' | b')' | b'+' | b'=' | b';' | b'~'
            )
    });
    if !(word_key(key) && starts_plain(vb) && plain_value) {
        return None;
    }
    let v = ScalarOwned::parse_from_cow_and_metadata(
        std::borrow::Cow::Borrowed(value),
        saphyr::ScalarStyle::Plain,
        None,
    )?;
    Some(Node::Map(vec![(key.to_string(), scalar(v))]))
}

/// What the parse of a chunk that is a key and a one-line flow list gives, without running the
/// parser (a keystroke in `allowed-tools: ["Read", "Bash(git:*)"]`, on the key's line or the next
/// one, indented): items double-quoted without escapes, or plain words of letters, digits, `_`
/// and `-` (resolved as the loader resolves a plain scalar), separated by commas. `None` for
/// anything else (the tests compare it with the parser).
fn flow_list_value(chunk: &str) -> Option<Node> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    let (key, rest) = line.split_once(':')?;
    if !word_key(key) {
        return None;
    }
    // on the key's line after a space, or on the next line after an indentation of spaces
    let list = match rest.strip_prefix('\n') {
        Some(next) => {
            let t = next.trim_start_matches(' ');
            (t.len() < next.len()).then_some(t)?
        }
        None => {
            let t = rest.trim_start_matches(' ');
            (t.len() < rest.len()).then_some(t)?
        }
    };
    let mut b = list.strip_prefix('[')?.trim_start_matches(' ').as_bytes();
    let mut items = Vec::new();
    if let Some(after) = b.strip_prefix(b"]") {
        b = after;
    } else {
        loop {
            let (item, after) = match b.first()? {
                b'"' => {
                    let end = memchr::memchr(b'"', &b[1..])? + 1;
                    let text = &b[1..end];
                    if !text.iter().all(|c| (b' '..0x7f).contains(c) && *c != b'\\') {
                        return None;
                    }
                    (
                        Node::Str(String::from_utf8_lossy(text).into_owned()),
                        &b[end + 1..],
                    )
                }
                c if c.is_ascii_alphabetic() => {
                    let n = b
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                        .count();
                    let word = std::str::from_utf8(&b[..n]).ok()?;
                    let v = ScalarOwned::parse_from_cow_and_metadata(
                        std::borrow::Cow::Borrowed(word),
                        saphyr::ScalarStyle::Plain,
                        None,
                    )?;
                    (scalar(v), &b[n..])
                }
                _ => return None,
            };
            items.push(item);
            let after = after.trim_ascii_start();
            match after.first()? {
                b',' => b = after[1..].trim_ascii_start(),
                b']' => {
                    b = &after[1..];
                    break;
                }
                _ => return None,
            }
        }
    }
    if !b.iter().all(|c| *c == b' ') || b.contains(&b'\t') {
        return None;
    }
    Some(Node::Map(vec![(key.to_string(), Node::Seq(items))]))
}

/// The parser's error on a chunk that is one line `key: value` whose plain value holds a `: `
/// (a description that reads `Use this: ...`), without running the parser: it stops at the first
/// `:` followed by a space or the end of the line. Only when nothing before that colon could end
/// the scalar or fail first (a `#`, a tab or another control character, a character YAML does not
/// allow in a stream) and the value cannot start anything but a plain scalar; `None` otherwise
/// (the tests compare it with the parser).
fn plain_line_error(chunk: &str) -> Option<YamlError> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    let (key, rest) = line.split_once(": ")?;
    let value = rest.trim_start_matches(' ');
    let vb = value.as_bytes();
    if !(word_key(key) && starts_plain(vb)) {
        return None;
    }
    let colon =
        memchr::memchr_iter(b':', vb).find(|&i| matches!(vb.get(i + 1), None | Some(b' ')))?;
    let before = &value[..colon];
    (printable(before) && memchr::memchr(b'#', before.as_bytes()).is_none()).then(|| YamlError {
        at: line.len() - value.len() + colon,
        message: "mapping values are not allowed in this context".into(),
    })
}

/// Whether every character of `s` is one YAML allows in a stream and no control character (a
/// tab included): none below a space, DEL, U+0080 to U+009F, U+FEFF, U+FFFE or U+FFFF. Byte by
/// byte, in one pass the compiler vectorises, then the two lead bytes of the non-ASCII ones.
fn printable(s: &str) -> bool {
    let b = s.as_bytes();
    let controls = b
        .iter()
        .fold(false, |any, &c| any | (c < b' ') | (c == 0x7f));
    // valid UTF-8: 0xC2 and 0xEF only ever lead a character, and a continuation follows
    !controls
        && memchr::memchr2_iter(0xC2, 0xEF, b).all(|i| match b[i] {
            0xC2 => !(0x80..=0x9f).contains(&b[i + 1]),
            _ => !matches!(
                (b[i + 1], b[i + 2]),
                (0xBB, 0xBF) | (0xBF, 0xBE) | (0xBF, 0xBF)
            ),
        })
}

/// What the parse of a chunk that is one line the rewrite quotes gives, without running the
/// parser: `key: "value"`, the value as it was (the rewrite escaped every `\` and `"`, which the
/// double-quoted scalar reads back). `None` where the parser could read it otherwise: a key the
/// core schema resolves to a boolean or null, a character YAML does not allow in a stream.
fn quoted_line_value(chunk: &str) -> Option<Node> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    if line.contains('\n') || line.contains('\t') {
        return None;
    }
    let (key_len, value) = quoted_by_rewrite(line)?;
    let key = &line[..key_len];
    let plain_key = string_key(key);
    (plain_key && printable(value))
        .then(|| Node::Map(vec![(key.to_string(), Node::Str(value.to_string()))]))
}

/// A chunk's brackets and indentation as [`too_deep`] counts them: where it passes the limit,
/// and whether the count carries into the next chunk (a bracket or quote left open).
#[derive(Clone, Copy, Debug)]
struct Nesting {
    too_deep: Option<usize>,
    carries: bool,
}

fn nesting(s: &str) -> Nesting {
    let (too_deep, depth, quote) = scan_nesting(s);
    Nesting {
        too_deep,
        carries: depth > 0 || quote || !s.ends_with('\n'),
    }
}

/// [`load`], chunk by chunk, with the chunks of the last call reused; the result is always the
/// one [`load`] gives (the property tests compare them after random edits). A top-level key at
/// column 0 starts a chunk; where YAML state could cross a chunk's end (anchors and aliases,
/// document markers, directives, an error that the end of the chunk may have caused), the whole
/// block is parsed instead.
pub fn load_cached(text: &str, cache: &mut Cache) -> Option<Load> {
    let block = delimit(text)?;
    let content = &text[block.content.start..block.content.end];
    let base = block.content.start;
    cache.chunked = false;
    let Some(bounds) = chunk_bounds(content) else {
        cache.chunks.clear();
        return load(text);
    };
    let mut old: Vec<Option<Chunk>> = std::mem::take(&mut cache.chunks)
        .into_iter()
        .map(Some)
        .collect();
    let mut chunks: Vec<Chunk> = Vec::with_capacity(bounds.len());
    for (i, &(s, e)) in bounds.iter().enumerate() {
        let t = &content[s..e];
        // the chunk at the same index is the likely one; an inserted or deleted key shifts them
        let hit = std::iter::once(i).chain(0..old.len()).find(|&j| {
            old.get(j)
                .is_some_and(|c| c.as_ref().is_some_and(|c| c.text == t))
        });
        chunks.push(match hit.and_then(|j| old[j].take()) {
            Some(c) => c,
            None => Chunk::new(t),
        });
    }
    let whole = |cache: &mut Cache, chunks: Vec<Chunk>| {
        cache.chunks = chunks;
        load(text)
    };
    // nesting is counted over the whole block before any parse, as [`load`] does: the chunks'
    // counts are the block's when none carries into the next
    let last = chunks.len().saturating_sub(1);
    if chunks
        .iter()
        .enumerate()
        .any(|(i, c)| c.nesting.too_deep.is_some() || (c.nesting.carries && i < last))
    {
        return whole(cache, chunks);
    }
    let mut first_error = None;
    for (c, &(s, _)) in chunks.iter().zip(&bounds) {
        if let Err(e) = &c.first {
            if !trusted(e, &c.text) {
                return whole(cache, chunks);
            }
            first_error = Some(YamlError {
                at: base + s + e.at,
                message: e.message.clone(),
            });
            break;
        }
    }
    let (outcome, root) = match first_error {
        None => {
            let root = merge(chunks.iter().map(|c| c.first.as_ref().ok()));
            (Outcome::Parsed, root)
        }
        Some(first) => {
            let mut quoted = Vec::new();
            let mut failed = false;
            for (c, &(s, _)) in chunks.iter_mut().zip(&bounds) {
                match c.second() {
                    Ok((_, q)) => quoted.extend(
                        q.iter()
                            .map(|sp| Span::new(base + s + sp.start, base + s + sp.end)),
                    ),
                    Err(_) => failed = true,
                }
            }
            if failed {
                // both parses fail: rare, and where the second stopped needs the whole text
                return whole(cache, chunks);
            }
            let root = merge(chunks.iter().map(|c| match &c.second {
                Some(Ok((n, _))) => Some(n),
                _ => None,
            }));
            (Outcome::Fallback { first, quoted }, root)
        }
    };
    let Some(root) = root else {
        return whole(cache, chunks);
    };
    cache.chunks = chunks;
    cache.chunked = true;
    Some(Load {
        block,
        outcome,
        root,
    })
}

/// An error of a chunk parsed alone is the document's only when the chunk's end cannot have
/// caused it: not at the end of the stream, and not within a few bytes of the chunk's end (a
/// scanner looks that far ahead).
fn trusted(e: &YamlError, chunk: &str) -> bool {
    const LOOKAHEAD: usize = 8;
    !e.message.contains("end of stream") && e.at + LOOKAHEAD <= chunk.trim_end().len()
}

/// The chunks' mappings as one, as the whole block's parse gives it: keys in order of first
/// appearance, a repeated key with its last value. `None` when a chunk is not a mapping (only a
/// leading run of comments may be empty).
fn merge<'a>(nodes: impl Iterator<Item = Option<&'a Node>>) -> Option<Node> {
    let mut pairs: Vec<&(String, Node)> = Vec::new();
    for (i, n) in nodes.enumerate() {
        match n? {
            Node::Map(m) => pairs.extend(m.iter()),
            Node::Null if i == 0 => {}
            _ => return None,
        }
    }
    let mut out: Vec<(String, Node)> = Vec::with_capacity(pairs.len());
    // a frontmatter has a handful of keys: a scan of those kept beats hashing each (a hashed
    // index past that, so that thousands of keys stay linear)
    let mut at: Option<std::collections::HashMap<&str, usize>> =
        (pairs.len() > 32).then(std::collections::HashMap::new);
    for (k, v) in pairs {
        let seen = match at.as_mut() {
            Some(at) => at.get(k.as_str()).copied(),
            None => out.iter().position(|(seen, _)| seen == k),
        };
        match seen {
            Some(i) => out[i].1 = v.clone(),
            None => {
                if let Some(at) = at.as_mut() {
                    at.insert(k.as_str(), out.len());
                }
                out.push((k.clone(), v.clone()));
            }
        }
    }
    Some(Node::Map(out))
}

/// Where the chunks of a block start and end: a line that begins at column 0 with a plain key
/// (`[A-Za-z0-9_-]+:` and a space or the line's end) starts one; only blank lines and comments
/// may come before the first. `None` when the block holds anything whose meaning crosses lines
/// of different keys: an anchor or alias, a document marker or directive, a byte order mark.
fn chunk_bounds(content: &str) -> Option<Vec<(usize, usize)>> {
    if content.contains('\u{feff}') || anchors_or_aliases(content) {
        return None;
    }
    let mut starts = Vec::new();
    let mut at = 0;
    for line in content.split_inclusive('\n') {
        if is_key_line(line) {
            starts.push(at);
        } else if line.starts_with("...") || line.starts_with("---") || line.starts_with('%') {
            return None;
        } else if starts.is_empty() {
            let t = line.trim_start_matches([' ', '\t']);
            if !(t.trim_end().is_empty() || t.starts_with('#')) {
                return None;
            }
        }
        at += line.len();
    }
    let first = *starts.first()?;
    let mut out = Vec::with_capacity(starts.len() + 1);
    if first > 0 {
        out.push((0, first));
    }
    for (i, &s) in starts.iter().enumerate() {
        out.push((s, starts.get(i + 1).copied().unwrap_or(content.len())));
    }
    Some(out)
}

fn is_key_line(line: &str) -> bool {
    let b = line.as_bytes();
    let n = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
        .count();
    n > 0
        && b.get(n) == Some(&b':')
        && matches!(b.get(n + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

/// A superset of the places where an anchor (`&a`) or an alias (`*a`) may start a node: after a
/// space, a line break, a bracket or a comma.
pub(crate) fn anchors_or_aliases(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'&', b'*', b)
        .any(|i| i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','))
}

/// `Bun.YAML.parse` as closely as a YAML 1.2 parser gets: duplicate keys keep the last value.
/// The error offset is a byte offset into `s`.
fn parse(s: &str) -> Result<Node, YamlError> {
    if let Some(at) = too_deep(s) {
        return Err(YamlError {
            at,
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
        });
    }
    parse_unchecked(s)
}

/// [`parse`] without the nesting check.
fn parse_unchecked(s: &str) -> Result<Node, YamlError> {
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
        let mut loader: YamlLoader<YamlOwned> = YamlLoader::default();
        loader.allow_duplicate_keys(true);
        let mut parser = Parser::new_from_str(s);
        parser.load(&mut loader, false)?;
        // past saphyr's alias expansion budget too: Bun refuses "Excessive aliasing"
        if let Some(e) = loader.error() {
            return Err(e.clone());
        }
        Ok(loader.into_documents())
    });
    match result {
        Ok(Ok(docs)) => Ok(docs.into_iter().next().map(to_node).unwrap_or(Node::Null)),
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

fn to_node(y: YamlOwned) -> Node {
    match y {
        YamlOwned::Value(s) => scalar(s),
        YamlOwned::Representation(s, _, _) => Node::Str(s),
        YamlOwned::Sequence(items) => Node::Seq(items.into_iter().map(to_node).collect()),
        YamlOwned::Mapping(m) => {
            let mut out: Vec<(String, Node)> = Vec::with_capacity(m.len());
            let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
            for (k, v) in m {
                let key = key_string(&to_node(k));
                let v = to_node(v);
                match at.get(&key) {
                    Some(&i) => out[i].1 = v,
                    None => {
                        at.insert(key.clone(), out.len());
                        out.push((key, v));
                    }
                }
            }
            Node::Map(out)
        }
        YamlOwned::Tagged(_, inner) => to_node(*inner),
        _ => Node::Null,
    }
}

fn scalar(s: ScalarOwned) -> Node {
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

/// Whether the rewrite puts this line's value in quotes: the key's length and the value.
fn quoted_by_rewrite(line: &str) -> Option<(usize, &str)> {
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

/// A table that says, for every byte, whether it is one of `bytes`.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}

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

/// The byte offset where bracket or indentation nesting passes [`MAX_DEPTH`], if it does.
pub(crate) fn too_deep(s: &str) -> Option<usize> {
    scan_nesting(s).0
}

/// [`too_deep`], and the bracket depth and open quote at the end of `s`.
fn scan_nesting(s: &str) -> (Option<usize>, usize, bool) {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    // the last byte that was not a space: a quote after one of these opens a quoted scalar
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        // a run of bytes that only move `prev` (spaces do not even do that)
        let run = bytes[i..]
            .iter()
            .position(|&c| NESTING_STOPS[usize::from(c)])
            .unwrap_or(bytes.len() - i);
        if run > 0 {
            if let Some(&last) = bytes[i..i + run]
                .iter()
                .rev()
                .find(|&&c| c != b' ' && c != b'\t')
            {
                prev = last;
            }
            i += run;
            continue;
        }
        let b = bytes[i];
        if (b == b'"' || b == b'\'') && matches!(prev, b'\n' | b':' | b'-' | b'[' | b'{' | b',') {
            // a quoted scalar: up to its closing quote (`\"` does not close a double-quoted one)
            let mut from = i + 1;
            loop {
                match memchr::memchr(b, &bytes[from..]) {
                    None => return (None, depth, true),
                    Some(k) if b == b'"' && bytes[from + k - 1] == b'\\' => from += k + 1,
                    Some(k) => {
                        i = from + k + 1;
                        break;
                    }
                }
            }
            continue;
        }
        prev = b;
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return (Some(i), depth, false);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                let ind = bytes[i + 1..]
                    .iter()
                    .take_while(|c| **c == b' ' || **c == b'-')
                    .count();
                if ind > MAX_DEPTH * 2 {
                    return (Some(i + 1), depth, false);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (None, depth, false)
}

/// The bytes [`scan_nesting`] looks at: brackets, quotes, line breaks.
static NESTING_STOPS: [bool; 256] = byte_set(b"[]{}\"'\n");

#[cfg(test)]
mod tests {
    use super::*;

    /// [`scan_nesting`] as a byte-by-byte loop: the definition the fast one must agree with.
    fn scan_nesting_bytewise(s: &str) -> (Option<usize>, usize, bool) {
        let bytes = s.as_bytes();
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut prev = b'\n';
        for (i, &b) in bytes.iter().enumerate() {
            if let Some(q) = quote {
                if b == q && !(q == b'"' && i > 0 && bytes[i - 1] == b'\\') {
                    quote = None;
                }
                continue;
            }
            if b != b' ' && b != b'\t' {
                let opens = matches!(prev, b'\n' | b':' | b'-' | b'[' | b'{' | b',');
                if (b == b'"' || b == b'\'') && opens {
                    quote = Some(b);
                    continue;
                }
                prev = b;
            }
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return (Some(i), depth, false);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'\n' => {
                    let ind = s[i + 1..]
                        .bytes()
                        .take_while(|c| *c == b' ' || *c == b'-')
                        .count();
                    if ind > MAX_DEPTH * 2 {
                        return (Some(i + 1), depth, false);
                    }
                }
                _ => {}
            }
        }
        (None, depth, quote.is_some())
    }

    /// A fast path's reading of `chunk` is the parser's (compared as printed: NaN is not equal
    /// to itself).
    fn assert_reads_as_the_parser(chunk: &str, fast: &Node) {
        let parsed = parse_unchecked(chunk).map(|n| format!("{n:?}"));
        assert_eq!(
            Ok(format!("{fast:?}")),
            parsed.map_err(|e| e.message),
            "{chunk:?}"
        );
    }

    /// Every one-line chunk [`simple_line_value`] reads, it reads as the parser does.
    #[test]
    fn simple_lines_read_as_the_parser_reads_them() {
        let mut values: Vec<String> = [
            "true",
            "True",
            "TRUE",
            "false",
            "null",
            "Null",
            "NULL",
            "~",
            "0x1F",
            "0o17",
            "1e3",
            "1.5",
            ".5",
            "-.5",
            "+1",
            "-1",
            "1_000",
            ".inf",
            "-.inf",
            "+.inf",
            ".nan",
            ".NaN",
            "yes",
            "no",
            "on",
            "off",
            "0",
            "00",
            "-0",
            "1.",
            "1e",
            "e1",
            "0x",
            "0o8",
            "sonnet",
            "backend-architect",
            "a b  c",
            "claude-opus-4-1",
            "x(y)",
            "a=b;c",
            "~x",
            "/path/to",
            "9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "- a",
            "-a",
            "+ 1",
            ". x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // and a fixed pseudo-random sample over the allowed characters
        let alphabet = b"aZ019 _-./()+=;~xoeEnultrf";
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let len = 1 + (x % 7) as usize;
            let mut v = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                v.push(char::from(alphabet[(x % alphabet.len() as u64) as usize]));
            }
            values.push(v);
        }
        let mut read = 0;
        for key in ["name", "model", "a_b", "x-1", "True", "null", "1a", "on"] {
            for v in &values {
                for chunk in [
                    format!("{key}: {v}\n"),
                    format!("{key}:   {v}  \n"),
                    format!("{key}: {v}"),
                ] {
                    if let Some(fast) = simple_line_value(&chunk) {
                        read += 1;
                        assert_reads_as_the_parser(&chunk, &fast);
                    }
                }
            }
        }
        assert!(read > 20_000, "only {read} chunks took the fast path");
    }

    #[test]
    fn printable_agrees_with_a_character_by_character_check() {
        let by_char = |s: &str| {
            s.chars().all(|c| {
                !(c < ' '
                    || ('\u{7f}'..='\u{9f}').contains(&c)
                    || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
            })
        };
        let alphabet = [
            'a',
            ' ',
            '\t',
            '\u{1f}',
            '\u{7f}',
            '\u{80}',
            '\u{9f}',
            '\u{a0}',
            'é',
            '\u{feff}',
            '\u{fefe}',
            '\u{fffd}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{10000}',
            '—',
            '\u{ef}',
            '\u{c2}',
        ];
        for s in crate::text::all_strings(&alphabet, 3) {
            assert_eq!(printable(&s), by_char(&s), "{s:?}");
        }
    }

    /// Every chunk [`flow_list_value`] reads, it reads as the parser does.
    #[test]
    fn flow_lists_read_as_the_parser_reads_them() {
        let pieces = [
            "\"Read\"",
            "\"Bash(git add:*)\"",
            "\"a b\"",
            "\"\"",
            "\"x,y\"",
            "\"#c\"",
            "\"é\"",
            "\"a\\\"b\"",
            "\"a\\nb\"",
            "\"\\t\"",
            "Read",
            "true",
            "null",
            "No",
            "x-1",
            "a_b",
            "1",
            ".5",
            ", ",
            ",",
            " , ",
            "  ",
            " ",
            "[",
            "]",
            "\"",
            "#",
            "\t",
            "Bash(x)",
            ":",
            "'q'",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut read = 0;
        for round in 0..300_000 {
            let mut list = String::from("[");
            for _ in 0..next(8) {
                list.push_str(pieces[next(pieces.len() as u64) as usize]);
            }
            if next(4) > 0 {
                list.push(']');
            }
            let key = ["allowed-tools", "tools", "true", "a b"][round % 4];
            let lead = ["\n  ", " ", "\n ", "  ", "\n", "\n\t"][(round / 4) % 6];
            let tail = ["\n", "", "  \n", " # c\n"][(round / 24) % 4];
            let chunk = format!("{key}:{lead}{list}{tail}");
            if let Some(fast) = flow_list_value(&chunk) {
                read += 1;
                assert_reads_as_the_parser(&chunk, &fast);
            }
        }
        assert!(read > 10_000, "only {read} chunks took the fast path");
    }

    /// Every one-line chunk [`plain_line_error`] answers for, the parser fails on at the same
    /// place with the same message.
    #[test]
    fn plain_line_errors_are_the_parsers() {
        let alphabet = [
            "a", "Z", "0", " ", " ", ":", ":", ": ", "#", " #", "\t", ",", "[", "]", "{", "}", "'",
            "\"", "\\", "\\n", "&", "*", "!", "|", ">", "%", "@", "`", "-", "?", "é", "—", "😀",
            "\u{85}", "\u{a0}", "\u{feff}", "\u{2028}", "\u{7f}", "\r", "\u{1}", "~", "/", ".",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut answered = 0;
        for round in 0..200_000 {
            let mut value = String::new();
            for _ in 0..1 + next(10) {
                value.push_str(alphabet[next(alphabet.len() as u64) as usize]);
            }
            let key = ["description", "name", "x-y_1", "true", "1a"][round % 5];
            let spaces = [" ", "  ", " "][round % 3];
            for chunk in [
                format!("{key}:{spaces}{value}\n"),
                format!("{key}:{spaces}{value}"),
                format!("{key}:{spaces}Use it{value}\n"),
            ] {
                if let Some(fast) = plain_line_error(&chunk) {
                    answered += 1;
                    assert_eq!(parse_unchecked(&chunk).map(|_| ()), Err(fast), "{chunk:?}");
                }
            }
        }
        assert!(
            answered > 15_000,
            "only {answered} chunks took the fast path"
        );
    }

    #[test]
    fn nesting_scan_agrees_with_a_byte_by_byte_scan() {
        let alphabet = ['a', ' ', '"', '\'', '[', '}', '\n', '\\', ':', '-'];
        let base = alphabet.len();
        for t in crate::text::all_strings(&alphabet, 6) {
            assert_eq!(scan_nesting(&t), scan_nesting_bytewise(&t), "{t:?}");
        }
        // long texts past the depth limits, from a fixed pseudo-random sequence
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut deep = 0;
        for _ in 0..2000 {
            let mut t = String::new();
            for _ in 0..900 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let pick = (x % 40) as usize;
                t.push(if pick < base { alphabet[pick] } else { '[' });
            }
            assert_eq!(scan_nesting(&t), scan_nesting_bytewise(&t), "{t:?}");
            deep += usize::from(scan_nesting(&t).0.is_some());
        }
        assert!(deep > 100, "{deep} of the long texts pass the limit");
        for t in [
            format!("a:\n{}x", " ".repeat(600)),
            format!("a: \"[\n{}", "-".repeat(600)),
        ] {
            assert_eq!(scan_nesting(&t), scan_nesting_bytewise(&t), "{t:?}");
        }
    }

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

    /// Every one-character insertion and deletion anywhere in these heads: the chunked parse
    /// with a cache kept across the edits gives exactly what a parse of the whole block gives.
    #[test]
    fn chunked_parse_equals_the_whole_parse_after_any_edit() {
        let heads = [
            "---\nname: a\ndescription: Use it: now. Examples: user: hi\ntools: Read, Bash\nmodel: sonnet\n---\nbody",
            "---\n# c\nname: 'a b'\ndescription: \"x \\\" y\"\ntools:\n  - Read\n- Bash\nmodel: [a, b]\n---\n",
            "---\r\nname: a\r\ndescription: |\r\n  one: two\r\n  three\r\nhooks:\r\n  x: {a: b}\r\n---\r\n",
            "---\nname: a\nname: b\nx: &a 1\ny: *a\n\tz: 3\ndescription: \"open\nmore: x\"\n---\n",
            "---\nname: a\ndescription: one\n  two: three\nx1: a: b\nk: [a] [b]\n...\n---\n",
        ];
        let inserts = [
            'a', ':', ' ', '"', '\'', '[', ']', '{', '#', '\n', '&', '*', '-', '|', '\t',
        ];
        // and one with more keys than the merge scans, the last one repeated; no one-character
        // edit turns a key into another (a key repeated further apart is merged at its first
        // place, where JavaScript keeps it, and the whole parse moves it to its last)
        let many: String = (0..40).map(|i| format!("a{i:02}b{i:02}: v\n")).collect();
        let many = format!("---\n{many}a39b39: again\n---\n");
        for head in heads.into_iter().chain([many.as_str()]) {
            let end = head.rfind("---").unwrap_or(head.len());
            let mut cache = Cache::default();
            let _ = load_cached(head, &mut cache);
            if !head.contains(['&', '.']) {
                assert!(cache.chunks.len() > 2, "chunked: {head:?}");
            }
            for at in (0..end).filter(|i| head.is_char_boundary(*i)) {
                let mut variants: Vec<String> = inserts
                    .iter()
                    .map(|c| {
                        let mut t = head.to_string();
                        t.insert(at, *c);
                        t
                    })
                    .collect();
                let mut del = head.to_string();
                if at < del.len() {
                    del.remove(at);
                    variants.push(del);
                }
                for t in variants {
                    assert_eq!(load_cached(&t, &mut cache), load(&t), "{t:?}");
                    // and back, as a keystroke and its undo
                    assert_eq!(load_cached(head, &mut cache), load(head), "{head:?}");
                }
            }
        }
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let l = root("---\nname: a\nname: b\n---\n");
        assert_eq!(l.outcome, Outcome::Parsed);
        assert_eq!(l.root.get("name"), Some(&Node::Str("b".into())));
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
            "---\r\nname: a\r\ndescription: Use it: now\r\n---\r\n",
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
