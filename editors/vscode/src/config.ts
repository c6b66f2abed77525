// What the extension tells the server, kept free of the `vscode` module so that the protocol
// tests (test/protocol.test.js) start agent-ls with exactly the same settings.

/** Files the client hands to the server. The server itself decides which markdown files are
 * agent files (anything under an `agents/` folder, or frontmatter with `name` and `description`)
 * and stays silent on the rest, so the selector is simply every markdown document. */
export const documentSelector = [
  { scheme: "file", language: "markdown" },
  { scheme: "untitled", language: "markdown" },
];

/** Arguments for `agent-ls`: none, which means "serve LSP on stdio". */
export const serverArgs: string[] = [];

/** `initializationOptions` sent in `initialize` (none are needed today). */
export const initializationOptions = {};

/** The message shown when the binary cannot be started. */
export function missingBinaryMessage(path: string): string {
  return `agent-ls: cannot start '${path}'. Install it with 'cargo install --path .' from the agent-ls repository, or set 'agentLs.serverPath' to the binary.`;
}
