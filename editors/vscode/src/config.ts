// What the extension tells the server, kept free of the `vscode` module so that the protocol
// tests (test/protocol.test.js) start agent-ls with exactly the same settings.

/** The language ids agent files can have in VS Code. Markdown, and the ids VS Code 1.139 gives
 * to AI agent files itself (its chat customization files: `chatagent` for `.claude/agents/*.md`
 * and `*.agent.md`, `skill` for `SKILL.md`, `prompt` for `*.prompt.md` and commands,
 * `instructions` for `*.instructions.md`, `CLAUDE.md` and rules). The one place this list lives:
 * `package.json`'s `activationEvents` must name the same ids (a test checks it). */
export const languageIds = ["markdown", "chatagent", "skill", "prompt", "instructions"];

/** Claude Code's JSON configuration files, which the server reads as kinds of their own: the
 * `files` of the JSON kinds in `src/catalog/kinds/*.toml` (a test checks they agree). They are
 * attached by path, so that other JSON files stay untouched. */
export const jsonFiles = [
  ".claude/settings.json",
  ".claude/settings.local.json",
  "managed-settings.json",
  ".mcp.json",
  ".claude-plugin/plugin.json",
  "hooks/hooks.json",
  ".lsp.json",
  ".claude-plugin/marketplace.json",
];

/** The language ids VS Code gives those files. */
export const jsonLanguageIds = ["json", "jsonc"];

/** Files the client hands to the server. The server itself decides which files are agent files
 * (anything under an `agents/` folder, or frontmatter with `name` and `description`) and stays
 * silent on the rest, so the selector is every document of those languages, saved or untitled,
 * and Claude Code's JSON files by path. */
export const documentSelector: { scheme: string; language?: string; pattern?: string }[] = [
  ...languageIds.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]),
  ...jsonFiles.map((file) => ({ scheme: "file", pattern: `**/${file}` })),
];

/** Arguments for `agent-ls`: none, which means "serve LSP on stdio". */
export const serverArgs: string[] = [];

/** `initializationOptions` sent in `initialize` (none are needed today). */
export const initializationOptions = {};

/** A binary the extension may start, and where it comes from. */
export interface Candidate {
  command: string;
  source: string;
}

/** The binary's file name inside the extension (`server/agent-ls[.exe]`). */
export function bundledName(platform: string): string {
  return platform === "win32" ? "agent-ls.exe" : "agent-ls";
}

/** The binaries to try, in order: `agentLs.serverPath` when the user set one (a path someone
 * wrote down must win over anything the extension ships), the binary bundled in a
 * platform-specific `.vsix`, then `agent-ls` on `PATH`. */
export function serverCandidates(configured: string, bundled: string | undefined): Candidate[] {
  const out: Candidate[] = [];
  if (configured.trim() !== "") {
    out.push({ command: configured.trim(), source: "the setting agentLs.serverPath" });
  }
  if (bundled) {
    out.push({ command: bundled, source: "the binary bundled with the extension" });
  }
  out.push({ command: "agent-ls", source: "PATH" });
  return out;
}

/** The message shown when no binary could be started. */
export function missingBinaryMessage(tried: { candidate: Candidate; error: string }[]): string {
  const list = tried.map((t) => `'${t.candidate.command}' (${t.candidate.source}: ${t.error})`).join("; ");
  return `agent-ls: cannot start the language server. Tried ${list}. Install the .vsix for your platform (it carries the server), or install agent-ls with 'cargo install --path .' from its repository, or set 'agentLs.serverPath' to the binary.`;
}
