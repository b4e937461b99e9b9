#!/usr/bin/env bash
# Starts the built distribution on the simulated street RUNS times and reports, per run and as medians:
# launch -> all bundles and components up, launch -> first summary received on the local broker, and after
# 30 s of running: heap used after a full GC, heap committed, resident memory (RSS) and threads.
# With CONSOLE=off the console is switched off (console.enabled: false), to weigh it; with it on, each run
# also loads the console's page over HTTPS once (curl) and reports the console's own start time.
# Usage: [CONSOLE=off] packaging/distribution/bench/startup-footprint.sh [RUNS]   (after mvn package)
set -euo pipefail
runs=${1:-5}
console=${CONSOLE:-on}
here=$(cd "$(dirname "$0")/.." && pwd -P)
dist=$(ls -d "$here"/target/streetgate-*/ | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

printf "%-4s %12s %14s %12s %14s %9s %8s %10s\n" run ready_ms first_sum_ms heap_gc_mib heap_commit_mib rss_mib threads console_ms
results=()
for i in $(seq 1 "$runs"); do
  state="$work/state-$i"; site="$work/site-$i.yaml"
  console_port=$(free_port)
  console_off=""; [ "$console" = off ] && console_off="\n  enabled: false"
  sed -e "s/port: 1884/port: $(free_port)/" -e "s/port: 8087/port: $(free_port)/" \
      -e "s/^  port: 8443$/  port: $console_port$console_off/" \
      "$dist/conf/simulated-street.yaml" > "$site"
  "$dist/bin/streetgate" run --simulate --site "$site" --state-dir "$state" > "$work/out-$i.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q "first summary" "$work/out-$i.log" && break; sleep 0.1; done
  if [ "$console" = on ]; then
    for p in / /console.js /console.css /api/me; do curl -sk -o /dev/null "https://127.0.0.1:$console_port$p" || true; done
  fi
  sleep 30
  javapid=$(pgrep -P "$pid" java || echo "$pid")
  jcmd "$javapid" GC.run > /dev/null 2>&1 || true
  sleep 1
  status=$("$dist/bin/streetgate" status --json --state-dir "$state")
  kill -TERM "$pid"; wait "$pid" || true
  ready=$(sed -n 's/.*components up, \([0-9]*\) ms after launch.*/\1/p' "$work/out-$i.log")
  first=$(sed -n 's/.*first summary \([0-9]*\) ms after launch.*/\1/p' "$work/out-$i.log")
  console_ms=$(sed -n 's/.*Console on https.*(started in \([0-9]*\) ms).*/\1/p' "$work/out-$i.log" | head -n 1)
  row=$(echo "$status" | python3 -c '
import json,sys; j=json.load(sys.stdin)["jvm"]
print(j["heap_used_mib"], j["heap_committed_mib"], j["rss_mib"], j["threads"])')
  read -r heap commit rss threads <<< "$row"
  printf "%-4s %12s %14s %12s %14s %9s %8s %10s\n" "$i" "$ready" "$first" "$heap" "$commit" "$rss" "$threads" "${console_ms:--}"
  results+=("$ready $first $heap $commit $rss $threads")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics as st
rows=[list(map(float,l.split())) for l in sys.stdin if l.strip()]
cols=list(zip(*rows)); names=["ready_ms","first_sum_ms","heap_gc_mib","heap_commit_mib","rss_mib","threads"]
print("median " + "  ".join(f"{n}={st.median(c):g}" for n,c in zip(names,cols)))'
echo "java: $(java -version 2>&1 | head -n 1); cpus: $(nproc); load: $(cut -d" " -f1-3 /proc/loadavg)"
