//! The `<example>` blocks of the description: the convention Claude Code's `/agents` generator
//! writes (Claude Code itself does not check them; they are prompt text).

use crate::catalog::Code;
use crate::syntax::examples::ExampleProblemKind;
use crate::syntax::frontmatter::Entry;
use crate::syntax::{Header, Span};

use super::{Diagnostic, Fix};

pub(super) fn check(header: &Header, e: &Entry, out: &mut Vec<Diagnostic>) {
    let Some(ex) = &header.examples else {
        return;
    };
    for p in &ex.problems {
        let code = match p.kind {
            ExampleProblemKind::Unclosed => Code::ExampleUnclosed,
            ExampleProblemKind::StrayClose => Code::ExampleStrayClose,
            ExampleProblemKind::Nested => Code::ExampleNested,
            ExampleProblemKind::CommentaryOutside => Code::CommentaryOutsideExample,
            ExampleProblemKind::MissingTurn => Code::ExampleMissingTurn,
            ExampleProblemKind::TurnOrder => Code::ExampleTurnOrder,
            ExampleProblemKind::Empty => Code::ExampleEmpty,
        };
        let mut d = Diagnostic::new(code, p.span, p.message.clone());
        if let Some((at, text)) = p.insert {
            d = d.with_fix(
                Fix {
                    title: format!("Insert `{text}`"),
                    edits: vec![(Span::new(at, at), text.to_string())],
                    rename_file: None,
                    safe: false,
                    preferred: true,
                }
                .safe(),
            );
        }
        out.push(d);
    }
    if ex.examples.is_empty() && ex.problems.is_empty() {
        out.push(Diagnostic::new(
            Code::NoExamples,
            e.key_span,
            "the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate",
        ));
    }
}
