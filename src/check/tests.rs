use super::*;
use crate::analysis::project;

#[test]
fn line_and_column() {
    let t = "ab\r\ncé\rx";
    let index = LineIndex::new(t);
    let line_col = |offset| line_col(&index, t, offset);
    assert_eq!(line_col(0), (1, 1));
    assert_eq!(line_col(4), (2, 1));
    assert_eq!(line_col(7), (2, 3));
    assert_eq!(line_col(8), (3, 1));
}

/// The first pass reads only the frontmatter's keys: the kinds and records it finds are
/// those of a whole parse (but for the description, which it drops).
#[test]
fn first_pass_records_are_those_of_a_whole_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (files, _) = discover(&[root.join("examples"), root.join("../shared/corpus")]);
    let mut texts: Vec<(PathBuf, String)> = files
        .iter()
        .filter_map(|(p, _)| Some((p.clone(), std::fs::read_to_string(p).ok()?)))
        .collect();
    // loose files, decided by their frontmatter, and heads that break the scanner
    for (name, text) in [
        ("loose.md", "---\nname: a\ndescription: b\n---\n"),
        ("loose2.md", "---\nname: a\n---\n"),
        (
            ".claude/agents/q.md",
            "---\nname: \"a: b\"\ndescription: x: y\n---\n",
        ),
        (".claude/agents/l.md", "---\nname: [a, b]\n---\n"),
        (".claude/agents/u.md", "---\nname: a\n"),
        (".claude/skills/s/SKILL.md", "---\nname: other\n---\n"),
        (".claude/commands/g/c.md", "no frontmatter\n"),
    ] {
        texts.push((PathBuf::from("/p").join(name), text.to_string()));
    }
    assert!(texts.len() > 50, "{}", texts.len());
    let home = Some(Path::new("/home/u"));
    for (path, text) in &texts {
        let full = Header::parse(text);
        let light = names_only(text);
        let kind = classify::kind_of(Some(path), &full);
        assert_eq!(
            kind,
            classify::kind_of(Some(path), &light),
            "{}",
            path.display()
        );
        let Some(kind) = kind else { continue };
        let whole = project::record(kind, path, text, &full, home);
        let first = project::record(kind, path, text, &light, home);
        assert_eq!(
            whole.map(|r| project::AgentRecord {
                description: String::new(),
                ..r
            }),
            first,
            "{}",
            path.display()
        );
    }
}
