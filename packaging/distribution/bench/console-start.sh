#!/usr/bin/env bash
# The console's own start time (its log line "Console on https://... (started in N ms)"), two ways, on each of
# RUNS starts of the built distribution on the simulated street (one state folder; a first start before them
# makes the console's key and certificate and is not counted):
# - at the gateway's start: the console starts beside the rest of the gateway and shares the CPU with it;
# - alone, on the gateway once it is up: restarted by a site file applied through the console that changes the
#   console's own section (console-restart.py).
# Prints each figure and the medians, with the machine's load.
# Usage: packaging/distribution/bench/console-start.sh [RUNS]   (after mvn package)
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd -P)
dist=$(ls -d "$here"/target/streetgate-*/ | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

console_port=$(free_port)
sed -e "s/port: 1884/port: $(free_port)/" -e "s/port: 8087/port: $(free_port)/" \
    -e "s/^  port: 8443$/  port: $console_port/" -e "s/port: 5684/port: $(free_port)/" \
    -e "s/port: 15020/port: $(free_port)/" "$dist/conf/simulated-street.yaml" > "$work/street.yaml"
with=(); alone=()
for i in $(seq 0 "$runs"); do
  log="$work/out-$i.log"
  cp "$work/street.yaml" "$work/site.yaml"
  rm -f "$work/state/console/accounts.json"   # a new one-time code for the script's account
  "$dist/bin/streetgate" run --simulate --site "$work/site.yaml" --state-dir "$work/state" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q "Console on https" "$log" && break; sleep 0.1; done
  ms=$(sed -n 's/.*Console on https.*(started in \([0-9]*\) ms).*/\1/p' "$log" | head -n 1)
  if [ "$i" -gt 0 ]; then
    for _ in $(seq 1 600); do grep -q "components up" "$log" && break; sleep 0.1; done
    restart=$(python3 "$here/bench/console-restart.py" "$work/state" "$work/site.yaml" "$console_port" "$log")
    for _ in $(seq 1 900); do grep -q "is applied: the gateway is healthy" "$log" && break; sleep 0.1; done
    echo "start $i: ${ms:-?} ms with the gateway, ${restart:-?} ms alone"
    with+=("${ms:-0}"); alone+=("${restart:-0}")
  else
    echo "first start (makes the key and certificate): ${ms:-?} ms"
  fi
  kill -TERM "$pid"; wait "$pid" || true
done
python3 - "${with[*]}" "${alone[*]}" <<'PY'
import sys, statistics as st
for name, text in (("with the gateway", sys.argv[1]), ("alone", sys.argv[2])):
    v = [int(x) for x in text.split()]
    print(f"{name}: median {st.median(v):g} ms (min {min(v)}, max {max(v)}) over {len(v)} starts")
PY
echo "java: $(java -version 2>&1 | head -n 1); cpus: $(nproc); load: $(cut -d" " -f1-3 /proc/loadavg)"
