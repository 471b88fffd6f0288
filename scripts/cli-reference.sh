#!/usr/bin/env bash
# Writes docs/reference/cli.md from meshctl's own --help, so the reference says what the program does.
# Run after `make build`: scripts/cli-reference.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
meshctl="$root/bin/meshctl"
out="$root/docs/reference/cli.md"
commands=(
  "" "lab" "lab up" "lab down" "lab status" "lab exec" "lab logs" "lab upgrade"
  "apply" "delete" "get" "namespace" "waypoint" "waypoint apply" "waypoint list" "waypoint delete" "waypoint status" "status" "config" "authz check" "top" "install" "uninstall" "sample" "sample echo" "check" "demo" "version" "completion"
)
{
  echo "# meshctl reference"
  echo
  echo "Generated from \`meshctl <command> --help\` by \`scripts/cli-reference.sh\`; every command also answers"
  echo "\`--help\`. Exit codes: 0 done, 1 failed (the message says why and what to do), 2 wrong usage."
  for c in "${commands[@]}"; do
    echo
    echo "## meshctl${c:+ $c}"
    echo
    echo '```'
    # shellcheck disable=SC2086
    { "$meshctl" $c --help 2>&1 || true; } | sed -e 's/[[:space:]]*$//'
    echo '```'
  done
} > "$out"
echo "wrote $out"
