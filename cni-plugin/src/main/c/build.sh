#!/usr/bin/env bash
# Builds the fast launcher (trellis-cni.c) into the plugin's classes, where the installer finds it:
#   build.sh <classes dir>   ->   <classes dir>/native/linux-<arch>/trellis-cni
# Statically linked: it runs on the node's host, whatever its libc. Without a C compiler it says so and
# builds nothing; the installer then installs the Java launcher alone (slower pod start, same behaviour).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classes="$1"
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  *) arch="$(uname -m)" ;;
esac
out="$classes/native/linux-$arch/trellis-cni"
if ! command -v gcc >/dev/null 2>&1; then
  echo "trellis-cni: no gcc here; building no fast launcher (pods start through the Java launcher)" >&2
  exit 0
fi
mkdir -p "$(dirname "$out")"
if [[ ! -f "$out" || "$here/trellis-cni.c" -nt "$out" ]]; then
  gcc -O2 -static -Wall -Wextra -Werror -o "$out.tmp" "$here/trellis-cni.c"
  mv "$out.tmp" "$out"
fi
