use super::*;

fn fm(text: &str) -> Frontmatter {
    match parse(text) {
        Parsed::Present(f) => f,
        Parsed::Missing => panic!("no frontmatter"),
    }
}

fn src(text: &str, s: Span) -> &str {
    &text[s.start..s.end]
}

#[test]
fn keys_and_values_with_spans() {
    let t = "---\nname: foo\ndescription: \"a \\\"b\\\"\"\ntools: Read, Agent(a, b)\n---\nbody\n";
    let f = fm(t);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(f.entries.len(), 3);
    assert_eq!(src(t, f.entries[0].key_span), "name");
    assert_eq!(src(t, f.entries[0].value.span), "foo");
    let ValueKind::Scalar(d) = &f.entries[1].value.kind else {
        panic!()
    };
    assert_eq!(d.text.text, "a \"b\"");
    let tools = f.entries[2].value.list_items().unwrap();
    let names: Vec<_> = tools.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(names, ["Read", "Agent(a, b)"]);
    assert_eq!(src(t, tools.items[1].span), "Agent(a, b)");
    assert_eq!(&t[f.body_start..], "body\n");
}

#[test]
fn block_and_flow_lists() {
    let t = "---\ntools:\n  - Read\n  - \"Grep\"\nskills: [a, 'b c']\n---\n";
    let f = fm(t);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let tools = f.entries[0].value.list_items().unwrap();
    assert_eq!(tools.style, ListStyle::Block);
    assert_eq!(src(t, tools.items[1].span), "Grep");
    let skills = f.entries[1].value.list_items().unwrap();
    assert_eq!(skills.style, ListStyle::Flow);
    assert_eq!(skills.items[1].text, "b c");
    assert_eq!(src(t, skills.items[1].span), "b c");
}

#[test]
fn colon_in_plain_value_is_lenient() {
    let t = "---\nname: x\ndescription: Examples: here\n---\n";
    let f = fm(t);
    assert_eq!(f.problems.len(), 1);
    assert_eq!(f.problems[0].kind, ProblemKind::LenientOnly);
    assert_eq!(f.problems[0].span.start, t.find("s: ").unwrap() + 1);
}

#[test]
fn crlf_colon_is_fatal() {
    let t = "---\r\nname: x\r\ndescription: Examples: here\r\n---\r\nbody";
    let f = fm(t);
    assert_eq!(f.problems[0].kind, ProblemKind::LenientCrlf);
    assert_eq!(src(t, f.entries[1].value.span), "Examples: here");
}

#[test]
fn unindented_continuation() {
    let t = "---\nname: x\ndescription: Use this\n<example>\n---\n";
    let f = fm(t);
    assert_eq!(f.problems[0].kind, ProblemKind::UnindentedContinuation);
    assert_eq!(src(t, f.problems[0].span), "<example>");
}

#[test]
fn block_scalar_literal_and_folded() {
    let t = "---\na: |\n  one\n  two\nb: >-\n  x\n  y\n\n  z\n---\n";
    let f = fm(t);
    let ValueKind::Scalar(a) = &f.entries[0].value.kind else {
        panic!()
    };
    assert_eq!(a.text.text, "one\ntwo\n");
    let ValueKind::Scalar(b) = &f.entries[1].value.kind else {
        panic!()
    };
    assert_eq!(b.text.text, "x y\nz");
}

#[test]
fn unclosed_and_missing() {
    assert_eq!(parse("hello"), Parsed::Missing);
    let f = fm("---\nname: x\n");
    assert!(f.close.is_none());
}

#[test]
fn bad_flow_and_duplicates() {
    let t = "---\nhint: [a] [b]\nname: a\nname: b\n---\n";
    let f = fm(t);
    assert!(
        f.problems
            .iter()
            .any(|p| p.kind == ProblemKind::InvalidFlow)
    );
    let dup = f
        .problems
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::DuplicateKey { .. }))
        .unwrap();
    assert_eq!(dup.span.start, t.rfind("name").unwrap());
}
