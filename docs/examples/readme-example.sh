#!/usr/bin/env bash
# The README's "Add your own endpoint", done on a copy of this working tree: every ```java block there whose first line
# is "// <path>" is written to that path, and one whose first line is "// add to <path>" is added before that file's
# last closing brace. Then the contract runs on both targets in process, with the architecture check, and must include
# the example's own test. Run by ./test-all; by hand: docs/examples/readme-example.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

copy=$(mktemp -d)
trap 'rm -rf "${copy}"' EXIT
# What git knows of the working tree, less files deleted in it but not yet in the index.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    [ ! -e "${file}" ] || cp --parents -t "${copy}" "${file}"
done

python3 - "${copy}" <<'PY'
import re, sys, pathlib
root = pathlib.Path(sys.argv[1])
blocks = re.findall(r"```java\n(// (add to )?(\S+)\n.*?)```", (root / "README.md").read_text(), re.S)
if len(blocks) < 2:
    sys.exit("readme-example: the README has no example blocks (// <path> as their first line)")
for code, add, path in blocks:
    target = root / path
    body = code.split("\n", 1)[1]
    if add:
        text = target.read_text()
        end = text.rstrip().rfind("}")
        target.write_text(text[:end] + "\n" + body + text[end:])
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)
    print(f"readme-example: {'added to' if add else 'wrote'} {path}")
PY

test_name=$(sed -n 's/^    void \(should[A-Za-z]*\)() {$/\1/p' README.md | head -n 1)
cd "${copy}"
for profile in "" "-Plambda"; do
    echo "=== README example ${profile:-container}"
    ./mvnw -B -q clean test ${profile} -Dtest='HelloResourceTest,ArchitectureTest' -Dsurefire.failIfNoSpecifiedTests=false
    grep -q "name=\"${test_name}\"" target/surefire-reports/TEST-com.example.hello.HelloResourceTest.xml || {
        echo "readme-example: ${test_name} did not run" >&2
        exit 1
    }
done
echo "=== README example passed on both targets (${test_name})"
