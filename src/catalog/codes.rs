//! Rule codes as a type: every code the program emits is a variant here, and the catalog's
//! `[[rules]]` entries deserialize into it, so a mistyped code fails when the catalog loads (a
//! test loads it) instead of silently becoming a warning at run time. What a rule means, its
//! severity and its docs stay in `catalog.toml`; this file only names the codes.

use serde::{Deserialize, Deserializer};

macro_rules! codes {
    ($($variant:ident => $code:literal,)*) => {
        /// A diagnostic rule's code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the catalog's order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            pub fn parse(s: &str) -> Option<Code> {
                match s {
                    $($code => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    MissingFrontmatter => "missing-frontmatter",
    FrontmatterNotRead => "frontmatter-not-read",
    UnclosedFrontmatter => "unclosed-frontmatter",
    FrontmatterEndsEarly => "frontmatter-ends-early",
    FileTooLarge => "file-too-large",
    UnreadableFile => "unreadable-file",
    YamlError => "yaml-error",
    YamlLenientOnly => "yaml-lenient-only",
    YamlStrictError => "yaml-strict-error",
    YamlValueChanged => "yaml-value-changed",
    CommentInValue => "comment-in-value",
    UnindentedContinuation => "unindented-continuation",
    InvalidFlowCollection => "invalid-flow-collection",
    TabIndentation => "tab-indentation",
    DuplicateKey => "duplicate-key",
    HooksEmptyList => "hooks-empty-list",
    InvalidHooks => "invalid-hooks",
    HookAtTopLevel => "hook-at-top-level",
    UnknownHookEvent => "unknown-hook-event",
    MissingName => "missing-name",
    InvalidName => "invalid-name",
    NameStyle => "name-style",
    MissingDescription => "missing-description",
    NameMismatch => "name-mismatch",
    UnknownKey => "unknown-key",
    InvalidType => "invalid-type",
    UnknownTool => "unknown-tool",
    RemovedTool => "removed-tool",
    LegacyTool => "legacy-tool",
    ToolsUnresolved => "tools-unresolved",
    NoTools => "no-tools",
    ToolSpecifier => "tool-specifier",
    UnknownModel => "unknown-model",
    UnknownColor => "unknown-color",
    InvalidValue => "invalid-value",
    DuplicateAgentName => "duplicate-agent-name",
    ShadowedAgent => "shadowed-agent",
    UnknownMcpServer => "unknown-mcp-server",
    EmptyBody => "empty-body",
    ExampleUnclosed => "example-unclosed",
    ExampleStrayClose => "example-stray-close",
    ExampleNested => "example-nested",
    CommentaryOutsideExample => "commentary-outside-example",
    ExampleMissingTurn => "example-missing-turn",
    ExampleTurnOrder => "example-turn-order",
    ExampleEmpty => "example-empty",
    NoExamples => "no-examples",
    UnusedSuppression => "unused-suppression",
    InvalidConfig => "invalid-config",
    InvalidToolSpecifier => "invalid-tool-specifier",
    SkillNameMismatch => "skill-name-mismatch",
    SkillStandard => "skill-standard",
    UnknownPlaceholder => "unknown-placeholder",
    UnusedArgument => "unused-argument",
    ArgumentNumberedFromOne => "argument-numbered-from-one",
    PlaceholderInCode => "placeholder-in-code",
    ShellWithoutBash => "shell-without-bash",
    BrokenLink => "broken-link",
    UnknownSkill => "unknown-skill",
    UnknownAgent => "unknown-agent",
    DuplicateSkillName => "duplicate-skill-name",
    NameNotOffered => "name-not-offered",
    FileNotLoaded => "file-not-loaded",
    JsonSyntax => "json-syntax",
    ConfigDropped => "config-dropped",
    ConfigEntrySkipped => "config-entry-skipped",
    UnknownSetting => "unknown-setting",
    DescriptionTruncated => "description-truncated",
    NeverInvoked => "never-invoked",
    PluginOnlyKey => "plugin-only-key",
    IgnoredInPlugin => "ignored-in-plugin",
    MissingImport => "missing-import",
    ImportCycle => "import-cycle",
    ImportTooDeep => "import-too-deep",
    ImportInCode => "import-in-code",
    MemoryTooLarge => "memory-too-large",
    PathsMatchNothing => "paths-match-nothing",
    ImportOutsideProject => "import-outside-project",
    AgentsMdNotLoaded => "agents-md-not-loaded",
    MemoryExcluded => "memory-excluded",
    ImportLoadsAtStart => "import-loads-at-start",
    HookMatcherNoTool => "hook-matcher-no-tool",
    HookMatcherInvalid => "hook-matcher-invalid",
    HookScriptMissing => "hook-script-missing",
    HookScriptNotExecutable => "hook-script-not-executable",
    UnknownMarketplace => "unknown-marketplace",
    PluginPathMissing => "plugin-path-missing",
    HookTypeNotRun => "hook-type-not-run",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = String::deserialize(d)?;
        Code::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown rule code `{s}`: add it to src/catalog/codes.rs"
            ))
        })
    }
}
