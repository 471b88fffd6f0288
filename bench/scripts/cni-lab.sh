#!/usr/bin/env bash
# trellis-cni latency with everything real behind it: a one-node lab (control plane, node-agent, CNI chain
# bridge + host-local + trellis-cni), N pods in a labelled namespace applied with meshctl, then deleted.
# On each ADD the node-agent does its whole hand-off: it waits for the pod in discovery, gets the workload
# certificate, installs the rules and opens the pod's listeners. The lab records every trellis-cni
# invocation as the runtime saw it (logs/cni-timings.log); this script prints percentiles.
# Needs root and no lab up (it brings up its own and takes it down). Usage: bench/scripts/cni-lab.sh [pods]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
pods="${1:-200}"
meshctl="$root/bin/meshctl"
timings=/var/run/trellis-lab/logs/cni-timings.log
if ! "$meshctl" lab status | grep -q "the lab is down"; then
  echo "cni-lab: a lab is up on this host; this benchmark needs its own (run 'meshctl lab down')" >&2
  exit 2
fi
work="$(mktemp -d /tmp/trl-cni-lab-XXXXXX)"
trap '"$meshctl" lab down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$meshctl" lab up --nodes 1 >/dev/null
rm -f "$timings"
{
  printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: cnibench, labels: {trellis.dev/dataplane-mode: ambient}}\n'
  for i in $(seq 1 "$pods"); do
    printf -- '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p%d, namespace: cnibench}\n' "$i"
    printf 'spec:\n  nodeName: node-1\n  containers:\n    - name: main\n      command: ["sleep", "3600"]\n'
  done
} > "$work/pods.yaml"
start=$(date +%s)
"$meshctl" apply -f "$work/pods.yaml" >/dev/null
"$meshctl" delete -f "$work/pods.yaml" >/dev/null
echo "cni-lab: $pods pods created and deleted through the real chain in $(( $(date +%s) - start )) s"
for command in ADD DEL; do
  awk -v c="$command" '$1 == c { print $3 }' "$timings" | sort -n | awk -v c="$command" -v n="$pods" '
    { v[NR] = $1 }
    function at(p,   i) { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; return v[i] / 1000 }
    END {
      if (NR == 0) { printf "cni-lab: no %s recorded\n", c; exit 1 }
      printf "trellis-cni %s with a real node-agent over %d pods: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
        c, NR, at(50), at(90), at(99), v[NR] / 1000
    }'
done
