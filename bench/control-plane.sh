#!/usr/bin/env bash
# Control plane at scale (issue 3): 100,000 pods, 10,000 services, 1,000 nodes, 1,000 subscriber streams.
# Usage: bench/control-plane.sh [pods] [services] [nodes] [changes]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-$("$root/scripts/find-jdk.sh")}"
cd "$root"
mvn -B -ntp -q -pl bench -am package -DskipTests >/dev/null
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx3g -XX:+UseParallelGC --sun-misc-unsafe-memory-access=allow -cp "$cp" \
    dev.trellis.bench.controlplane.ControlPlaneScaleBench "$@"
