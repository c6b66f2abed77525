use super::PlaceholderKind::*;
use super::*;

/// The texts of `spans` (of `body` scanned at base 100), joined with `|`.
fn texts(body: &str, spans: impl IntoIterator<Item = Span>) -> String {
    let text = |s: Span| body.get(s.start - 100..s.end - 100).unwrap_or("<bad span>");
    spans.into_iter().map(text).collect::<Vec<_>>().join("|")
}

#[test]
fn placeholders_everywhere_but_escaped() {
    let body = "Fix $ARGUMENTS[2] in $1 and $12, `$ARGUMENTS`\n```\n$name-x-\n```\n\
                \\$no $$ $ {$x} $ARGUMENTSX $ARGUMENTS[x] $é $ $$7 $first[0]";
    let r = scan(body, 100);
    let kinds: Vec<_> = r.placeholders.iter().map(|p| p.kind.clone()).collect();
    let (n, x, a) = (
        Named("name-x".into()),
        Named("x".into()),
        Named("ARGUMENTSX".into()),
    );
    let p = Positional;
    assert_eq!(
        kinds,
        [Indexed(2), p(1), p(12), Arguments, n, x, a, Arguments, p(7)]
    );
    let spans = texts(body, r.placeholders.iter().map(|p| p.span));
    assert_eq!(
        spans,
        "$ARGUMENTS[2]|$1|$12|$ARGUMENTS|$name-x|$x|$ARGUMENTSX|$ARGUMENTS|$7"
    );
    assert_eq!(r.placeholders[0].span, Span::new(104, 117));
}

#[test]
fn inline_shell_lines() {
    let body =
        "!`git status`\nfoo!`no` x !`` a`b `` (!`no`\n\n    !`date`\n!`open\nend`\n!`a\n\nb`";
    let r = scan(body, 100);
    let spans = texts(body, r.shell.iter().map(|s| s.span));
    assert_eq!(spans, "!`git status`|!`` a`b ``|!`date`|!`open\nend`");
    let commands = texts(body, r.shell.iter().map(|s| s.command));
    assert_eq!(commands, "git status|a`b|date|open\nend");
    assert_eq!(r.shell[0].span, Span::new(100, 113));
    assert_eq!(r.shell[0].command, Span::new(102, 112));
    let in_code: Vec<_> = r.shell.iter().map(|s| s.in_code).collect();
    assert_eq!(in_code, [false, false, true, false]);
    assert!(r.shell.iter().all(|s| !s.block));
}

#[test]
fn shell_blocks() {
    let body = "Run:\n```!\ngit log\nls\n```\n```!\n```\n~~~!\nno\n~~~\n```sh\n!`x`\n```\n";
    let r = scan(body, 100);
    let (blocks, inline): (Vec<&ShellLine>, _) = r.shell.iter().partition(|s| s.block);
    let spans = texts(body, blocks.iter().map(|s| s.span));
    assert_eq!(spans, "```!\ngit log\nls\n```|```!\n```");
    assert_eq!(
        texts(body, blocks.iter().map(|s| s.command)),
        "git log\nls|"
    );
    assert_eq!(blocks[1].command, Span::new(130, 130));
    assert_eq!(texts(body, inline.iter().map(|s| s.span)), "!`x`");
    assert!(inline[0].in_code);
}

#[test]
fn file_references() {
    let body = "Read @README.md, (@src/main.rs) and @./x or @~/notes.md.\n@fn(a).rs: @here @user \
                a@b.com @https://x.y/z `@in/code` @ @. @\"q.md\"\n```\n@block.md\n```\n@日本/語.md!";
    let r = scan(body, 100);
    let paths = texts(body, r.files.iter().map(|f| f.path));
    assert_eq!(
        paths,
        "README.md|src/main.rs|./x|~/notes.md|fn(a).rs|in/code|q.md|block.md|日本/語.md"
    );
    // those in code are found, and marked: Claude Code does not read them
    let in_code: Vec<&str> = r
        .files
        .iter()
        .filter(|f| f.in_code)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(in_code, ["in/code", "block.md"]);
    assert!(r.files.iter().all(|f| f.text == texts(body, [f.path])));
    assert_eq!(
        texts(body, r.files.iter().map(|f| f.span))
            .split('|')
            .nth(6),
        Some("@\"q.md")
    );
    assert_eq!(r.files[0].span, Span::new(105, 115));
    assert_eq!(r.files[0].path, Span::new(106, 115));
}

#[test]
fn links_and_definitions() {
    let body = "[a](docs/a.md) ![i](<img one.png> \"t\") [u](https://x) [m](mailto:a@b) [h](#top)\n\
                [e]() [q](b.md?x=1#s) [`](`](c.md) [![x](in.png)](out.md) [r][d] <https://auto>\n\
                [p](f(1).md) [s](\\_s.md) [n](//net/x)\n\n[d]: ./ref.md#frag\n[w]: http://w\n`[n](no.md)`\n";
    let r = scan(body, 100);
    let targets: Vec<_> = r.links.iter().map(|l| l.target.as_str()).collect();
    let expected = "docs/a.md|img one.png|b.md|c.md|in.png|out.md|f(1).md|_s.md|./ref.md";
    assert_eq!(targets.join("|"), expected);
    let spans = texts(body, r.links.iter().map(|l| l.span));
    assert_eq!(spans, expected.replace("_s", "\\_s"));
    assert_eq!(r.links[0].span, Span::new(104, 113));
}

#[test]
fn never_panics_and_spans_are_sound() {
    let fragments: Vec<&str> =
        "$|ARGUMENTS|[1]|\\|!|`|```!\n|@|a.md|/| |\n|é|日|(|)|[|]|:|<|>|#|    |x|\r|1|-|](|\n\n|\""
            .split('|')
            .collect();
    let mut inputs: Vec<String> = Vec::new();
    for a in &fragments {
        for b in &fragments {
            inputs.extend(fragments.iter().map(|c| [*a, *b, *c].concat()));
        }
    }
    let mut seed = 0x2545_f491_u64;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..12 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            s.push_str(fragments[(seed >> 33) as usize % fragments.len()]);
        }
        inputs.push(s);
    }
    for body in &inputs {
        let r = scan(body, 7);
        let ok = |s: Span| {
            let at = |i: usize| i >= 7 && i - 7 <= body.len() && body.is_char_boundary(i - 7);
            s.start <= s.end && at(s.start) && at(s.end)
        };
        let pairs = (r.placeholders.iter().map(|p| (p.span, p.span)))
            .chain(r.shell.iter().map(|s| (s.span, s.command)))
            .chain(r.files.iter().map(|f| (f.span, f.path)))
            .chain(r.links.iter().map(|l| (l.span, l.span)));
        for (outer, inner) in pairs {
            let nested = outer.start <= inner.start && inner.end <= outer.end;
            assert!(ok(outer) && ok(inner) && nested, "{body:?}");
        }
    }
}

#[test]
fn file_refs_in_link_text_are_prose() {
    let body = "- [Verify with @scope/verify](https://example.com/@scope/verify) and @docs/a.md]\n";
    let found = scan(body, 0);
    let texts: Vec<&str> = found.files.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(texts, ["docs/a.md"]);
}
