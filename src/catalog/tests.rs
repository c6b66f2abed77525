use super::*;

/// The distance cut short past the limit is the whole computation's wherever it is within
/// the limit, and past the limit wherever that one is.
#[test]
fn edit_distance_cut_at_the_limit_agrees_with_the_whole_table() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let (mut rows, mut whole) = (Rows::default(), Rows::default());
    for _ in 0..100_000 {
        let word = |next: &mut dyn FnMut(u64) -> u64| -> Vec<char> {
            (0..next(12))
                .map(|_| char::from(b'a' + next(4) as u8))
                .collect()
        };
        let (a, b) = (word(&mut next), word(&mut next));
        let limit = next(4) as usize;
        let full = edit_distance(&a, &b, usize::MAX - 1, &mut whole);
        let cut = edit_distance(&a, &b, limit, &mut rows);
        if full <= limit {
            assert_eq!(cut, full, "{a:?} {b:?} limit {limit}");
        } else {
            assert!(cut > limit, "{a:?} {b:?} limit {limit}: {cut} vs {full}");
        }
    }
}

#[test]
fn every_code_has_exactly_one_rule() {
    let c = get();
    let codes: Vec<Code> = c.rules.iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        Code::ALL,
        "the catalog's rules, in the order of codes.rs"
    );
    for &code in Code::ALL {
        assert_eq!(c.rule(code).map(|r| r.code), Some(code));
    }
    let bad: Result<Rule, _> = toml::from_str(
        "code = \"unknwn-tool\"\nseverity = \"warning\"\nsummary = \"s\"\nexample = \"e\"",
    );
    let e = bad.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("unknown rule code `unknwn-tool`"), "{e}");
}

#[test]
fn catalog_loads_and_is_consistent() {
    let c = get();
    let agent = c.kind(Kind::Agent);
    assert!(agent.key("name").is_some_and(|k| k.required));
    assert!(c.tool("Bash").is_some());
    assert_eq!(
        c.tool("MultiEdit").and_then(|t| t.current.as_deref()),
        Some("Edit")
    );
    for t in &c.tools {
        if let Some(cur) = &t.current {
            assert!(
                c.tool(cur).is_some_and(|t| t.status == ToolStatus::Current),
                "{cur}"
            );
        }
        assert_eq!(
            t.status == ToolStatus::Alias,
            t.current.is_some() && t.resolves(),
            "{}",
            t.name
        );
    }
    assert_eq!(c.verified_with, "2.1.337");
    assert_eq!(agent.suggest_key("colour"), Some("color"));
    assert_eq!(agent.suggest_key("allowed-tools"), Some("tools"));
    assert_eq!(agent.suggest_key("when_to_use"), Some("description"));
    assert_eq!(agent.suggest_key("Permission_Mode"), Some("permissionMode"));
    assert_eq!(agent.suggest_key("category"), None);
    let ids: Vec<Option<Kind>> = c.kinds.iter().map(|k| Kind::from_id(&k.id)).collect();
    let named = [
        Kind::Agent,
        Kind::Skill,
        Kind::Command,
        Kind::OutputStyle,
        Kind::Memory,
        Kind::Rule,
        Kind::Imported,
        Kind::Settings,
        Kind::Mcp,
        Kind::PluginManifest,
        Kind::PluginHooks,
        Kind::Marketplace,
        Kind::LspServers,
    ];
    assert_eq!(
        ids,
        named.map(Some),
        "one kinds/*.toml per named kind, in order"
    );
    let names: Vec<String> = named.iter().map(|k| format!("{k:?}")).collect();
    assert_eq!(names[3], "OutputStyle");
    for kind in &c.kinds {
        for v in &kind.values {
            let key = kind.key(&v.key).unwrap();
            assert!(
                c.enum_values(key).contains(&v.value.as_str()),
                "{} {}",
                kind.id,
                v.value
            );
        }
        for f in &kind.foreign_keys {
            assert!(kind.key(&f.suggest).is_some(), "{} {}", kind.id, f.suggest);
            assert!(kind.key(&f.name).is_none(), "{} {}", kind.id, f.name);
        }
    }
    let skill = c.kind(Kind::Skill);
    assert_eq!(skill.suggest_key("allowed_tools"), Some("allowed-tools"));
    assert_eq!(
        c.kind(Kind::Command).suggest_key("name"),
        Some("description")
    );
    let mut codes: Vec<_> = c.rules.iter().map(|r| &r.code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), c.rules.len(), "rule codes are unique");
}

/// The JSON `build.rs` writes says what the TOML says.
#[test]
fn prebuilt_json_is_the_toml() {
    let mut from_toml: Catalog = toml::from_str(include_str!("catalog.toml")).unwrap();
    from_toml.kinds = [
        include_str!("kinds/agent.toml"),
        include_str!("kinds/skill.toml"),
        include_str!("kinds/command.toml"),
        include_str!("kinds/output-style.toml"),
        include_str!("kinds/memory.toml"),
        include_str!("kinds/rule.toml"),
        include_str!("kinds/imported.toml"),
        include_str!("kinds/settings.toml"),
        include_str!("kinds/mcp.toml"),
        include_str!("kinds/plugin-manifest.toml"),
        include_str!("kinds/plugin-hooks.toml"),
        include_str!("kinds/marketplace.toml"),
        include_str!("kinds/lsp-servers.toml"),
    ]
    .iter()
    .map(|s| toml::from_str(s).unwrap())
    .collect();
    let from_toml = from_toml.finish();
    assert_eq!(format!("{from_toml:#?}"), format!("{:#?}", get()));
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/catalog/kinds"))
        .unwrap()
        .count();
    assert_eq!(files, KIND_SOURCES.len(), "every file of kinds/ is read");
}

#[test]
fn suggestions() {
    let tools = get().tools.iter().map(|t| t.name.as_str());
    assert_eq!(did_you_mean("bash", tools.clone()), Some("Bash"));
    assert_eq!(did_you_mean("Grpe", tools.clone()), Some("Grep"));
    assert_eq!(did_you_mean("Kubernetes", tools), None);
}

/// Every kind's profile names a symbol kind editors know, and every JSON kind says what
/// Claude Code does with the whole file when it cannot use it.
#[test]
fn every_kind_profile_is_complete() {
    for &kind in Kind::all() {
        let spec = kind.spec();
        assert!(
            [
                "class",
                "function",
                "event",
                "string",
                "file",
                "interface",
                "object"
            ]
            .contains(&spec.symbol.as_str()),
            "{kind:?}: symbol `{}`",
            spec.symbol
        );
        assert_eq!(spec.dropped.is_some(), spec.json, "{kind:?}: dropped");
    }
}
