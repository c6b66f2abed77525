//! Claude Code's JSON configuration files read with exact byte spans. The parse is dprint's
//! `jsonc-parser` (maintained, made for editors: byte ranges on every node and token) run in its
//! lenient mode, so that the two mistakes people make most (a comment, a trailing comma) do not
//! hide the rest of the file: they become [`JsonProblem`]s, because Claude Code's own parser
//! (strict JSON) rejects the whole file for either. Anything else that is not JSON stops the
//! parse at the error. A leading byte order mark is skipped, as Claude Code skips it.

use jsonc_parser::ast;
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::Span;

/// A JSON value with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct JNode {
    pub span: Span,
    pub value: JValue,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JValue {
    Null,
    Bool(bool),
    /// The number as written, and its value.
    Number(String, f64),
    Str(String),
    Array(Vec<JNode>),
    /// Properties in source order (a repeated key is kept twice: the last wins in Claude Code).
    Object(Vec<JProp>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct JProp {
    pub key: String,
    pub key_span: Span,
    pub value: JNode,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonProblem {
    Comment,
    TrailingComma,
    /// Not JSON at all here: the parse stops (the parser's message).
    Syntax(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Json {
    /// `None` when the text holds no value (empty, white space only) or the parse failed.
    pub root: Option<JNode>,
    pub problems: Vec<(Span, JsonProblem)>,
}

impl JValue {
    /// What the value is, for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            JValue::Null => "null",
            JValue::Bool(_) => "a boolean",
            JValue::Number(..) => "a number",
            JValue::Str(_) => "a string",
            JValue::Array(_) => "a list",
            JValue::Object(_) => "an object",
        }
    }
}

impl JNode {
    /// The value of `key` in an object (the last one, as JavaScript keeps it).
    pub fn get(&self, key: &str) -> Option<&JProp> {
        match &self.value {
            JValue::Object(props) => props.iter().rev().find(|p| p.key == key),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Reads `text` (any bytes a client sent: never panics).
pub fn parse(text: &str) -> Json {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let body = &text[bom..];
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::AsTokens,
        tokens: true,
    };
    let options = ParseOptions {
        allow_comments: true,
        allow_loose_object_property_names: false,
        allow_trailing_commas: true,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let span = |r: jsonc_parser::common::Range| Span::new(bom + r.start, bom + r.end);
    let result = std::panic::catch_unwind(|| jsonc_parser::parse_to_ast(body, &collect, &options));
    let mut out = Json::default();
    match result {
        Ok(Ok(parsed)) => {
            let tokens = parsed.tokens.unwrap_or_default();
            for (i, t) in tokens.iter().enumerate() {
                match t.token {
                    Token::CommentLine(_) | Token::CommentBlock(_) => {
                        out.problems.push((span(t.range), JsonProblem::Comment))
                    }
                    Token::Comma => {
                        let next = tokens[i + 1..].iter().find(|n| {
                            !matches!(n.token, Token::CommentLine(_) | Token::CommentBlock(_))
                        });
                        if next.is_some_and(|n| {
                            matches!(n.token, Token::CloseBrace | Token::CloseBracket)
                        }) {
                            out.problems
                                .push((span(t.range), JsonProblem::TrailingComma));
                        }
                    }
                    _ => {}
                }
            }
            out.root = parsed.value.map(|v| node(v, bom));
        }
        Ok(Err(e)) => {
            let r = e.range();
            let at = Span::new(bom + r.start, (bom + r.end).max(bom + r.start));
            out.problems
                .push((at, JsonProblem::Syntax(e.kind().to_string())));
        }
        Err(_) => out
            .problems
            .push((Span::new(0, 0), JsonProblem::Syntax("unreadable".into()))),
    }
    out
}

fn node(v: ast::Value<'_>, bom: usize) -> JNode {
    let span = |r: jsonc_parser::common::Range| Span::new(bom + r.start, bom + r.end);
    match v {
        ast::Value::StringLit(s) => JNode {
            span: span(s.range),
            value: JValue::Str(s.value.into_owned()),
        },
        ast::Value::NumberLit(n) => JNode {
            span: span(n.range),
            value: JValue::Number(n.value.to_string(), n.value.parse().unwrap_or(f64::NAN)),
        },
        ast::Value::BooleanLit(b) => JNode {
            span: span(b.range),
            value: JValue::Bool(b.value),
        },
        ast::Value::NullKeyword(n) => JNode {
            span: span(n.range),
            value: JValue::Null,
        },
        ast::Value::Array(a) => JNode {
            span: span(a.range),
            value: JValue::Array(a.elements.into_iter().map(|e| node(e, bom)).collect()),
        },
        ast::Value::Object(o) => JNode {
            span: span(o.range),
            value: JValue::Object(
                o.properties
                    .into_iter()
                    .map(|p| {
                        let (key, key_span) = match p.name {
                            ast::ObjectPropName::String(s) => (s.value.into_owned(), span(s.range)),
                            ast::ObjectPropName::Word(w) => (w.value.to_string(), span(w.range)),
                        };
                        JProp {
                            key,
                            key_span,
                            value: node(p.value, bom),
                        }
                    })
                    .collect(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_problems_and_values() {
        let text = "\u{FEFF}{\n  // note\n  \"a\": [1, true,],\n  \"b\": {\"c\": null}, /* x */\n}";
        let j = parse(text);
        let kinds: Vec<&JsonProblem> = j.problems.iter().map(|(_, p)| p).collect();
        assert_eq!(
            kinds,
            [
                &JsonProblem::Comment,
                &JsonProblem::TrailingComma,
                &JsonProblem::TrailingComma,
                &JsonProblem::Comment
            ]
        );
        let (s, _) = &j.problems[0];
        assert_eq!(&text[s.start..s.end], "// note");
        let root = j.root.unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(&text[a.key_span.start..a.key_span.end], "\"a\"");
        assert_eq!(&text[a.value.span.start..a.value.span.end], "[1, true,]");
        assert!(matches!(
            root.get("b").unwrap().value.value,
            JValue::Object(_)
        ));
        let bad = parse("{\"a\": 'x'}");
        assert!(bad.root.is_none());
        assert!(matches!(bad.problems[0].1, JsonProblem::Syntax(_)));
        assert_eq!(parse("").root, None);
        assert!(parse("").problems.is_empty());
    }
}
