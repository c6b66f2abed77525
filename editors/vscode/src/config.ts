// What the extension tells the server, kept free of the `vscode` module so that the protocol
// tests (test/protocol.test.js) start agent-ls with exactly the same settings.

/** The language ids agent files can have in VS Code. Markdown, and the ids VS Code 1.139 gives
 * to AI agent files itself (its chat customization files: `chatagent` for `.claude/agents/*.md`
 * and `*.agent.md`, `skill` for `SKILL.md`, `prompt` for `*.prompt.md` and commands,
 * `instructions` for `*.instructions.md`, `CLAUDE.md` and rules). The one place this list lives:
 * `package.json`'s `activationEvents` must name the same ids (a test checks it). */
export const languageIds = ["markdown", "chatagent", "skill", "prompt", "instructions"];

/** Files the client hands to the server. The server itself decides which files are agent files
 * (anything under an `agents/` folder, or frontmatter with `name` and `description`) and stays
 * silent on the rest, so the selector is every document of those languages, saved or untitled. */
export const documentSelector = languageIds.flatMap((language) => [
  { scheme: "file", language },
  { scheme: "untitled", language },
]);

/** Arguments for `agent-ls`: none, which means "serve LSP on stdio". */
export const serverArgs: string[] = [];

/** `initializationOptions` sent in `initialize` (none are needed today). */
export const initializationOptions = {};

/** The message shown when the binary cannot be started. */
export function missingBinaryMessage(path: string): string {
  return `agent-ls: cannot start '${path}'. Install it with 'cargo install --path .' from the agent-ls repository, or set 'agentLs.serverPath' to the binary.`;
}
