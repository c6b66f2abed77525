#!/usr/bin/env node
// The `agent-ls` command of the npm package: runs the prebuilt agent-ls binary that npm installed
// for this platform (the optional dependency agent-ls-<platform>-<arch>), with the same
// arguments, stdin, stdout and stderr (the language server speaks LSP over stdio), and exits with
// its exit code (or dies of the same signal). AGENT_LS_BINARY=/path/to/agent-ls overrides the
// lookup.
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

// Keep in step with PLATFORMS in packaging/npm/build.py.
const PLATFORMS = {
  "linux-x64": "agent-ls-linux-x64",
  "linux-arm64": "agent-ls-linux-arm64",
  "darwin-x64": "agent-ls-darwin-x64",
  "darwin-arm64": "agent-ls-darwin-arm64",
  "win32-x64": "agent-ls-win32-x64",
};

function fail(message) {
  process.stderr.write(`agent-ls: ${message}\n`);
  process.exit(1);
}

function binaryPath() {
  if (process.env.AGENT_LS_BINARY) return process.env.AGENT_LS_BINARY;
  const platform = `${process.platform}-${process.arch}`;
  const pkg = PLATFORMS[platform];
  if (!pkg) {
    fail(
      `no prebuilt binary for ${platform}; the npm package ships ${Object.keys(PLATFORMS).join(", ")}.\n` +
        "Build agent-ls from source with cargo (see its README) and run that binary, or point AGENT_LS_BINARY at it.",
    );
  }
  const exe = process.platform === "win32" ? "agent-ls.exe" : "agent-ls";
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), exe);
  } catch {
    fail(
      `the package ${pkg}, which carries the binary for ${platform}, is not installed.\n` +
        "npm installs it as an optional dependency of agent-ls: reinstall agent-ls without " +
        "--omit=optional / --no-optional (a lockfile made on another platform can also leave it out).",
    );
  }
}

const binary = binaryPath();
const child = spawn(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });

// Pass the signals that stop a server on to the binary; the launcher then ends as it ends.
const forward = (signal) => () => child.kill(signal);
const signals = process.platform === "win32" ? ["SIGINT"] : ["SIGINT", "SIGTERM", "SIGHUP"];
for (const signal of signals) process.on(signal, forward(signal));

child.on("error", (error) => fail(`cannot run ${binary}: ${error.message}`));
child.on("exit", (code, signal) => {
  if (signal) {
    for (const s of signals) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code);
});
