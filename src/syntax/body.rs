//! The markdown body (the agent's system prompt), parsed with pulldown-cmark on demand.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// The whole heading, as a span of the document.
    pub span: Span,
}

/// The headings of `body`, which starts at byte `base` of the document.
pub fn headings(body: &str, base: usize) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut current: Option<(u8, String, Span)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((
                    level_number(level),
                    String::new(),
                    Span::new(base + range.start, base + range.end),
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, span)) = current.take() {
                    out.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        span,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// True when the body holds nothing but white space.
pub fn is_blank(body: impl IntoIterator<Item = char>) -> bool {
    body.into_iter().all(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_headings_with_spans() {
        let body = "intro\n\n## Role\ntext\n# `Top`\n";
        let h = headings(body, 10);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].level, 2);
        assert_eq!(h[0].text, "Role");
        assert_eq!(h[0].span.start, 10 + body.find("## Role").unwrap());
        assert_eq!(h[1].text, "Top");
    }
}
