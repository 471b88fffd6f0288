#!/usr/bin/env bash
# `make bench`: every benchmark against peers, one after the other, each bounded in time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/hbone.sh"
"$here/control-plane.sh"
"$here/cni.sh"
