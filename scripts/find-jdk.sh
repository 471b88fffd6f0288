#!/usr/bin/env bash
# Prints the home of a JDK 25 (Temurin preferred); exits 1 with a hint when there is none.
for candidate in "${TRELLIS_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
  if [[ -n "$candidate" && -x "$candidate/bin/java" ]] && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
    echo "$candidate"; exit 0
  fi
done
echo "find-jdk: no JDK 25 under /usr/lib/jvm (install temurin-25-jdk or set TRELLIS_JAVA_HOME)" >&2
exit 1
