//! The chunk cache: [`load_cached`] reads a block key by key (a top-level key and the lines
//! under it is a [`Chunk`]) and keeps each chunk's reading in a [`Cache`] while its text is
//! unchanged, so a keystroke re-parses the key it touched. The result is always [`load`]'s;
//! wherever YAML state could cross a chunk's end, the whole block is parsed instead.

use super::fast::{flow_list_value, plain_line_error, quoted_line_value, simple_line_value};
use super::nesting::{MAX_DEPTH, Nesting, nesting};
use super::verdict::{
    Load, Node, Outcome, YamlError, delimit, load, parse, parse_unchecked, rewrite,
};
use crate::syntax::Span;

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

#[cfg(test)]
mod tests {
    use super::*;

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
        // and two with more keys than the merge scans, the last one repeated next to itself and
        // the first one repeated far apart: both parses keep a repeated key at its first place,
        // as JavaScript does; no one-character edit turns a key into another
        let many: String = (0..40).map(|i| format!("a{i:02}b{i:02}: v\n")).collect();
        let last = format!("---\n{many}a39b39: again\n---\n");
        let first = format!("---\n{many}a00b00: again\n---\n");
        for head in heads.into_iter().chain([last.as_str(), first.as_str()]) {
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
}
