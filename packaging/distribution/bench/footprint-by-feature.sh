#!/usr/bin/env bash
# What each part of the gateway costs in memory: the built distribution on the simulated street run as the
# service runs it (`run --quiet`: no live view, no printer of the local broker), once with the whole street and
# once with each part taken out of the site file, each measured 40 s after launch after a full GC: resident
# memory (RSS), heap used, threads and classes loaded. Prints one row per variant and the median of RUNS runs.
# Usage: packaging/distribution/bench/footprint-by-feature.sh [RUNS]   (after mvn package; needs jcmd, jstat)
set -euo pipefail
runs=${1:-1}
here=$(cd "$(dirname "$0")/.." && pwd -P)
dist=$(ls -d "$here"/target/streetgate-*/ | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# the parts, as the blocks of the site file that make them (top-level sections, or section.entry); the console
# and the local broker are on by default, so taking them out is switching them off
declare -A parts=(
  [modbus]="buses.modbus-gw sensors.noise-1 analytics.noise"
  [coap]="coap"
  [console]="console"
  [local-broker]="local-broker"
)
declare -A switched_off=([console]=$'console:\n  enabled: false' [local-broker]=$'local-broker:\n  enabled: false')
variants=("whole street:" "without Modbus:modbus" "without CoAP/DTLS:coap" "without console:console"
          "without local broker:local-broker" "without all four:modbus coap console local-broker")

# drops blocks named by paths like "coap" (top level) or "sensors.noise-1" (an entry of a section)
drop() {
  awk -v paths="$1" '
    function indent(s) { match(s, /^ */); return RLENGTH }
    BEGIN { n = split(paths, p, " ") }
    {
      ind = indent($0)
      if (skipping) { if ($0 ~ /^ *$/ || $0 ~ /^ *#/ || ind > skipind) next; skipping = 0 }
      if (ind == 0 && $0 ~ /^[a-z]/) { split($0, kv, ":"); top = kv[1] }
      key = $0; sub(/^ */, "", key); sub(/:.*/, "", key)
      path = (ind == 0) ? key : top "." key
      for (i = 1; i <= n; i++) if (p[i] == path && (ind == 0 || ind == 2)) { skipping = 1; skipind = ind; next }
      print
    }'
}

printf "%-22s %4s %9s %12s %8s %8s\n" variant run rss_mib heap_gc_mib threads classes
for variant in "${variants[@]}"; do
  name=${variant%%:*}; paths=""; off=""
  for part in ${variant#*:}; do paths="$paths ${parts[$part]}"; off="$off${switched_off[$part]:-}"$'\n'; done
  rows=()
  for i in $(seq 1 "$runs"); do
    state="$work/state"; site="$work/site.yaml"; rm -rf "$state"
    sed -e "s/port: 1884/port: $(free_port)/" -e "s/port: 8087/port: $(free_port)/" \
        -e "s/^  port: 8443$/  port: $(free_port)/" -e "s/port: 5684/port: $(free_port)/" \
        -e "s/port: 15020/port: $(free_port)/" "$dist/conf/simulated-street.yaml" | drop "$paths" > "$site"
    printf '%s' "$off" >> "$site"
    "$dist/bin/streetgate" run --simulate --quiet --site "$site" --state-dir "$state" > "$work/out.log" 2>&1 &
    pid=$!
    sleep 40
    javapid=$(pgrep -P "$pid" java || echo "$pid")
    jcmd "$javapid" GC.run > /dev/null
    sleep 1
    classes=$(jstat -class "$javapid" | awk 'NR == 2 { print $1 }')
    row=$("$dist/bin/streetgate" status --json --state-dir "$state" | python3 -c '
import json,sys; j=json.load(sys.stdin)["jvm"]; print(j["rss_mib"], j["heap_used_mib"], j["threads"])')
    kill -TERM "$pid"; wait "$pid" || true
    read -r rss heap threads <<< "$row"
    printf "%-22s %4s %9s %12s %8s %8s\n" "$name" "$i" "$rss" "$heap" "$threads" "$classes"
    rows+=("$rss $heap $threads $classes")
  done
  printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics as st
cols=list(zip(*[list(map(float,l.split())) for l in sys.stdin if l.strip()]))
print("%-22s %4s %9g %12g %8g %8g" % ((sys.argv[1], "med") + tuple(st.median(c) for c in cols)))' "$name"
done
echo "commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo -); java: $(java -version 2>&1 | head -n 1); cpus: $(nproc); load: $(cut -d" " -f1-3 /proc/loadavg)"
