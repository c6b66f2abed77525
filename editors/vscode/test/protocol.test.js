// Drives the real agent-ls binary the way the extension does: vscode-languageserver-protocol
// (the library underneath vscode-languageclient) over stdio, with the extension's own settings.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const cp = require("node:child_process");
const rpc = require("vscode-languageserver-protocol/node");
const config = require("../out/config.js");

const root = path.resolve(__dirname, "../../..");
const bin = process.env.AGENT_LS_BIN || path.join(root, "target/debug/agent-ls");

let proc;
let conn;
const published = [];
const waiters = [];

function onPublish(params) {
  published.push(params);
  for (const w of waiters.splice(0)) w();
}

async function diagnosticsFor(uri, version) {
  for (;;) {
    const hit = published.find((p) => p.uri === uri && p.version === version);
    if (hit) return hit.diagnostics;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}@${version}`)), 20000);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function open(uri, text) {
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "markdown", version: 1, text },
  });
}

before(async () => {
  assert.ok(fs.existsSync(bin), `build agent-ls first (${bin})`);
  proc = cp.spawn(bin, config.serverArgs, { stdio: ["pipe", "pipe", "inherit"] });
  conn = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(proc.stdout),
    new rpc.StreamMessageWriter(proc.stdin),
  );
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, onPublish);
  conn.listen();
  const result = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    initializationOptions: config.initializationOptions,
    capabilities: {
      general: { positionEncodings: ["utf-16"] },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ["markdown", "plaintext"] } },
        hover: { contentFormat: ["markdown", "plaintext"] },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
      },
    },
  });
  assert.equal(result.capabilities.textDocumentSync.change, rpc.TextDocumentSyncKind.Incremental);
  assert.equal(result.capabilities.positionEncoding, "utf-16");
  conn.sendNotification(rpc.InitializedNotification.type, {});
});

after(async () => {
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  const code = await new Promise((resolve) => proc.on("exit", resolve));
  assert.equal(code, 0);
  conn.dispose();
});

const BROKEN = [
  "---",
  "name: release-helper",
  "description: Use this agent when preparing a release.",
  "tools: Read, Bassh",
  "color: teal",
  "---",
  "You prepare releases.",
  "",
].join("\n");

test("the document selector is every markdown and agent-file document and Claude Code's JSON files, and activation matches it", () => {
  const ids = ["markdown", "chatagent", "skill", "prompt", "instructions"];
  assert.deepEqual(config.languageIds, ids);
  assert.deepEqual(
    config.documentSelector.filter((s) => s.language).map((s) => `${s.scheme}:${s.language}`),
    ids.flatMap((l) => [`file:${l}`, `untitled:${l}`]),
  );
  // Claude Code's JSON files by path only: the `files` of the catalog's JSON kinds
  const kinds = path.join(__dirname, "..", "..", "..", "src", "catalog", "kinds");
  const files = fs
    .readdirSync(kinds)
    .map((f) => fs.readFileSync(path.join(kinds, f), "utf8"))
    .filter((t) => /^json = true$/m.test(t))
    .flatMap((t) => JSON.parse(t.match(/^files = (\[.*\])$/m)[1]));
  assert.deepEqual([...config.jsonFiles].sort(), files.sort());
  assert.deepEqual(
    config.documentSelector.filter((s) => !s.language),
    config.jsonFiles.map((f) => ({ scheme: "file", pattern: `**/${f}` })),
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
  assert.deepEqual(
    pkg.activationEvents,
    [...ids, ...config.jsonLanguageIds].map((l) => `onLanguage:${l}`),
  );
});

test("diagnostics for an agent file, with exact ranges", async () => {
  const uri = "file:///project/.claude/agents/release-helper.md";
  open(uri, BROKEN);
  const diags = await diagnosticsFor(uri, 1);
  const tool = diags.find((d) => d.code === "unknown-tool");
  assert.ok(tool, JSON.stringify(diags));
  assert.deepEqual(tool.range, { start: { line: 3, character: 13 }, end: { line: 3, character: 18 } });
  assert.equal(tool.severity, rpc.DiagnosticSeverity.Warning);
  assert.match(tool.message, /did you mean `Bash`/);
  const color = diags.find((d) => d.code === "unknown-color");
  assert.deepEqual(color.range.start, { line: 4, character: 7 });
});

test("an edit updates the diagnostics", async () => {
  const uri = "file:///project/.claude/agents/release-helper.md";
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 3, character: 13 }, end: { line: 3, character: 18 } }, text: "Bash" }],
  });
  const diags = await diagnosticsFor(uri, 2);
  assert.equal(diags.filter((d) => d.code === "unknown-tool").length, 0);
});

test("completion of keys and colours", async () => {
  const uri = "file:///project/.claude/agents/c.md";
  open(uri, "---\nname: c\ndescription: d\ncolor: \n\n---\nBody\n");
  await diagnosticsFor(uri, 1);
  const keys = await conn.sendRequest(rpc.CompletionRequest.type, {
    textDocument: { uri },
    position: { line: 4, character: 0 },
  });
  const labels = (keys.items || keys).map((i) => i.label);
  assert.ok(labels.includes("permissionMode") && labels.includes("tools"), labels.join(","));
  const colors = await conn.sendRequest(rpc.CompletionRequest.type, {
    textDocument: { uri },
    position: { line: 3, character: 7 },
  });
  assert.deepEqual((colors.items || colors).map((i) => i.label).slice(0, 3), ["red", "blue", "green"]);
});

test("hover on a tool", async () => {
  const uri = "file:///project/.claude/agents/release-helper.md";
  const hover = await conn.sendRequest(rpc.HoverRequest.type, {
    textDocument: { uri },
    position: { line: 3, character: 7 },
  });
  assert.equal(hover.contents.kind, "markdown");
  assert.match(hover.contents.value, /\*\*`Read`\*\*/);
  assert.deepEqual(hover.range, { start: { line: 3, character: 7 }, end: { line: 3, character: 11 } });
});

test("silent on a README", async () => {
  const uri = "file:///project/README.md";
  open(uri, "# Project\n\nNotes: none.\n");
  assert.deepEqual(await diagnosticsFor(uri, 1), []);
});

test("the packaged .vsix carries the bundled client", () => {
  const vsix = path.join(__dirname, "..", "agent-ls.vsix");
  assert.ok(fs.existsSync(vsix), "run `npm run package` first");
  const bytes = fs.readFileSync(vsix);
  assert.ok(bytes.includes(Buffer.from("extension/dist/extension.js")));
  const bundle = fs.readFileSync(path.join(__dirname, "..", "dist", "extension.js"), "utf8");
  assert.ok(!/require\(["']vscode-languageclient/.test(bundle), "the client library is bundled, not required");
  assert.ok(bundle.includes("agentLs.restartServer"));
});

test("the server lookup: the setting, then the bundled binary, then PATH", () => {
  const c = config.serverCandidates("", "/ext/server/agent-ls");
  assert.deepEqual(c.map((x) => x.command), ["/ext/server/agent-ls", "agent-ls"]);
  const d = config.serverCandidates(" /opt/agent-ls ", undefined);
  assert.deepEqual(d.map((x) => x.command), ["/opt/agent-ls", "agent-ls"]);
  assert.equal(config.bundledName("win32"), "agent-ls.exe");
  assert.equal(config.bundledName("linux"), "agent-ls");
  const msg = config.missingBinaryMessage(c.map((candidate) => ({ candidate, error: "ENOENT" })));
  assert.match(msg, /'\/ext\/server\/agent-ls' \(the binary bundled with the extension: ENOENT\)/);
  assert.match(msg, /'agent-ls' \(PATH: ENOENT\)/);
});

test("a platform-specific .vsix carries the server binary", () => {
  const root = path.join(__dirname, "..");
  const out = path.join(root, "agent-ls-linux-x64.vsix");
  const r = cp.spawnSync(process.execPath, [path.join(root, "scripts", "package-target.js"), "linux-x64", bin, out], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  // read the archive with Python's zipfile (no unzip needed)
  const py = [
    "import sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "i = z.getinfo('extension/server/agent-ls')",
    "print(oct((i.external_attr >> 16) & 0o777))",
    "print(z.read('extension.vsixmanifest').decode())",
  ].join("\n");
  const u = cp.spawnSync("python3", ["-c", py, out], { encoding: "utf8" });
  assert.equal(u.status, 0, u.stderr);
  const [mode, ...manifest] = u.stdout.split("\n");
  assert.equal(mode, "0o755", "the binary is executable");
  assert.match(manifest.join("\n"), /TargetPlatform="linux-x64"/);
  assert.ok(!fs.existsSync(path.join(root, "server")), "the staging folder is removed");
});
