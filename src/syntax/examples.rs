//! The `<example>` convention inside a `description`: example blocks with their `Context:`,
//! `user:` / `assistant:` turns and `<commentary>`, located in the source through the
//! description's [`MappedText`] (so quoting and `\n` escapes do not shift any range).

use super::Span;
use super::mapped::MappedText;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    User,
    Assistant,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    pub role: Role,
    /// The label (`user:`), in the source.
    pub label: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// From `<example>` to the end of `</example>` (or of the description when unclosed).
    pub span: Span,
    pub open: Span,
    pub close: Option<Span>,
    /// The text of the `Context:` line, if any.
    pub context: Option<String>,
    pub turns: Vec<Turn>,
    pub commentary: Vec<Span>,
    /// Every tag of the example (`<example>`, `<commentary>`, and their closing tags).
    pub tags: Vec<Span>,
    /// The `Context:` label.
    pub context_label: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleProblemKind {
    Unclosed,
    StrayClose,
    Nested,
    CommentaryOutside,
    MissingTurn,
    TurnOrder,
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleProblem {
    pub kind: ExampleProblemKind,
    pub span: Span,
    pub message: String,
    /// A safe repair: insert this text at this source offset (closing an unclosed tag).
    pub insert: Option<(usize, &'static str)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Examples {
    pub examples: Vec<Example>,
    pub problems: Vec<ExampleProblem>,
}

impl Examples {
    /// The same examples, every source offset moved by `delta` (the description moved).
    pub fn shifted(&self, delta: isize) -> Examples {
        let mut out = self.clone();
        out.shift(delta);
        out
    }

    /// [`Examples::shifted`] in place.
    pub fn shift(&mut self, delta: isize) {
        let s = |sp: &mut Span| *sp = sp.shifted(delta);
        for e in &mut self.examples {
            s(&mut e.span);
            s(&mut e.open);
            e.close.as_mut().map(s);
            e.turns.iter_mut().for_each(|t| s(&mut t.label));
            e.commentary.iter_mut().for_each(s);
            e.tags.iter_mut().for_each(s);
            e.context_label.as_mut().map(s);
        }
        for p in &mut self.problems {
            s(&mut p.span);
            if let Some((at, _)) = p.insert.as_mut() {
                *at = Span::new(*at, *at).shifted(delta).start;
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    OpenExample,
    CloseExample,
    OpenCommentary,
    CloseCommentary,
    Turn(Role),
    Context,
}

const TAGS: [(&str, Token); 4] = [
    ("<example>", Token::OpenExample),
    ("</example>", Token::CloseExample),
    ("<commentary>", Token::OpenCommentary),
    ("</commentary>", Token::CloseCommentary),
];

const TURNS: [(&str, Token); 3] = [
    ("user", Token::Turn(Role::User)),
    ("assistant", Token::Turn(Role::Assistant)),
    ("context", Token::Context),
];

/// Tokens of `text` with their decoded byte ranges: the tags, and `user:`, `assistant:` and
/// `context:` (any case) at the start of a word. Every token holds a `<` or a `:` and none holds
/// both, so the search visits only those two bytes (a turn word is read back from its colon);
/// the tests compare it with a byte-by-byte scan.
fn tokens(text: &str) -> Vec<(Token, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for i in memchr::memchr2_iter(b'<', b':', bytes) {
        if bytes[i] == b'<' {
            if let Some((tag, tok)) = TAGS.iter().find(|(tag, _)| {
                bytes[i..].len() >= tag.len()
                    && bytes[i..i + tag.len()].eq_ignore_ascii_case(tag.as_bytes())
            }) {
                out.push((*tok, i, i + tag.len()));
            }
            continue;
        }
        let before = &bytes[..i];
        if let Some((word, tok)) = TURNS.iter().find(|(word, _)| {
            before.len() >= word.len()
                && before[i - word.len()..].eq_ignore_ascii_case(word.as_bytes())
        }) && (i == word.len() || !is_word(bytes[i - word.len() - 1]))
        {
            out.push((*tok, i - word.len(), i + 1));
        }
    }
    out
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'\''
}

struct Open {
    example: Example,
    start: usize,
    content_start: usize,
}

/// Scans a description for example blocks.
pub fn scan(desc: &MappedText) -> Examples {
    let text = &desc.text;
    let mut out = Examples::default();
    let mut open: Option<Open> = None;
    let mut commentary: Option<(usize, usize)> = None;
    let src = |a: usize, b: usize| desc.source_span(a, b);
    let problem = |out: &mut Examples, kind, span, message: String| {
        out.problems.push(ExampleProblem {
            kind,
            span,
            message,
            insert: None,
        })
    };
    let end = desc.source_offset(text.len());
    for (tok, a, b) in tokens(text) {
        match tok {
            Token::OpenExample => {
                if open.is_some() {
                    problem(
                        &mut out,
                        ExampleProblemKind::Nested,
                        src(a, b),
                        "`<example>` inside another `<example>`: close the first one with `</example>` before opening the next".into(),
                    );
                    continue;
                }
                open = Some(Open {
                    example: Example {
                        span: src(a, b),
                        open: src(a, b),
                        close: None,
                        context: None,
                        turns: Vec::new(),
                        commentary: Vec::new(),
                        tags: vec![src(a, b)],
                        context_label: None,
                    },
                    start: a,
                    content_start: b,
                });
            }
            Token::CloseExample => {
                let Some(mut o) = open.take() else {
                    problem(
                        &mut out,
                        ExampleProblemKind::StrayClose,
                        src(a, b),
                        "`</example>` without a matching `<example>`: remove it or add the opening tag".into(),
                    );
                    continue;
                };
                if let Some((ca, cb)) = commentary.take() {
                    problem(
                        &mut out,
                        ExampleProblemKind::Unclosed,
                        src(ca, cb),
                        "`<commentary>` is not closed before `</example>`: add `</commentary>`".into(),
                    );
                    if let Some(p) = out.problems.last_mut() {
                        p.insert = Some((src(a, b).start, "</commentary>"));
                    }
                }
                o.example.close = Some(src(a, b));
                o.example.tags.push(src(a, b));
                o.example.span = src(o.start, b);
                finish(&mut out, o.example, text[o.content_start..a].trim().is_empty());
            }
            Token::OpenCommentary => {
                if commentary.is_some() {
                    problem(
                        &mut out,
                        ExampleProblemKind::Nested,
                        src(a, b),
                        "`<commentary>` inside another `<commentary>`: close the first one first".into(),
                    );
                    continue;
                }
                if open.is_none() {
                    problem(
                        &mut out,
                        ExampleProblemKind::CommentaryOutside,
                        src(a, b),
                        "`<commentary>` outside an `<example>`: commentary explains an example, so put it inside one".into(),
                    );
                }
                if let Some(o) = open.as_mut() {
                    o.example.tags.push(src(a, b));
                }
                commentary = Some((a, b));
            }
            Token::CloseCommentary => match commentary.take() {
                Some((ca, _)) => {
                    if let Some(o) = open.as_mut() {
                        o.example.commentary.push(src(ca, b));
                        o.example.tags.push(src(a, b));
                    }
                }
                None => problem(
                    &mut out,
                    ExampleProblemKind::StrayClose,
                    src(a, b),
                    "`</commentary>` without a matching `<commentary>`: remove it or add the opening tag".into(),
                ),
            },
            Token::Turn(role) => {
                if commentary.is_none()
                    && let Some(o) = open.as_mut()
                {
                    o.example.turns.push(Turn {
                        role,
                        label: src(a, b - 1),
                    });
                }
            }
            Token::Context => {
                if commentary.is_none()
                    && let Some(o) = open.as_mut()
                    && o.example.context.is_none()
                {
                    let rest = &text[b..];
                    let end = rest
                        .find(['\n', '<'])
                        .unwrap_or(rest.len());
                    let ctx = rest[..end].trim();
                    // stop at the first turn label on a one-line example
                    let ctx = ["user:", "assistant:", "User:", "Assistant:"]
                        .iter()
                        .filter_map(|w| ctx.find(w))
                        .min()
                        .map(|i| ctx[..i].trim())
                        .unwrap_or(ctx);
                    o.example.context = Some(ctx.to_string());
                    o.example.context_label = Some(src(a, b - 1));
                }
            }
        }
    }
    if let Some((ca, cb)) = commentary {
        problem(
            &mut out,
            ExampleProblemKind::Unclosed,
            src(ca, cb),
            "`<commentary>` is never closed: add `</commentary>`".into(),
        );
        if let Some(p) = out.problems.last_mut() {
            p.insert = Some((end, "</commentary>"));
        }
    }
    if let Some(o) = open {
        problem(
            &mut out,
            ExampleProblemKind::Unclosed,
            o.example.open,
            "`<example>` is never closed: add `</example>` after its last turn".into(),
        );
        if let Some(p) = out.problems.last_mut() {
            p.insert = Some((end, "</example>"));
        }
        let mut ex = o.example;
        ex.span = src(o.start, text.len());
        out.examples.push(ex);
    }
    out
}

fn finish(out: &mut Examples, ex: Example, empty: bool) {
    if empty {
        out.problems.push(ExampleProblem {
            kind: ExampleProblemKind::Empty,
            span: ex.span,
            message: "empty `<example>`: give it a `Context:`, a `user:` turn and an `assistant:` turn, or remove it".into(),
            insert: None,
        });
    } else {
        let user = ex.turns.iter().find(|t| t.role == Role::User);
        let assistant = ex.turns.iter().find(|t| t.role == Role::Assistant);
        match (user, assistant) {
            (None, _) | (_, None) => {
                let missing = match (user.is_some(), assistant.is_some()) {
                    (false, false) => "no `user:` turn and no `assistant:` turn",
                    (false, true) => "no `user:` turn",
                    _ => "no `assistant:` turn",
                };
                out.problems.push(ExampleProblem {
                    kind: ExampleProblemKind::MissingTurn,
                    span: ex.open,
                    message: format!(
                        "this `<example>` has {missing}: an example shows what the user says and how the assistant delegates to this agent"
                    ),
                    insert: None,
                });
            }
            (Some(u), Some(a)) if a.label.start < u.label.start => {
                out.problems.push(ExampleProblem {
                    kind: ExampleProblemKind::TurnOrder,
                    span: a.label,
                    message: "`assistant:` comes before the first `user:` turn: an example starts with what the user says".into(),
                    insert: None,
                });
            }
            _ => {}
        }
    }
    out.examples.push(ex);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(s: &str) -> MappedText {
        let mut m = MappedText::new();
        m.push_verbatim(0, s);
        m.with_literal_newlines()
    }

    /// The definition [`tokens`] is tested against: every byte, in order.
    fn tokens_bytewise(text: &str) -> Vec<(Token, usize, usize)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'<' {
                if let Some((tag, tok)) = TAGS.iter().find(|(tag, _)| {
                    bytes[i..].len() >= tag.len()
                        && bytes[i..i + tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                }) {
                    out.push((*tok, i, i + tag.len()));
                    i += tag.len();
                    continue;
                }
            } else if i == 0 || !is_word(bytes[i - 1]) {
                for (word, tok) in TURNS {
                    let word = format!("{word}:");
                    if bytes[i..].len() >= word.len()
                        && bytes[i..i + word.len()].eq_ignore_ascii_case(word.as_bytes())
                    {
                        out.push((tok, i, i + word.len()));
                        i += word.len() - 1;
                        break;
                    }
                }
            }
            i += 1;
        }
        out
    }

    #[test]
    fn tokens_agree_with_a_byte_by_byte_scan() {
        let pieces = [
            "user",
            "User",
            "USER:",
            "assistant",
            "Assistant:",
            "context",
            "CONTEXT:",
            ":",
            ": ",
            "<",
            ">",
            "<example>",
            "</Example>",
            "<commentary>",
            "</commentary>",
            "<exam",
            "x",
            "-",
            "'",
            " ",
            "\\n",
            "é",
            "_",
            "a",
            "u",
            "c",
            "\n",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for _ in 0..(x % 12) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                text.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            assert_eq!(tokens(&text), tokens_bytewise(&text), "{text:?}");
        }
    }

    #[test]
    fn well_formed_example() {
        let d = mapped(
            "Use it. <example>Context: c user: 'hi' assistant: 'ok' <commentary>why</commentary></example>",
        );
        let e = scan(&d);
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(e.examples.len(), 1);
        assert_eq!(e.examples[0].context.as_deref(), Some("c"));
        assert_eq!(e.examples[0].turns.len(), 2);
    }

    #[test]
    fn malformed_examples() {
        let s = "<example>user: a\\n</example></example><example></example><example>assistant: x user: y</example><commentary>z</commentary><example>user: q";
        let e = scan(&mapped(s));
        let kinds: Vec<_> = e.problems.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ExampleProblemKind::MissingTurn,
                ExampleProblemKind::StrayClose,
                ExampleProblemKind::Empty,
                ExampleProblemKind::TurnOrder,
                ExampleProblemKind::CommentaryOutside,
                ExampleProblemKind::Unclosed,
            ]
        );
        let stray = &e.problems[1];
        assert_eq!(&s[stray.span.start..stray.span.end], "</example>");
        let order = &e.problems[3];
        assert_eq!(&s[order.span.start..order.span.end], "assistant");
    }
}
