#!/usr/bin/env bash
# Runs shellcheck on every shell script of the repository (part of `npm run lint`).
set -euo pipefail
cd "$(dirname "$0")/.."
files=(install.sh setup.sh .ci/run)
for f in hooks/* scripts/* bench/* contrib/* test/e2e/*.sh; do
  [ -f "$f" ] && head -n1 "$f" | grep -qE '^#!.*[/ ](ba|da)?sh$' && files+=("$f")
done
command -v shellcheck >/dev/null || { echo " !     shellcheck is not installed (apt-get install shellcheck)" >&2; exit 1; }
shellcheck "${files[@]}"
echo "shellcheck: ${#files[@]} scripts ok"
