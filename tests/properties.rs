//! Bounded property campaigns (the same targets as `fuzz/`): the analysis never panics on any
//! text, and incremental edits always equal a naive replay and a fresh parse.

mod common;

#[path = "common/reference.rs"]
mod reference;

#[path = "common/json_kinds.rs"]
mod json_kinds;

use agent_ls::analysis::{completion, diagnostics, hover};
use agent_ls::catalog::Kind;
use agent_ls::document::{Change, Document, Encoding, Pos};
use agent_ls::syntax::Header;
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "<!-- agent-ls-disable-next-line unknown-tool -->",
    "# agent-ls-disable no-examples\n",
    "agent-ls-",
    "disable",
    "---",
    "---\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    ":",
    ": ",
    "- ",
    "name: ",
    "description: ",
    "tools: ",
    "model: ",
    "color: ",
    "hooks: ",
    "permissionMode: ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    "\\",
    "\\n",
    "\\\"",
    "#",
    "|",
    ">-",
    "&a ",
    "*a",
    "!tag ",
    "<example>",
    "</example>",
    "<commentary>",
    "</commentary>",
    "user:",
    "assistant:",
    "Context:",
    "Read",
    "Bash",
    "bash",
    "Agent(a, b)",
    "mcp__s__t",
    "sonnet",
    "red",
    "😀",
    "é",
    "\u{feff}",
    "\0",
    "x",
    "abc",
    "1",
    "allowed-tools: ",
    "arguments: ",
    "$ARGUMENTS",
    "$ARGUMENTS[1]",
    "$1",
    "$issue",
    "!`git status`",
    "```!\n",
    "@notes.md",
    "[link](references/x.md)",
    "`",
    "$",
    "@",
];

/// Where a document lives decides its kind: an agent, a skill, a command, an output style.
const PATHS: &[&str] = &[
    "/p/.claude/agents/a.md",
    "/p/.claude/skills/a/SKILL.md",
    "/p/.claude/commands/git/a.md",
    "/p/.claude/output-styles/a.md",
    "/p/CLAUDE.md",
];

/// What edits deep in a body type: blank lines, fences, HTML blocks, list items, definitions.
const BODY_TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "```",
    "```\n",
    "~~~\n",
    "  ```\n",
    "<!--",
    "-->",
    "<pre>",
    "- ",
    "> ",
    "    ",
    "[d]: ./x.md\n",
    "[t][d]",
    "@a.md ",
    "$1",
    "$ARGUMENTS",
    "!`ls`",
    "`",
    "x",
    "# ",
    "[l](./y.md)",
    "`references/a.md`",
];

fn token_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(TOKENS).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..80,
    )
    .prop_map(|v| v.concat())
}

fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let mut out = Vec::new();
    for sub in ["seeds", "voltagent", "wshobson-agents"] {
        let Ok(rd) = std::fs::read_dir(format!("{dir}/{sub}")) else {
            continue;
        };
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths.into_iter().take(12) {
            if let Ok(t) = std::fs::read_to_string(p) {
                out.push(t);
            }
        }
    }
    // skills and commands of the plugins
    let mut plugin_files: Vec<std::path::PathBuf> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(format!("{dir}/wshobson-plugins")) {
        for plugin in rd.filter_map(|e| e.ok()).map(|e| e.path()) {
            for sub in ["skills", "commands"] {
                let Ok(rd) = std::fs::read_dir(plugin.join(sub)) else {
                    continue;
                };
                for e in rd.filter_map(|e| e.ok()).map(|e| e.path()) {
                    let skill = e.join("SKILL.md");
                    plugin_files.push(if skill.is_file() { skill } else { e });
                }
            }
        }
    }
    plugin_files.retain(|p| p.extension().is_some_and(|x| x == "md"));
    plugin_files.sort();
    for p in plugin_files.into_iter().step_by(24) {
        if let Ok(t) = std::fs::read_to_string(p) {
            out.push(t);
        }
    }
    assert!(
        !out.is_empty(),
        "../shared/corpus must sit beside the checkout"
    );
    out
}

/// Runs every analysis entry point; panics are the failure.
fn analyze_everything(text: &str) {
    let header = Header::parse(text);
    let _ = diagnostics::compute(
        &header,
        diagnostics::Context {
            file_stem: Some("x"),
            body_blank: false,
            ..Default::default()
        },
    );
    let head_len = header.text.len();
    let step = (head_len / 400).max(1);
    let mut offset = 0;
    while offset <= head_len + 2 {
        for &kind in Kind::all() {
            let _ = completion::complete(&header, kind, offset, true);
            let _ = hover::hover(&header, kind, offset);
        }
        offset += step;
    }
    for enc in [Encoding::Utf16, Encoding::Utf8] {
        let doc = Document::new(text, 1, enc, None);
        let _ = doc.diagnostics();
        let _ = doc.headings();
        for path in PATHS {
            let d = Document::new(text, 1, enc, Some(path.into()));
            let _ = d.diagnostics();
            let _ = d.links();
        }
        for line in 0..(doc.rope().len_lines() as u32 + 1).min(60) {
            for character in [0, 1, 2, 5, 40, 1000] {
                let p = Pos { line, character };
                let o = doc.offset(p);
                let _ = doc.position(o);
                let _ = doc.complete(p, false);
                let _ = doc.hover(p);
            }
        }
    }
}

#[derive(Clone, Debug)]
struct Edit {
    range: Option<(u32, u32, u32, u32)>,
    text: String,
}

fn edit() -> impl Strategy<Value = Edit> {
    let pos = (0u32..12, 0u32..30);
    prop_oneof![
        12 => (pos.clone(), pos, token_text().prop_map(|t| t.chars().take(12).collect::<String>()))
            .prop_map(|((l1, c1), (l2, c2), text)| Edit { range: Some((l1, c1, l2, c2)), text }),
        1 => token_text().prop_map(|text| Edit { range: None, text }),
    ]
}

fn check_edits(initial: &str, utf8: bool, path: Option<&str>, batches: &[Vec<Edit>]) {
    let enc = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let path = path.map(std::path::PathBuf::from);
    let mut doc = Document::new(initial, 1, enc, path.clone());
    let mut naive = initial.to_string();
    for (v, batch) in batches.iter().enumerate() {
        let changes: Vec<Change> = batch
            .iter()
            .map(|e| Change {
                range: e.range.map(|(a, b, c, d)| {
                    (
                        Pos {
                            line: a,
                            character: b,
                        },
                        Pos {
                            line: c,
                            character: d,
                        },
                    )
                }),
                text: e.text.clone(),
            })
            .collect();
        doc.apply(v as i32 + 2, &changes);
        for e in batch {
            reference::apply(&mut naive, utf8, e.range, &e.text);
        }
        assert_eq!(doc.text(), naive, "rope differs from a naive replay");
        let fresh = Document::new(&naive, 0, enc, path.clone());
        assert_eq!(
            doc.header(),
            fresh.header(),
            "incremental parse differs from a fresh parse"
        );
        // the head read from the rope parses as the whole text does
        assert_eq!(
            doc.header(),
            &Header::parse(&naive),
            "the head read from the rope differs from the text's"
        );
        assert_eq!(doc.diagnostics(), fresh.diagnostics());
        // the head's findings kept from the last batch (same stamp) where the head was not
        // parsed again: equal to a fresh document's
        let stamp = Some(agent_ls::document::Stamp {
            project: 1,
            config: 0,
        });
        assert_eq!(
            doc.diagnostics_with(agent_ls::document::DiagnosticsInput {
                stamp,
                ..Default::default()
            }),
            fresh.diagnostics(),
            "kept head findings differ from a fresh document's"
        );
        assert_eq!(doc.links(), fresh.links());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn analysis_survives_arbitrary_text(text in token_text()) {
        analyze_everything(&text);
    }

    #[test]
    fn analysis_survives_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        analyze_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn incremental_edits_equal_replay_and_fresh_parse(
        initial in token_text(),
        utf8 in any::<bool>(),
        path in prop::option::of(prop::sample::select(PATHS)),
        batches in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8),
    ) {
        check_edits(&initial, utf8, path, &batches);
    }
}

fn body_edit() -> impl Strategy<Value = Edit> {
    let pos = (0u32..400, 0u32..40);
    (pos, 0u32..3, prop::sample::select(BODY_TOKENS)).prop_map(|((l, c), del, t)| Edit {
        range: Some((l, c, l, c + del)),
        text: t.to_string(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Skills, commands and memory files keep the references of their body edit by edit:
    /// edits anywhere in long bodies, of what changes markdown's blocks, equal a fresh parse.
    #[test]
    fn body_edits_on_corpus_files_equal_fresh(
        idx in any::<prop::sample::Index>(),
        path in prop::sample::select(&PATHS[1..]),
        batches in prop::collection::vec(prop::collection::vec(body_edit(), 1..4), 1..8),
    ) {
        let files = corpus();
        check_edits(&files[idx.index(files.len())], false, Some(path), &batches);
    }

    #[test]
    fn analysis_survives_mutated_corpus_files(
        idx in any::<prop::sample::Index>(),
        muts in prop::collection::vec((any::<prop::sample::Index>(), 0usize..20, token_text()), 1..6),
    ) {
        let files = corpus();
        let mut text = files[idx.index(files.len())].clone();
        for (at, del, ins) in muts {
            let mut a = at.index(text.len() + 1);
            while !text.is_char_boundary(a) { a -= 1; }
            let mut b = (a + del).min(text.len());
            while !text.is_char_boundary(b) { b -= 1; }
            text.replace_range(a..b.max(a), &ins);
        }
        analyze_everything(&text);
    }

    #[test]
    fn edits_on_corpus_files_equal_replay(
        idx in any::<prop::sample::Index>(),
        utf8 in any::<bool>(),
        path in prop::sample::select(PATHS),
        batches in prop::collection::vec(prop::collection::vec(edit(), 1..3), 1..6),
    ) {
        let files = corpus();
        check_edits(&files[idx.index(files.len())], utf8, Some(path), &batches);
    }
}

#[test]
fn regression_edits_splitting_crlf_and_surrogates() {
    // an insertion between `\r` and `\n`, and a range ending inside a surrogate pair
    check_edits(
        "---\r\nname: a😀b\r\n---\r\nbody\r\n",
        false,
        None,
        &[vec![
            Edit {
                range: Some((1, 8, 1, 9)),
                text: "x".into(),
            },
            Edit {
                range: Some((0, 3, 0, 4)),
                text: "\n".into(),
            },
            Edit {
                range: Some((4, 1, 2, 0)),
                text: "".into(),
            },
        ]],
    );
}

/// The files of a plugin tree, each given arbitrary text: every kind at once, with the links and
/// names between them.
const PLUGIN_FILES: &[&str] = &[
    ".claude-plugin/plugin.json",
    "agents/a.md",
    "agents/sub/b.md",
    "skills/s/SKILL.md",
    "skills/s/references/r.md",
    "skills/t/SKILL.md",
    "commands/c.md",
    "commands/sub/d.md",
    "commands/s.md",
    "output-styles/o.md",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// `check` and the workspace index over a plugin tree of arbitrary files: no panic, and every
    /// finding on characters of its own file.
    #[test]
    fn plugin_trees_of_arbitrary_files(texts in prop::collection::vec(token_text(), PLUGIN_FILES.len())) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("my-plugin");
        for (rel, text) in PLUGIN_FILES.iter().zip(&texts) {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        let (files, _) = agent_ls::check::discover(std::slice::from_ref(&root));
        for report in agent_ls::check::run(&files) {
            for d in &report.diagnostics {
                prop_assert!(d.span.start <= d.span.end && d.span.end <= report.text.len(), "{d:?}");
                prop_assert!(report.text.is_char_boundary(d.span.start) && report.text.is_char_boundary(d.span.end));
            }
        }
        let project = agent_ls::workspace::index(std::slice::from_ref(&root), None);
        for r in &project.agents {
            prop_assert!(r.path.starts_with(&root));
        }
    }
}

/// Every markdown file of the corpus (every folder, not the sample [`corpus`] takes), with its
/// path.
fn corpus_markdown() -> Vec<(std::path::PathBuf, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    let mut out = Vec::new();
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for p in rd.filter_map(|e| e.ok()).map(|e| e.path()) {
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                && let Ok(text) = std::fs::read_to_string(&p)
            {
                out.push((p, text));
            }
        }
    }
    out
}

/// Every markdown file of the corpus: its body cut into segments reads as a scan of the whole
/// body, and so it does after edits at spread places that open or close blocks (a line break, a
/// backtick, a list marker, a tab).
#[test]
fn every_corpus_body_cut_into_segments_equals_a_whole_scan() {
    use agent_ls::syntax::{refs, refs_cache::RefsCache};
    let files = corpus_markdown();
    for (p, text) in &files {
        let base = Header::parse(text).body_start();
        let body = &text[base..];
        assert_eq!(
            RefsCache::new(body, base).refs(),
            &refs::scan(body, base),
            "{}",
            p.display()
        );
        for k in 1..4 {
            let mut at = base + body.len() * k / 4;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            for ins in ["\n", "`", "- ", "\t"] {
                let mut cache = RefsCache::new(body, base);
                let mut new = text.clone();
                new.insert_str(at, ins);
                let read = |r: std::ops::Range<usize>| new[r].to_string();
                assert!(cache.edited(at, at, ins.len(), &read));
                assert_eq!(
                    cache.refs(),
                    &refs::scan(&new[base..], base),
                    "{ins:?} at {at} in {}",
                    p.display()
                );
            }
        }
    }
    assert!(files.len() > 500, "only {} corpus files", files.len());
}

/// Every corpus head: a keystroke inside any key's value, applied to the header in place where
/// [`Header::patch`] takes it, gives the header a fresh parse of the new text gives; and typing a
/// word at the end of a value and deleting it again, through [`Document::apply`], keeps the
/// header and the diagnostics equal to a fresh document's at every keystroke.
#[test]
fn keystrokes_in_corpus_values_patch_as_a_fresh_parse() {
    let files = corpus_markdown();
    let (mut patched, mut declined) = (0, 0);
    for (p, text) in &files {
        let mut cache = agent_ls::syntax::HeadCache::default();
        let header = Header::parse_with(text, &mut cache);
        let Some(fm) = header.frontmatter() else {
            continue;
        };
        for e in &fm.entries {
            let v = e.value.span;
            let mut places = vec![v.end];
            if let Some((i, _)) = text[v.start..v.end].char_indices().nth(1) {
                places.push(v.start + i);
            }
            for at in places {
                let prev = text[..at].chars().next_back().map_or(0, char::len_utf8);
                let edits = [
                    (at, at, "x"),
                    (at, at, "-"),
                    (at, at, "7"),
                    (at, at, ": "),
                    (at, at, " "),
                    (at, at, "---"),
                    (at, at, "#"),
                    (at, at, "\""),
                    (at, at, "'"),
                    (at, at, "[, "),
                    (at, at, "\\"),
                    (at, at, "&a *"),
                    (at, at, "é"),
                    (at, at, "\t"),
                    (at - prev, at, ""),
                    (at - prev, at, "a"),
                ];
                for (s, end, ins) in edits {
                    let mut h = header.clone();
                    let mut new = text.clone();
                    new.replace_range(s..end, ins);
                    if !h.patch(s, end, ins, &mut cache.clone()) {
                        assert_eq!(h, header, "a declined patch changed the header");
                        declined += 1;
                        continue;
                    }
                    patched += 1;
                    assert_eq!(
                        h,
                        Header::parse(&new),
                        "{ins:?} at {s}..{end} in `{}` of {}",
                        e.key,
                        p.display()
                    );
                }
            }
        }
    }
    assert!(files.len() > 500, "only {} corpus files", files.len());
    assert!(
        patched > 30_000 && declined > 15_000,
        "{patched} patched, {declined} declined"
    );
    // through the document: a word typed at the end of some keys' values, then deleted
    let path = Some(std::path::PathBuf::from("/w/.claude/agents/a.md"));
    for text in corpus() {
        let mut doc = Document::new(&text, 1, Encoding::Utf16, path.clone());
        let mut naive = text.clone();
        let mut v = 1;
        for key in [
            "name",
            "model",
            "color",
            "description",
            "tools",
            "allowed-tools",
        ] {
            let Some(end) = Header::parse(&naive)
                .frontmatter()
                .and_then(|f| f.entry(key))
                .map(|e| e.value.span.end)
            else {
                continue;
            };
            let typed = "ab-9.c: [\"é\"] #x";
            let steps = typed
                .char_indices()
                .map(|(i, c)| (end + i, end + i, c.to_string()))
                .chain(
                    typed
                        .char_indices()
                        .rev()
                        .map(|(i, c)| (end + i, end + i + c.len_utf8(), String::new())),
                );
            for (s, e, ins) in steps {
                let (a, b) = (doc.position(s), doc.position(e));
                v += 1;
                doc.apply(
                    v,
                    &[Change {
                        range: Some((a, b)),
                        text: ins.clone(),
                    }],
                );
                naive.replace_range(s..e, &ins);
                assert_eq!(doc.text(), naive);
                let fresh = Document::new(&naive, 0, Encoding::Utf16, path.clone());
                assert_eq!(doc.header(), fresh.header(), "`{key}` after {ins:?}");
                assert_eq!(
                    doc.diagnostics(),
                    fresh.diagnostics(),
                    "`{key}` after {ins:?}"
                );
            }
        }
    }
}

/// Pieces of Claude Code's JSON configuration: structure, keys and values the checks look into.
const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\\"",
    " ",
    "\n",
    "// c\n",
    "/* c */",
    "null",
    "true",
    "1",
    "-5",
    "\"hooks\"",
    "\"PreToolUse\"",
    "\"Stop\"",
    "\"SessionStart\"",
    "\"matcher\"",
    "\"Bash(\"",
    "\"Edit|Wrte\"",
    "\"mcp__gh__.*\"",
    "\"type\"",
    "\"command\"",
    "\"prompt\"",
    "\"$CLAUDE_PROJECT_DIR/x.sh\"",
    "\"bash ./a.sh\"",
    "\"${CLAUDE_PLUGIN_ROOT}/s.sh\"",
    "\"permissions\"",
    "\"allow\"",
    "\"bash(rm:*)\"",
    "\"enabledPlugins\"",
    "\"a@m\"",
    "\"mcpServers\"",
    "\"agents\"",
    "\"./agents\"",
    "\"skills\"",
    "\"plugins\"",
    "\"source\"",
    "\"./p\"",
    "\"name\"",
    "\"statusLine\"",
    "\u{FEFF}",
    "é",
    "🦀",
];

fn json_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(JSON_TOKENS).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..120,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The same calls as `fuzz/fuzz_targets/json.rs`: no panic, spans inside the text.
    #[test]
    fn json_analysis_survives_arbitrary_text(text in json_text()) {
        json_kinds::analyze(&text);
    }
}
