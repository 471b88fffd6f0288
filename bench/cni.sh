#!/usr/bin/env bash
# CNI latency: ADD and DEL of trellis-cni over N pods (default 200) in the real chain, node-agent endpoint running.
# Then the same in a one-node lab with a real node-agent (bench/scripts/cni-lab.sh).
# Needs root (network namespaces) and the Debian containernetworking-plugins. Usage: bench/cni.sh [pods]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-$("$root/scripts/find-jdk.sh")}"
cd "$root"
mvn -B -ntp -q -pl bench -am package -DskipTests >/dev/null
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
"$JAVA_HOME/bin/java" -cp "$cp" dev.trellis.bench.cni.CniLatencyBench "$@"
# The same plugin in a one-node lab, with the real node-agent and control plane behind it.
mvn -B -ntp -q -pl ctl,node-agent,control-plane,cni-plugin -am package -DskipTests >/dev/null
"$root/bench/scripts/cni-lab.sh" "$@"
