#!/usr/bin/env bash
# Installs the Debian packages the build, tests, demo and benchmarks use, when any is missing.
# Idempotent and quiet when everything is present; needs root (CI and these machines run as root).
set -euo pipefail
packages=(iptables iproute2 nftables containernetworking-plugins curl wrk nghttp2-client haproxy iperf3 tcpdump bind9-dnsutils gcc libc6-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: need root to apt-get install ${missing[*]}" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$(dirname "$0")/find-jdk.sh" >/dev/null
