#!/usr/bin/env bash
# The HBONE tunnel against HAProxy, side by side in one run on loopback (issue: foundation benchmark).
#   (a) direct to the upstream, (b) through a Trellis HBONE client and server (two JVMs, as two node-agents),
#   (c) through HAProxy as a two-hop mTLS TCP tunnel (two processes), same P-256 certificates, TLS 1.3.
# Measures bulk throughput (iperf3, 1 and 8 streams) and 1 KiB request/response over keep-alive connections
# (1 and 64) with latency percentiles and the proxies' CPU time per request (both hops summed).
# Prints one table and writes it into docs/performance.md. Bounded: about 90 seconds in all.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
seconds="${BENCH_SECONDS:-5}"
java="${JAVA_HOME:-$("$root/scripts/find-jdk.sh")}/bin/java"
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
jvm=(--enable-native-access=ALL-UNNAMED -Dio.netty.leakDetection.level=disabled)
work="$(mktemp -d /tmp/trellis-bench.XXXXXX)"
pids=()
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    echo "bench failed; the Trellis hops' logs:" >&2
    tail -n 20 "$work"/server.log "$work"/client.log "$work"/iperf-*.log >&2 2>/dev/null || true
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Ports: upstreams, then one listener per (path, upstream).
# One iperf3 server per path: an iperf3 server serves one test at a time, and a proxy may hold the last
# test's connections a moment longer.
echo_port=19001 iperf_port=19002 iperf_hap=19003 iperf_trl=19004
hap_echo=19110 hap_iperf=19112 hap_mid_echo=19111 hap_mid_iperf=19113
trl_echo=19120 trl_iperf=19122 trl_server=19130

wait_port() { # listening, checked without connecting (a probe connection would reach iperf3 through the proxies)
  for _ in $(seq 100); do [[ -n "$(ss -Hltn "sport = :$1")" ]] && return 0; sleep 0.1; done
  echo "bench: port $1 did not open" >&2; exit 1
}
cpu_ticks() { # sum of utime+stime, in clock ticks, of the given pids
  local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"
}

"$here/scripts/certs.sh" "$work" client=spiffe://cluster.local/ns/bench/sa/client \
  server=spiffe://cluster.local/ns/bench/sa/server
"$java" "${jvm[@]}" -cp "$cp" dev.trellis.testing.echo.EchoServer "$echo_port" >/dev/null & pids+=($!)
for p in "$iperf_port" "$iperf_hap" "$iperf_trl"; do iperf3 -s -p "$p" >"$work/iperf-$p.log" 2>&1 & pids+=($!); done

haproxy -f "$("$here/scripts/haproxy-hop.sh" in "$work" "$work" \
  "$hap_mid_echo=127.0.0.1:$echo_port $hap_mid_iperf=127.0.0.1:$iperf_hap")" -db >/dev/null 2>&1 & hap_in=$!
haproxy -f "$("$here/scripts/haproxy-hop.sh" out "$work" "$work" \
  "$hap_echo=127.0.0.1:$hap_mid_echo $hap_iperf=127.0.0.1:$hap_mid_iperf")" -db >/dev/null 2>&1 & hap_out=$!
pids+=("$hap_in" "$hap_out")

"$java" "${jvm[@]}" -cp "$cp" dev.trellis.bench.tunnel.HboneTunnel server --listen "127.0.0.1:$trl_server" \
  --cert "$work/server.crt" --key "$work/server.key" --bundle "$work/root.pem" >"$work/server.log" 2>&1 & trl_in=$!
"$java" "${jvm[@]}" -cp "$cp" dev.trellis.bench.tunnel.HboneTunnel client --server "127.0.0.1:$trl_server" \
  --server-id spiffe://cluster.local/ns/bench/sa/server \
  --cert "$work/client.crt" --key "$work/client.key" --bundle "$work/root.pem" \
  --forward "$trl_echo=127.0.0.1:$echo_port" --forward "$trl_iperf=127.0.0.1:$iperf_trl" >"$work/client.log" 2>&1 & trl_out=$!
pids+=("$trl_in" "$trl_out")

for p in $echo_port $iperf_port $iperf_hap $iperf_trl $hap_echo $hap_iperf $trl_server $trl_echo $trl_iperf; do wait_port "$p"; done

declare -A result
bulk() { # name port streams
  local bps
  sleep 1 # iperf3's server takes a moment to be ready for the next test
  # One retry: iperf3's control connection through a tunnel occasionally breaks at the start (see note).
  bps=$(iperf_json "$2" "$3" || { sleep 2; iperf_json "$2" "$3"; }) || exit 1
  result[$1,bulk$3]=$(python3 -c "print(f'{$bps/1e9:.2f}')")
}
iperf_json() { # port streams -> bits per second
  iperf3 -c 127.0.0.1 -p "$1" -t "$seconds" -P "$2" -J | python3 -c '
import json, sys
d = json.load(sys.stdin)
if "error" in d:
    sys.exit("iperf3 through port '"$1"': " + d["error"])
print(d["end"]["sum_received"]["bits_per_second"])'
}
requests() { # name port connections proxy-pids...
  local name=$1 port=$2 conns=$3; shift 3
  local before after json
  before=$(cpu_ticks "$@")
  json=$("$java" -cp "$cp" dev.trellis.bench.load.RequestLoad 127.0.0.1 "$port" "$conns" "$seconds")
  after=$(cpu_ticks "$@")
  result[$name,rr$conns]=$(python3 -c "import json; d=json.loads('$json'); \
cpu=($after-$before)*1e6/$(getconf CLK_TCK)/d['requests'] if $# else 0; \
print(f\"{d['rps']:.0f} {d['p50_us']:.0f} {d['p99_us']:.0f} {cpu:.1f}\")")
}

echo "warming up the JVMs (their JIT compilers; HAProxy needs none)..." >&2
"$java" -cp "$cp" dev.trellis.bench.load.RequestLoad 127.0.0.1 "$trl_echo" 8 5 >/dev/null
iperf3 -c 127.0.0.1 -p "$trl_iperf" -t 5 -P 2 >/dev/null 2>&1 || true
for path in direct haproxy trellis; do
  case $path in
    direct) pe=$echo_port pi=$iperf_port procs=() ;;
    haproxy) pe=$hap_echo pi=$hap_iperf procs=("$hap_in" "$hap_out") ;;
    trellis) pe=$trl_echo pi=$trl_iperf procs=("$trl_in" "$trl_out") ;;
  esac
  echo "measuring $path..." >&2
  bulk "$path" "$pi" 1
  bulk "$path" "$pi" 8
  requests "$path" "$pe" 1 "${procs[@]}"
  requests "$path" "$pe" 64 "${procs[@]}"
done

ratio() { python3 -c "a,b=float('$1'),float('$2'); print(f'{a/b:.2f}' if b else '-')"; }
table="$work/table.md"
{
  echo "| measure | direct | HAProxy 2-hop mTLS | Trellis HBONE | Trellis/HAProxy | Trellis/direct |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for s in 1 8; do
    d=${result[direct,bulk$s]} h=${result[haproxy,bulk$s]} t=${result[trellis,bulk$s]}
    echo "| bulk throughput, $s stream(s), Gbit/s | $d | $h | $t | $(ratio "$t" "$h") | $(ratio "$t" "$d") |"
  done
  for c in 1 64; do
    read -r dr dp50 dp99 _ <<<"${result[direct,rr$c]}"
    read -r hr hp50 hp99 hcpu <<<"${result[haproxy,rr$c]}"
    read -r tr tp50 tp99 tcpu <<<"${result[trellis,rr$c]}"
    echo "| 1 KiB echo, $c conn, requests/s | $dr | $hr | $tr | $(ratio "$tr" "$hr") | $(ratio "$tr" "$dr") |"
    echo "| 1 KiB echo, $c conn, p50 µs | $dp50 | $hp50 | $tp50 | $(ratio "$tp50" "$hp50") | $(ratio "$tp50" "$dp50") |"
    echo "| 1 KiB echo, $c conn, p99 µs | $dp99 | $hp99 | $tp99 | $(ratio "$tp99" "$hp99") | $(ratio "$tp99" "$dp99") |"
    echo "| 1 KiB echo, $c conn, proxy CPU µs/request (both hops) | - | $hcpu | $tcpu | $(ratio "$tcpu" "$hcpu") | - |"
  done
} > "$table"
cat "$table"
"$here/scripts/record.sh" "HBONE tunnel vs HAProxy (loopback)" "make bench (bench/hbone.sh, ${seconds}s per measure)" "$table"
