//! In-process engine benchmarks (criterion): edits, re-analysis, completion, hover and full
//! parses on a 2 KB, a 10 KB and a 1 MB agent file, and body edits of the same texts as a skill,
//! a command and a memory file.

mod fixtures;

use std::hint::black_box;

use agent_ls::document::{Change, Document, Encoding, Pos};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn pos((line, character): (u32, u32)) -> Pos {
    Pos { line, character }
}

fn insert(at: Pos, text: &str) -> Change {
    Change {
        range: Some((at, at)),
        text: text.into(),
    }
}

fn delete(at: Pos) -> Change {
    Change {
        range: Some((
            at,
            Pos {
                line: at.line,
                character: at.character + 1,
            },
        )),
        text: String::new(),
    }
}

/// A keystroke at `at` and the diagnostics after it (then its undo, so the text stays the same).
fn edit_and_diagnose(
    c: &mut Criterion,
    id: BenchmarkId,
    doc: &mut Document,
    v: &mut i32,
    at: (u32, u32),
) {
    c.bench_with_input(id, &at, |b, &at| {
        b.iter(|| {
            *v += 2;
            doc.apply(*v, &[insert(pos(at), "x")]);
            black_box(doc.diagnostics());
            doc.apply(*v + 1, &[delete(pos(at))]);
        })
    });
}

fn benches(c: &mut Criterion) {
    // the same text as a skill, a command and a memory file: what reading their body costs on a
    // keystroke (placeholders, shell lines, links; a memory file's imports)
    for (name, text) in fixtures::sizes() {
        let (_, body) = fixtures::edit_points(&text);
        for (kind, path) in [
            ("skill", "/p/.claude/skills/x/SKILL.md"),
            ("command", "/p/.claude/commands/x.md"),
            ("memory", "/p/CLAUDE.md"),
        ] {
            let mut doc = Document::new(&text, 1, Encoding::Utf16, Some(path.into()));
            let mut v = 1;
            edit_and_diagnose(
                c,
                BenchmarkId::new(format!("edit_and_diagnose/body/{kind}"), name),
                &mut doc,
                &mut v,
                body,
            );
        }
    }
    for (name, text) in fixtures::sizes() {
        let (fm, body) = fixtures::edit_points(&text);
        let mut doc = Document::new(&text, 1, Encoding::Utf16, None);
        let mut v = 1;

        // applying an edit (type a character, then delete it: the document stays the same)
        c.bench_with_input(
            BenchmarkId::new("apply_edit/body", name),
            &body,
            |b, &at| {
                b.iter(|| {
                    v += 2;
                    doc.apply(v, &[insert(pos(at), "x")]);
                    doc.apply(v + 1, &[delete(pos(at))]);
                })
            },
        );
        edit_and_diagnose(
            c,
            BenchmarkId::new("edit_and_diagnose/frontmatter", name),
            &mut doc,
            &mut v,
            fm,
        );
        edit_and_diagnose(
            c,
            BenchmarkId::new("edit_and_diagnose/body", name),
            &mut doc,
            &mut v,
            body,
        );
        // completion of a colour value, hover on the model
        let color_line = text
            .lines()
            .position(|l| l.starts_with("color:"))
            .unwrap_or(4) as u32;
        let model_line = text
            .lines()
            .position(|l| l.starts_with("model:"))
            .unwrap_or(3) as u32;
        c.bench_function(&format!("complete/{name}"), |b| {
            b.iter(|| {
                black_box(doc.complete(
                    Pos {
                        line: color_line,
                        character: 7,
                    },
                    true,
                ))
            })
        });
        c.bench_function(&format!("hover/{name}"), |b| {
            b.iter(|| {
                black_box(doc.hover(Pos {
                    line: model_line,
                    character: 8,
                }))
            })
        });
        c.bench_with_input(BenchmarkId::new("parse_full", name), &text, |b, t| {
            b.iter(|| {
                let d = Document::new(t, 1, Encoding::Utf16, None);
                black_box(d.diagnostics())
            })
        });
    }
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(engine);
