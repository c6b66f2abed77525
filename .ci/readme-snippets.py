"""Writes the YAML snippets of README.md into OUT, so CI lints what users copy: workflows
(`jobs:`) as workflow-N.yml, pre-commit configurations (`repos:`) as pre-commit-config-N.yaml.
Usage: python3 .ci/readme-snippets.py README.md OUT"""
import pathlib
import re
import sys

readme, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
blocks = re.findall(r"^```ya?ml\n(.*?)^```", readme.read_text(), re.S | re.M)
written = []
for i, block in enumerate(blocks):
    if re.search(r"^jobs:", block, re.M):
        name = f"workflow-{i}.yml"
    elif re.search(r"^repos:", block, re.M):
        name = f"pre-commit-config-{i}.yaml"
    else:
        continue
    (out / name).write_text(block)
    written.append(name)
if not any(n.startswith("workflow") for n in written) or not any(
    n.startswith("pre-commit") for n in written
):
    sys.exit(f"{readme}: expected a workflow and a pre-commit snippet, found {written}")
print(" ".join(str(out / n) for n in written))
