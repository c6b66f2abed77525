#!/usr/bin/env node
// Packages a platform-specific .vsix that carries the agent-ls binary:
//   node scripts/package-target.js <vsce target> <path to the agent-ls binary> [out.vsix]
// e.g. `node scripts/package-target.js linux-x64 ../../target/release/agent-ls`.
// The binary goes to server/agent-ls (server/agent-ls.exe for win32 targets), where the extension
// looks first after an explicit agentLs.serverPath.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const cp = require("node:child_process");

const TARGETS = ["win32-x64", "win32-arm64", "linux-x64", "linux-arm64", "linux-armhf", "alpine-x64", "alpine-arm64", "darwin-x64", "darwin-arm64"];
const [target, binary, out] = process.argv.slice(2);
if (!TARGETS.includes(target) || !binary) {
  console.error(`usage: package-target.js <${TARGETS.join("|")}> <agent-ls binary> [out.vsix]`);
  process.exit(2);
}
if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) {
  console.error(`package-target.js: no binary at ${binary}`);
  process.exit(2);
}
const root = path.join(__dirname, "..");
const serverDir = path.join(root, "server");
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir);
const name = target.startsWith("win32") ? "agent-ls.exe" : "agent-ls";
fs.copyFileSync(binary, path.join(serverDir, name));
fs.chmodSync(path.join(serverDir, name), 0o755);
const vsix = out || `agent-ls-${target}.vsix`;
const run = (cmd, args) => {
  const r = cp.spawnSync(cmd, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) {
    fs.rmSync(serverDir, { recursive: true, force: true });
    process.exit(r.status || 1);
  }
};
run("npm", ["run", "-s", "bundle"]);
run("npx", ["vsce", "package", "--no-dependencies", "--target", target, "--out", vsix]);
fs.rmSync(serverDir, { recursive: true, force: true });
console.log(`package-target.js: wrote ${vsix} (${target}, with ${name})`);
