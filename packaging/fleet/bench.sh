#!/usr/bin/env bash
# How many simulated gateways one process holds, and what the broker sees: for each N given, starts a mosquitto
# of its own on a free loopback port ($SYS every second, a subscriber on everything the gateways publish), runs
# `streetgate sim fleet` with N gateways against it, and prints one line of figures. It compiles the module and
# those it uses (-am, so nothing needs installing) and runs on their classes.
# Usage: packaging/fleet/bench.sh 100 250 500
# Environment: DURATION (default 90s), SPEED (60), FORMAT (json), STAGGER (20s), HEAP (java -Xmx, 2g),
#              STORE_DIR (a folder for the store files, e.g. on disk; default: the fleet's own temporary folder,
#              in /dev/shm), KEEP=1 keeps the work folders.
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,10p' "$0"; exit 2; }
DURATION=${DURATION:-90s}; SPEED=${SPEED:-60}; FORMAT=${FORMAT:-json}; STAGGER=${STAGGER:-20s}; HEAP=${HEAP:-2g}
root=$(cd "$(dirname "$0")/../.." && pwd)
module=$root/packaging/fleet
cpfile=$(mktemp)
# -am: the modules it uses resolve to their target/classes (uplink's tests too) without an install; each module
# of the build writes the file, the fleet's last
(cd "$root" && mvn -q -B -pl packaging/fleet -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cpfile" >/dev/null)
# test-classes: its logback-test.xml keeps the log to warnings (hundreds of gateways would each log their connects)
cp="$module/target/classes:$module/target/test-classes:$(cat "$cpfile")"
rm -f "$cpfile"
seconds() { python3 -c "import re,sys; m=re.fullmatch(r'(\d+)(ms|s|m|h)?',sys.argv[1]); n=int(m[1]); \
print({'ms':n/1000,'s':n,None:n,'m':n*60,'h':n*3600}[m[2]])" "$1"; }

printf '%-6s %-9s %-11s %-11s %-11s %-10s %-10s %-8s %-10s %-10s %-10s %s\n' gateways connected fleet-msg/s \
  broker-in/s broker-out/s java-rss live-heap threads stores mosq-rss mosq-cpu java-cpu
for n in "$@"; do
  work=$(mktemp -d /tmp/fleet-bench-XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  {
    [ "$(id -u)" = 0 ] && echo "user root"
    echo "listener $port 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence false"
    echo "sys_interval 1"
    echo "max_queued_messages 100000"
    echo "log_dest file $work/mosquitto.log"
  } > "$work/mosquitto.conf"
  /usr/sbin/mosquitto -c "$work/mosquitto.conf" 2>>"$work/mosquitto.log" & mosq=$!
  sleep 0.5
  # the broker's own counters, stamped as they arrive
  mosquitto_sub -p "$port" -F '%U %t %p' -t '$SYS/broker/publish/messages/received' \
    -t '$SYS/broker/publish/messages/sent' -t '$SYS/broker/clients/connected' > "$work/sys.log" & sys=$!
  # a dashboard: everything the gateways publish
  mosquitto_sub -p "$port" -q 1 -t 'streetgate/#' -t 'spBv1.0/#' -F '%t' > "$work/dashboard.log" & dash=$!
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S %e %M' -o "$work/time.txt" java -Xmx"$HEAP" \
    -cp "$cp" io.streetgate.fleet.FleetCommand --gateways "$n" --broker "tcp://127.0.0.1:$port" --speed "$SPEED" \
    --duration "$DURATION" --stagger "$STAGGER" --format "$FORMAT" --report-every 10s \
    ${STORE_DIR:+--store-dir "$STORE_DIR/fleet-bench-$n-$$"} > "$work/fleet.log" 2>&1 &
  timer=$!
  # 15 s before the end: the live heap after a full collection, resident memory and threads of the fleet's JVM
  ( sleep $(( $(seconds "$DURATION" | cut -d. -f1) - 15 ))
    jvm=$(pgrep -P "$timer" java || true)
    if [ -n "$jvm" ]; then
      jcmd "$jvm" GC.run >/dev/null
      heap=$(jcmd "$jvm" GC.heap_info | sed -nE 's/.*total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1)
      stores=$(sed -nE '1s/.* stores in (\S+) .*/\1/p' "$work/fleet.log")
      echo "heap=$((heap / 1024)) rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$jvm/status)" \
        "threads=$(awk '/Threads/{print $2}' /proc/$jvm/status) stores=$(du -sm "$stores" | cut -f1)" > "$work/live.txt"
    fi ) &
  wait "$timer" || true
  mosq_ticks=$(awk '{print $14+$15}' /proc/$mosq/stat)
  mosq_rss=$(awk '/VmHWM/{print int($2/1024)" MiB"}' /proc/$mosq/status)
  kill "$dash" "$sys" "$mosq" 2>/dev/null || true
  wait "$dash" "$sys" "$mosq" 2>/dev/null || true
  python3 - "$work" "$n" "$start" "$(seconds "$STAGGER")" "$(seconds "$DURATION")" "$mosq_ticks" "$mosq_rss" <<'PY'
import os, re, sys
work, n, start, stagger, duration, ticks, mosq_rss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), \
    float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
# steady state: from 10 s after the last connect until the run ends
t0, t1 = start + stagger + 10, start + duration
series = {}
for line in open(f"{work}/sys.log"):
    t, topic, v = line.split()
    series.setdefault(topic.rsplit('/', 2)[-2] + '/' + topic.rsplit('/', 1)[-1], []).append((float(t), float(v)))
def rate(key):
    pts = [p for p in series.get(key, []) if t0 <= p[0] <= t1]
    return (pts[-1][1] - pts[0][1]) / (pts[-1][0] - pts[0][0]) if len(pts) > 1 else float('nan')
log = open(f"{work}/fleet.log").read()
lines = re.findall(r"gateways connected (\d+)/\d+  sent (\d+)  msgs/s \d+", log)
# one line every 10 s: the fleet's acknowledged messages per second over the same steady window
steady = [(10 * (i + 1), int(sent)) for i, (c, sent) in enumerate(lines) if 10 * (i + 1) >= t0 - start]
fleet_rate = (steady[-1][1] - steady[0][1]) / (steady[-1][0] - steady[0][0]) if len(steady) > 1 else float('nan')
live = dict(l.split('=', 1) for l in open(f"{work}/live.txt").read().split()) if os.path.exists(f"{work}/live.txt") else {}
peak = re.search(r"peak heap (\S+ MiB), peak rss (\S+ MiB), peak threads (\d+)", log)
user, sys_, elapsed, maxrss = open(f"{work}/time.txt").read().split()[-4:]
connected = max([int(c) for c, r in lines] or [0])
print(f"{n:<6} {connected:<9} {fleet_rate:<11.0f} {rate('messages/received'):<11.0f} "
      f"{rate('messages/sent'):<11.0f} {live.get('rss', '?') + ' MiB':<10} {live.get('heap', '?') + ' MiB':<10} "
      f"{live.get('threads', '?'):<8} {live.get('stores', '?') + ' MiB':<10} {mosq_rss:<10} {ticks/os.sysconf('SC_CLK_TCK')/float(elapsed):<10.2f} "
      f"{(float(user)+float(sys_))/float(elapsed):.2f}")
PY
  [ -n "${STORE_DIR:-}" ] && rm -rf "$STORE_DIR/fleet-bench-$n-$$"
  if [ -n "${KEEP:-}" ]; then echo "  (kept $work)"; else rm -rf "$work"; fi
done
echo "broker-in/s: PUBLISH packets the broker received per second, steady state (\$SYS/broker/publish/messages/received);"
echo "broker-out/s: what it delivered to the subscribers (the dashboard and the \$SYS reader); cpu: cores used on average;"
echo "java-rss, live-heap (after a full GC), threads, stores (the store files): the fleet's JVM 15 s before the end."
