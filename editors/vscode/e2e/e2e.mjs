// Drives a real VS Code (code-server, started by run.sh) in Debian's chromium with Playwright and
// checks, in its UI, what a user of the extension sees on `.claude/agents/bad.md`:
//   1. the Problems panel lists our diagnostics (source agent-ls, code unknown-tool, on `Reed`),
//      beside VS Code's own built-in validation of agent files, which is recorded;
//   2. hovering `Reed` shows our diagnostic, hovering `Read` shows our tool documentation;
//   3. completion in the tools line offers our tool names;
//   4. the README gets no problems;
//   5. with the setting that turns VS Code's own validation off, its problem goes and ours stay;
//   6. `.claude/settings.json` gets our finding on the misspelled hook type, with its hover, and
//      `package.json` (JSON, but no Claude Code file) gets nothing from agent-ls.
// Every wait polls with a deadline; a failure saves a screenshot and exits non-zero.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`e2e.mjs: ${name} is not set (run it through run.sh)`);
  return value;
};
const url = env("CODE_SERVER_URL");
const workspace = env("WORKSPACE");
const settingsFile = env("USER_SETTINGS");
const shots = env("SCREENSHOTS");
const agentLs = env("AGENT_LS_BIN");
const findingsFile = env("FINDINGS");

/** The user settings of the test, the only place they are written. No `agentLs.serverPath`:
 * the extension starts the binary its .vsix carries. `extra` adds the settings of one phase. */
function writeUserSettings(extra = {}) {
  const settings = {
    "files.autoSave": "off",
    "files.hotExit": "off",
    "workbench.startupEditor": "none",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.tips.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    ...extra,
  };
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
}

/** The setting that silences VS Code's own validation of `.claude/agents/*.md` (see README). */
const builtinValidationOn = { "files.associations": { "**/.claude/agents/*.md": "chatagent" } };

// The doc line of `Read` in the catalog: what our hover must show for it.
const catalog = fs.readFileSync(env("CATALOG"), "utf8");
const readDoc = catalog.match(/\{ name = "Read",[^\n]*? doc = "([^"]+)"/)?.[1];
if (!readDoc) throw new Error("no `Read` tool in the catalog");

const badText = fs.readFileSync(path.join(workspace, ".claude/agents/bad.md"), "utf8");
const lines = badText.split("\n");
const toolsLine = lines.findIndex((l) => l.startsWith("tools:")) + 1;
const reedColumn = lines[toolsLine - 1].indexOf("Reed") + 1;
const readColumn = lines[toolsLine - 1].indexOf("Read") + 1;

let passed = 0;
let page;
let currentStep = "start";

const started = Date.now();
function ok(what) {
  passed += 1;
  console.log(`ok ${passed} - ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Polls `probe` until it returns something truthy; throws `what` after `timeout` ms. */
async function until(what, probe, timeout = 30000, interval = 250) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
      if (process.env.E2E_DEBUG) console.log(`   (retrying ${what}: ${e.message.split("\n")[0]})`);
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ""}`);
    }
    await page.waitForTimeout(interval);
  }
}

/** Fails if `probe` becomes truthy within `duration` ms: for things that must not appear. */
async function never(what, probe, duration = 3000) {
  const deadline = Date.now() + duration;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) throw new Error(`${what}: ${JSON.stringify(value)}`);
    await page.waitForTimeout(250);
  }
}

async function shot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function loadWorkbench() {
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
  // The explorer lists the workspace once the workbench has restored and can take keys.
  await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60000 });
}

/** The text of the first element matching `selector` now, "" when there is none (no waiting). */
async function textOf(selector) {
  return page.evaluate((s) => document.querySelector(s)?.textContent?.trim() ?? "", selector);
}

const activeTab = () => textOf(".editor-group-container.active .tabs-container .tab.active");
const statusLanguage = () => textOf("#status\\.editor\\.mode");

/** Opens a workspace file with Quick Open (Ctrl+P), as a user would. */
async function openFile(name) {
  await until(`${name} to open with Ctrl+P`, async () => {
    if ((await activeTab()).includes(name)) return true;
    const input = page.locator(".quick-input-widget input");
    if (!(await input.isVisible())) {
      await page.keyboard.press("Control+P");
      await input.waitFor({ state: "visible", timeout: 5000 });
    }
    await input.fill(name);
    // Enter only once the filter has run and put the file first (the list shows history before).
    const row = page.locator(".quick-input-list .monaco-list-row.focused", { hasText: name }).first();
    await row.waitFor({ timeout: 5000 });
    await page.keyboard.press("Enter");
    return until(`${name} in the active tab`, async () => (await activeTab()).includes(name), 5000);
  }, 60000, 500);
  await editor().waitFor();
}

function editor() {
  return page.locator(".editor-group-container.active .monaco-editor .view-lines").first();
}

/** Shows the Problems panel (Ctrl+Shift+M toggles it, so only when it is not showing). */
async function showProblems() {
  await until("the Problems panel", async () => {
    if (await page.locator(".markers-panel").isVisible()) return true;
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel").waitFor({ state: "visible", timeout: 3000 });
    return true;
  }, 20000, 500);
}

/** The rows of the Problems panel, as their accessible labels. */
async function problemRows() {
  return page.locator(".markers-panel .monaco-list-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") || ""));
}

/** The markers behind the Problems panel's rows, read back with its own Copy (Ctrl+C), which puts
 * a marker's JSON (owner, source, code, message, range) on the clipboard. The panel is read again
 * whole when it changed under the reading (a row gone: VS Code re-renders the list when a server
 * publishes again, or its own validation adds a row). */
async function problemMarkers() {
  return until("the Problems panel's markers, read while it stays the same", async () => {
    const rows = page.locator(".markers-panel .monaco-list-row");
    const markers = [];
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const label = (await rows.nth(i).getAttribute("aria-label", { timeout: 3000 })) || "";
      if (/^\d+ problems? in file /.test(label)) continue; // a file row
      await page.evaluate(() => navigator.clipboard.writeText(""));
      await rows.nth(i).click({ timeout: 3000 });
      await page.keyboard.press("Control+C");
      const text = await until(`the copy of problem row ${i}`, () => page.evaluate(() => navigator.clipboard.readText()), 5000, 100);
      markers.push(...JSON.parse(text));
    }
    return (await rows.count()) === count && markers;
  }, 60000, 500);
}

/** Moves the cursor with Go to Line (Ctrl+G, "line:column"). */
async function goTo(line, column) {
  await editor().click();
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}:${column}`); // Go to Line's prefix, then line:column
  await page.keyboard.press("Enter");
  await until(`the cursor at ${line}:${column}`, async () =>
    (await textOf("#status\\.editor\\.selection")).includes(`Ln ${line}, Col ${column}`), 5000);
}

/** Shows the hover at the cursor (Ctrl+K Ctrl+I) and waits for one containing `text`. */
async function hoverAt(line, column, text, file = "bad.md") {
  return until(`a hover at ${line}:${column} containing ${JSON.stringify(text)}`, async () => {
    await page.keyboard.press("Escape");
    // each attempt from the file's editor again: a retry after a lost focus (the Problems panel,
    // a widget left open on a loaded machine) must not keep typing into the wrong place
    await openFile(file);
    await goTo(line, column);
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: text }).first();
    await hover.waitFor({ state: "visible", timeout: 4000 });
    return hover.innerText();
  }, 40000, 500);
}

const isOurs = (m) => m.source === "agent-ls";
const badPath = path.join(workspace, ".claude/agents/bad.md");

// A fresh profile (run.sh empties it) in Debian's chromium; no browser download.
const context = await chromium.launchPersistentContext(env("CHROMIUM_PROFILE"), {
  executablePath: env("CHROMIUM"),
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1400, height: 860 },
});
try {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  // Only code-server itself: the workbench would otherwise ask an extension gallery for news.
  await context.route(/^https?:\/\//, (route) =>
    route.request().url().startsWith(`${url}/`) ? route.continue() : route.abort());
  page = await context.newPage();
  page.setDefaultTimeout(30000);

  currentStep = "load";
  writeUserSettings();
  await loadWorkbench();
  ok("code-server loads the workspace");

  currentStep = "open";
  // The README first: by the time the agent file's diagnostics show, the server has seen it.
  await openFile("README.md");
  await openFile("bad.md");
  const language = await until("the language in the status bar", statusLanguage);
  ok(`bad.md opens (language: ${language})`);

  currentStep = "problems";
  await showProblems();
  const ourRow = (rows) => rows.find((r) => r.includes("unknown tool `Reed`") && r.includes("agent-ls"));
  const builtinRow = (rows) => rows.find((r) => r.includes("Unknown value 'gpt-4'"));
  await until("our unknown-tool problem in the Problems panel", async () => ourRow(await problemRows()), 60000);
  // The extension maps agent files to Markdown by default (configurationDefaults), so VS Code's
  // own validator, which runs on its language `chatagent` ("Agent"), must stay silent here.
  if (language !== "Markdown") throw new Error(`bad.md opens as ${language}, not Markdown: the extension's default did not apply`);
  await never("VS Code's own problem on a file it does not see as an agent file", async () => builtinRow(await problemRows()), 3000);
  await shot("problems");
  const markers = await problemMarkers();
  const tool = markers.find((m) => isOurs(m) && m.code === "unknown-tool");
  if (!tool) throw new Error(`no agent-ls unknown-tool marker among ${JSON.stringify(markers, null, 2)}`);
  const where = [tool.startLineNumber, tool.startColumn, tool.endLineNumber, tool.endColumn];
  const want = [toolsLine, reedColumn, toolsLine, reedColumn + 4];
  if (tool.resource !== badPath || where.join() !== want.join() || !/`Reed`.*did you mean `Read`/.test(tool.message) || tool.severity !== 4) {
    throw new Error(`our unknown-tool marker is not the warning on \`Reed\` at ${want}: ${JSON.stringify(tool)}`);
  }
  ok(`Problems panel: agent-ls(unknown-tool) warning on \`Reed\` (Ln ${toolsLine}, Col ${reedColumn}-${reedColumn + 4}): ${tool.message}`);
  if (!markers.some((m) => isOurs(m) && m.code === "unknown-model")) throw new Error("no agent-ls unknown-model marker");
  ok("Problems panel: agent-ls(unknown-model) warning on `gpt-4`");
  const stray = markers.filter((m) => !isOurs(m) && m.resource === badPath);
  if (stray.length) throw new Error(`problems not from agent-ls by default: ${JSON.stringify(stray)}`);

  currentStep = "readme";
  const readmeRows = (await problemRows()).filter((r) => r.includes("README.md"));
  if (readmeRows.length) throw new Error(`the README has problems: ${readmeRows.join(" | ")}`);
  await openFile("README.md");
  await never("the README got problems", async () => (await problemRows()).filter((r) => r.includes("README.md")).join(" | "), 2000);
  await shot("readme");
  ok("README.md: no problems");

  currentStep = "skill";
  // SKILL.md opens in VS Code's own `skill` language, which the extension attaches to too
  await openFile("SKILL.md");
  const skillLanguage = await until("the skill's language in the status bar", statusLanguage);
  const skillPath = path.join(workspace, ".claude/skills/pdf/SKILL.md");
  const mismatch = await until("our skill-name-mismatch marker", async () =>
    (await problemMarkers()).find((m) => isOurs(m) && m.code === "skill-name-mismatch" && m.resource === skillPath), 60000, 500);
  const at = [mismatch.startLineNumber, mismatch.startColumn, mismatch.endLineNumber, mismatch.endColumn];
  if (at.join() !== [2, 7, 2, 16].join() || mismatch.severity !== 4) {
    throw new Error(`the skill-name-mismatch marker is not the warning on \`pdf-tools\`: ${JSON.stringify(mismatch)}`);
  }
  await shot("skill");
  ok(`SKILL.md (language: ${skillLanguage}): agent-ls(skill-name-mismatch) warning on \`pdf-tools\` (Ln 2, Col 7-16): ${mismatch.message}`);
  for (const m of (await problemMarkers()).filter((m) => !isOurs(m) && m.resource === skillPath)) {
    console.log(`   VS Code's own on SKILL.md: owner ${m.owner}, severity ${m.severity}, Ln ${m.startLineNumber}: ${m.message}`);
  }

  currentStep = "settings";
  // Claude Code's JSON: the extension attaches to `.claude/settings.json` by its path
  await openFile("settings.json");
  const settingsPath = path.join(workspace, ".claude/settings.json");
  const settingsLines = fs.readFileSync(settingsPath, "utf8").split("\n");
  const typeLine = settingsLines.findIndex((l) => l.includes('"comand"')) + 1;
  const typeColumn = settingsLines[typeLine - 1].indexOf('"comand"') + 1;
  const skipped = await until("our config-entry-skipped marker on settings.json", async () =>
    (await problemMarkers()).find((m) => isOurs(m) && m.code === "config-entry-skipped" && m.resource === settingsPath), 60000, 500);
  const span = [skipped.startLineNumber, skipped.startColumn, skipped.endLineNumber, skipped.endColumn];
  if (span.join() !== [typeLine, typeColumn, typeLine, typeColumn + 8].join() || skipped.severity !== 4 || !/did you mean `command`/.test(skipped.message)) {
    throw new Error(`the config-entry-skipped marker is not the warning on \`"comand"\`: ${JSON.stringify(skipped)}`);
  }
  await shot("settings");
  ok(`settings.json: agent-ls(config-entry-skipped) warning on \`"comand"\` (Ln ${typeLine}, Col ${typeColumn}-${typeColumn + 8}): ${skipped.message}`);
  const hoverType = await hoverAt(typeLine, typeColumn + 2, "agent-ls(config-entry-skipped)", "settings.json");
  ok(`hover on \`"comand"\` shows our diagnostic: ${hoverType.split("\n")[0]}`);
  await page.keyboard.press("Escape");
  // agent-ls's rows before and after package.json opens: a `"version": 1` that would reject a
  // plugin manifest must bring none (VS Code's own JSON validation may say what it says)
  const ours = async () => (await problemRows()).filter((r) => r.includes("agent-ls")).length;
  await showProblems();
  const before = await ours();
  await openFile("package.json");
  await showProblems();
  await never("an agent-ls problem on package.json", async () => (await ours()) > before, 4000);
  ok(`package.json: nothing from agent-ls (its ${before} problems elsewhere unchanged)`);

  currentStep = "hover";
  await openFile("bad.md");
  const hoverReed = await hoverAt(toolsLine, reedColumn + 1, "agent-ls(unknown-tool)");
  await shot("hover");
  ok(`hover on \`Reed\` shows our diagnostic: ${hoverReed.split("\n")[0]}`);
  await hoverAt(toolsLine, readColumn + 1, readDoc);
  await shot("hover-tool");
  ok(`hover on \`Read\` shows our documentation: ${readDoc}`);

  currentStep = "completion";
  await page.keyboard.press("Escape");
  await goTo(toolsLine, lines[toolsLine - 1].length + 1);
  await page.keyboard.type(", TodoW");
  // TodoWrite is in agent-ls's catalog and not in VS Code's own list of Claude tools.
  const suggestion = await until("TodoWrite in the suggestions", async () => {
    const widget = page.locator(".suggest-widget.visible");
    if (!(await widget.isVisible())) await page.keyboard.press("Control+Space");
    await widget.waitFor({ state: "visible", timeout: 3000 });
    const text = await widget.innerText();
    return text.includes("TodoWrite") && text;
  }, 30000, 500);
  await shot("completion");
  ok(`completion in the tools line offers ${JSON.stringify(suggestion.split("\n").slice(0, 3).join(" "))}`);
  await page.keyboard.press("Escape");
  // Back to the file as it is on disk, so that no edit leaks into the next phase.
  await until("bad.md reverted", async () => {
    if (!(await page.locator(".tabs-container .tab.active.dirty").count())) return true;
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+Shift+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: 5000 });
    await input.fill(">File: Revert File");
    await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: "Revert File" }).first().waitFor({ timeout: 5000 });
    await page.keyboard.press("Enter");
    await page.waitForTimeout(500);
    return false;
  }, 20000, 250);
  ok("bad.md reverted (nothing written to disk)");

  currentStep = "builtin-on";
  writeUserSettings(builtinValidationOn);
  await page.reload();
  await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
  await openFile("bad.md");
  await until("bad.md as an Agent file", async () => (await statusLanguage()) === "Agent", 30000);
  await showProblems();
  await until("our problem on an Agent file", async () => ourRow(await problemRows()), 60000);
  await until("VS Code's own problem on gpt-4 beside ours", async () => builtinRow(await problemRows()), 30000);
  const after = await problemMarkers();
  const builtin = after.filter((m) => !isOurs(m));
  fs.writeFileSync(findingsFile, JSON.stringify({ language: "Agent", markers: builtin }, null, 2));
  for (const m of builtin) {
    console.log(`   VS Code's own: owner ${m.owner}, source ${m.source ?? "(none)"}, severity ${m.severity}, ` +
      `Ln ${m.startLineNumber} Col ${m.startColumn}: ${m.message}`);
  }
  if (!after.some((m) => isOurs(m) && m.code === "unknown-tool")) throw new Error("our unknown-tool problem is gone on an Agent file");
  await shot("problems-builtin-on");
  ok(`with ${JSON.stringify(builtinValidationOn)}: VS Code's own validation beside agent-ls (${after.map((m) => m.code ?? m.owner).join(", ")})`);
} catch (e) {
  console.error(`not ok - ${currentStep}: ${e.message}`);
  if (page) {
    await page.screenshot({ path: path.join(shots, `failure-${currentStep}.png`) }).catch(() => {});
    const toasts = await page.locator(".notification-toast").allInnerTexts().catch(() => []);
    for (const t of toasts) console.error(`   VS Code notification: ${t.replace(/\s+/g, " ")}`);
  }
  await context.close();
  console.log(`vscode-e2e: ${passed} passed, 1 failed`);
  process.exit(1);
}
await context.close();
console.log(`vscode-e2e: ${passed} passed, 0 failed`);
