#!/bin/sh
# The installer's journey in an emulated node (issue 24, docs/node-image.md "The emulated node, end to end"): the
# node image built from the .deb, flashed with `streetgate flash` for one node, booted under qemu-system-aarch64
# through Debian's U-Boot (files/boot.cmd picks the slot), then a slot update and a bad slot update, each served
# from a TUF repository on the host's loopback and announced by a campaign over MQTT (mosquitto on the host's
# loopback), as an operator runs them with `streetgate ota`. A node has one OTA backend, so a second node flashed
# from the same image (qemu-0002, backend bundle-set) then takes a bundle-set update and a bad bundle set the same
# way; it also has a Modbus RTU energy meter on a real serial port of the guest (qemu's PCI 16550, the guest
# kernel's 8250 driver: /dev/ttyS0), served by pymodbus on the host end of the port (a pty), whose reading must
# reach the host's mosquitto. Each step runs with its own time bound and prints its duration; the last line sums
# up with the date and the commit, to paste into docs/node-image.md. Heavy (mmdebstrap under qemu-user,
# full-system emulation): never in the test command. One script of over 400 lines on purpose: the issue asks for
# the journey from one command, and its steps share the repository, the host's peers and the bounds. Run as root:
#
#   packaging/image/emulated-node.sh [--deb FILE] [--out DIR] [--keep-root | --reuse-root | --no-build]
#                                    [--only slot | --only bundle-set]
#
# --deb defaults to what `mvn -o -pl packaging/deb -am package` builds; --out to packaging/image/target.
# --keep-root and --reuse-root go to build-image.sh: keep mmdebstrap's root, or start from the kept one (minutes
# instead of most of an hour); --no-build takes the image already in DIR. --only runs the build and flash and then
# the steps of one node: slot (qemu-0001) or bundle-set (qemu-0002); both, one after the other, without it.
# Bounds (seconds, environment): BUILD_BOUND (5400), FLASH_BOUND (600: the update images and the repository
# too), BOOT_BOUND (2400), UPDATE_BOUND (3000), ROLLBACK_BOUND (3000), SET_BOUND (1800: each bundle-set step),
# READING_BOUND (600). Host ports, on 127.0.0.1 only: MQTT_PORT
# (18831), HTTP_PORT (18081). The guest reaches them as 10.0.2.100:1883 and :8080 through qemu's user network
# (guestfwd, one socat per connection); restrict=on keeps it from anything else.
#
# The steps:
#   image build                 build-image.sh (unless --no-build)
#   flash                       keys and a repository (ota keygen, init, add, sign, publish), the two update
#                               images (slot.img as 1.1.0; a copy as 1.2.0 whose control bundle cannot resolve),
#                               a campaign for each, and `streetgate flash` of node.img for node qemu-0001
#   first boot to ready         U-Boot boots slot A; the gateway reports "All N bundles active"
#   update to committed         `ota campaign run` of 1.1.0 ends finished: the node wrote slot B, rebooted into it
#                               (U-Boot: slot B), passed its health check and committed (BOOT_ORDER=B A)
#   bad update to rolled back   `ota campaign run` of 1.2.0 halts on the node's rolled_back report (health check
#                               failed: the control bundle cannot resolve); the node is back on slot B by itself
#   (qemu-0001 stops; qemu-0002 boots, with pymodbus on the host end of its serial port)
#   set node boot to ready      as the first boot, for qemu-0002
#   serial reading on MQTT      the meter's voltage_l1 (231.5 V, what pymodbus serves) in a message on mosquitto
#   set update to committed     `ota campaign run` of bundle set 1.1.0 ends finished: installed, the framework
#                               started again on the new set, healthy (the meter reporting too), committed
#   bad set to rolled back      `ota campaign run` of bundle set 1.2.0 (a bundle in it cannot resolve) halts on the
#                               node's rolled_back report; the gateway is ready again on 1.1.0 by itself
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
out="$here/target"
deb=""
build=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep-root|--reuse-root|--no-build) build=$1; shift ;;
    --only) case "${2:-}" in slot|bundle-set) only=$2; shift 2 ;; *) echo "--only takes slot or bundle-set, not '${2:-}'" >&2; exit 2 ;; esac ;;
    *) echo "usage: $0 [--deb FILE] [--out DIR] [--keep-root | --reuse-root | --no-build] [--only slot|bundle-set]" >&2; exit 2 ;;
  esac
done
[ -n "$deb" ] || deb=$(ls "$repo"/packaging/deb/target/streetgate_*_all.deb 2>/dev/null | head -1)
launcher=$(ls "$repo"/packaging/distribution/target/streetgate-*/bin/streetgate 2>/dev/null | head -1)
[ -n "$launcher" ] && { [ "$build" = --no-build ] || [ -n "$deb" ]; } \
  || { echo "emulated-node.sh: no .deb or launcher: mvn -o -pl packaging/deb -am package -DskipTests" >&2; exit 2; }
uboot=/usr/lib/u-boot/qemu_arm64/u-boot.bin
for tool in qemu-system-aarch64:qemu-system-arm "$uboot":u-boot-qemu fw_printenv:libubootenv-tool mosquitto:mosquitto \
            mosquitto_sub:mosquitto-clients socat:socat mcopy:mtools unsquashfs:squashfs-tools; do
  command -v "${tool%%:*}" >/dev/null || [ -f "${tool%%:*}" ] \
    || { echo "emulated-node.sh: ${tool%%:*} missing: apt-get install ${tool#*:}" >&2; exit 2; }
done
BUILD_BOUND=${BUILD_BOUND:-5400}
FLASH_BOUND=${FLASH_BOUND:-600}
BOOT_BOUND=${BOOT_BOUND:-2400}
UPDATE_BOUND=${UPDATE_BOUND:-3000}
ROLLBACK_BOUND=${ROLLBACK_BOUND:-3000}
SET_BOUND=${SET_BOUND:-1800}
READING_BOUND=${READING_BOUND:-600}
MQTT_PORT=${MQTT_PORT:-18831}
HTTP_PORT=${HTTP_PORT:-18081}
node=qemu-0001
set_node=qemu-0002
j="$out/journey"
console="$j/console.log"
reports="$j/reports.log"
card="$j/card.img"
set_card="$j/card-2.img"
slot_steps() { [ "$only" != bundle-set ]; }
set_steps() { [ "$only" != slot ]; }
# the host end of qemu-0002's serial port: pymodbus 3.0 (Debian's python3-pymodbus, python3-serial-asyncio) as
# the distribution's Modbus tests run it, serving an SDM630's voltage_l1
slave="$repo/device-drivers/drivers-modbus/src/test/resources/io/streetgate/drivers/modbus/pymodbus_slave.py"
if set_steps; then
  /usr/bin/python3 -c 'import pymodbus, serial_asyncio' 2>/dev/null \
    || { echo "emulated-node.sh: pymodbus missing: apt-get install python3-pymodbus python3-serial-asyncio" >&2; exit 2; }
fi
ota() { "$launcher" ota "$@"; }

# what this script starts in the background (qemu, mosquitto, the web server), by pid: a file, since each step
# runs in a subshell of its own
pidfile="$out/journey.pids"
started() { echo "$1" >> "$pidfile"; }
stop_all() {
  [ -f "$pidfile" ] || return 0
  for p in $(cat "$pidfile"); do kill "$p" 2>/dev/null || true; done
  for p in $(cat "$pidfile"); do
    n=0; while kill -0 "$p" 2>/dev/null && [ $n -lt 30 ]; do sleep 1; n=$((n + 1)); done
  done
  rm -f "$pidfile"
}
mkdir -p "$out" && rm -f "$pidfile"
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT TERM

summary=""
step() { # name, bound in s, function...: the function runs under set -e and sees its deadline in $deadline
  name=$1; bound=$2; shift 2
  echo "== $name (bound ${bound}s)"
  t0=$(date +%s)
  deadline=$((t0 + bound))
  set +e
  ( set -e; "$@" )
  rc=$?
  set -e
  took=$(( $(date +%s) - t0 ))
  echo "== $name: $( [ "$rc" = 0 ] && echo ok || echo "FAILED (exit $rc)" ) in ${took}s"
  summary="$summary $name ${took}s;"
  if [ "$rc" != 0 ]; then
    [ -f "$console" ] && { echo "--- console, last lines"; tail -25 "$console"; }
    [ -f "$reports" ] && { echo "--- OTA reports on MQTT"; cat "$reports"; }
    echo "emulated-node.sh: stopped at $name;$summary" >&2
    exit 1
  fi
}
left() { l=$((deadline - $(date +%s))); [ "$l" -gt 0 ] && echo "$l" || echo 1; }
bounded() { timeout --kill-after=30 "$(left)" "$@"; }

# ---- image build
build_image() {
  case "$build" in
    --no-build) for f in node.img node.bmap slot.img; do [ -f "$out/$f" ] || { echo "$out/$f missing" >&2; return 1; }; done ;;
    *) bounded "$here/build-image.sh" --deb "$deb" --out "$out" $build ;;
  esac
}

# ---- the repository, the update images, the campaigns, the site file and the flashed card
# 1.2.0: slot.img with its control bundle requiring a bundle nobody has, so the gateway's health check fails on
# the trial boot ("bundles cannot resolve"), the way a release with a broken bundle would
bad_slot() { # slot image in, slot image out
  w="$j/bad"
  rm -rf "$w" && mkdir -p "$w"
  cp --sparse=always "$1" "$2"
  mcopy -i "$2" ::/rootfs.squashfs "$w/rootfs.squashfs"
  unsquashfs -q -d "$w/root" "$w/rootfs.squashfs" >/dev/null
  jar=$(ls "$w"/root/opt/streetgate/bundles/control-*.jar)
  python3 - "$jar" <<'EOF'
import sys, zipfile, shutil
jar = sys.argv[1]
with zipfile.ZipFile(jar) as src, zipfile.ZipFile(jar + ".new", "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "META-INF/MANIFEST.MF":
            main, sep, rest = data.decode("utf-8").partition("\r\n\r\n")
            data = (main + "\r\nRequire-Bundle: io.streetgate.journey.missing" + sep + rest).encode("utf-8")
        dst.writestr(item, data)
shutil.move(jar + ".new", jar)
EOF
  echo 1.2.0 > "$w/root/etc/streetgate-version"
  comp=$(unsquashfs -s "$w/rootfs.squashfs" | sed -n 's/^Compression //p')
  mksquashfs "$w/root" "$w/new.squashfs" -comp "$comp" -noappend -no-progress -processors 2 >/dev/null
  mcopy -o -i "$2" "$w/new.squashfs" ::/rootfs.squashfs
  rm -rf "$w"
}

# a bundle set as `ota add --kind bundle-set` takes it: the distribution's bundles (those the .deb installs), a
# bundle that only declares itself in the set's version, and for "broken" one that imports a package nobody
# exports, so that the trial's health check fails ("bundles cannot resolve"), as OtaUpdateIT's broken set does
bundle_set() { # version, ok|broken, zip out
  python3 - "$(dirname "$launcher")/../bundles" "$@" <<'EOF'
import io, pathlib, sys, zipfile
bundles, version, kind, out = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def bundle(name, imports=None):
    manifest = ("Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: %s\r\n"
                "Bundle-Version: %s\r\n" % (name, version))
    if imports:
        manifest += "Import-Package: %s\r\n" % imports
    jar = io.BytesIO()
    with zipfile.ZipFile(jar, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", manifest + "\r\n")
    return jar.getvalue()
with zipfile.ZipFile(out, "w") as z:
    for jar in sorted(bundles.glob("*.jar")):
        z.write(jar, jar.name)
    z.writestr("io.streetgate.journey.marker-%s.jar" % version, bundle("io.streetgate.journey.marker"))
    if kind == "broken":
        z.writestr("io.streetgate.journey.broken-%s.jar" % version,
                   bundle("io.streetgate.journey.broken", "io.streetgate.journey.missing"))
EOF
}

# the nodes' site file: the uplink to the host's mosquitto, the OTA agent on the host's repository;
# health-timeout long enough for a start under full emulation. qemu-0001: U-Boot's slot counters. qemu-0002:
# bundle sets, and an Eastron SDM630 on the guest's serial port (the PCI 16550 qemu adds, ttyS0)
site_file() { # u-boot|bundle-set
  cat <<'EOF'
node:
  id: "{{node}}"
  site: emulated
  latitude: 53.5461
  longitude: 9.9661
uplink:
  broker: tcp://10.0.2.100:1883
  plain-tcp: true
  format: json
ota:
  repository: http://10.0.2.100:8080/
  plain-http: true
  trusted-root: /etc/streetgate/ota-root.json
  hardware: qemu
  poll-interval: 1h
  health-timeout: 15m
EOF
  if [ "$1" = u-boot ]; then
    printf '  backend: u-boot\n  slot-devices: [/dev/vda2, /dev/vda3]\n'
  else
    cat <<'EOF'
  backend: bundle-set
buses:
  rs485:
    kind: modbus-rtu
    port: /dev/ttyS0
    baud: 9600
    timeout: 2s
sensors:
  meter-1:
    type: eastron-sdm630
    bus: rs485
    unit: 1
    period: 10s
EOF
  fi
}

flash_card() { # node, backend, card
  site_file "$2" > "$j/site-$1.yaml"
  bounded "$launcher" flash "$out/node.img" "$3" --allow-file --node "$1" --site "$j/site-$1.yaml"
  # the trusted root beside the site file on the config partition (partition 5, /etc/streetgate on the node)
  config_start=$(sfdisk --dump "$3" | sed -n 's/^[^ ]*5 : start= *\([0-9]*\),.*/\1/p')
  mcopy -i "$3@@$((config_start * 512))" "$j/site/metadata/1.root.json" ::/ota-root.json
}

campaigns() { # node, prefix of the targets' names, suffix of their file names: journey-good and -bad (+ -set)
  echo "$1" > "$j/nodes-$1.txt"
  for c in good:1.1.0 bad:1.2.0; do
    ota campaign create --file "$j/${c%%:*}$4.json" --repo "$j/repo" --id "journey-${c%%:*}$4" \
      --target "$2-${c#*:}$3" --nodes "$j/nodes-$1.txt" --phases 100 --silent-after 2h >/dev/null
  done
}

flash() {
  rm -rf "$j" && mkdir -p "$j"
  ota keygen --out "$j/key" >/dev/null
  ota init --repo "$j/repo" --root-key "$j/key.pub" --snapshot-key "$j/key.pub" --targets-key "$j/key.pub" \
    --timestamp-key "$j/key.pub" >/dev/null
  ota sign --repo "$j/repo" --role root --key "$j/key.key" >/dev/null
  if slot_steps; then
    cp --sparse=always "$out/slot.img" "$j/slot-1.1.0.img"
    echo 1.1.0 > "$j/version" && mcopy -o -i "$j/slot-1.1.0.img" "$j/version" ::/streetgate-version
    bad_slot "$out/slot.img" "$j/slot-1.2.0.img"
    echo "update images: 1.1.0 (slot.img), 1.2.0 (its control bundle cannot resolve)"
    for v in 1.1.0 1.2.0; do # (their progress lines to a file)
      ota add --repo "$j/repo" --file "$j/slot-$v.img" --name "images/node-$v.img" --kind image --version "$v" \
        --hardware qemu >/dev/null 2>"$j/ota.err" || { cat "$j/ota.err" >&2; return 1; }
    done
  fi
  if set_steps; then
    bundle_set 1.1.0 ok "$j/set-1.1.0.zip" && bundle_set 1.2.0 broken "$j/set-1.2.0.zip"
    echo "bundle sets: 1.1.0 ($(du -m "$j/set-1.1.0.zip" | cut -f1) MiB), 1.2.0 (a bundle in it cannot resolve)"
    for v in 1.1.0 1.2.0; do
      ota add --repo "$j/repo" --file "$j/set-$v.zip" --name "bundles/gateway-$v.zip" --kind bundle-set \
        --version "$v" --hardware qemu >/dev/null 2>"$j/ota.err" || { cat "$j/ota.err" >&2; return 1; }
    done
  fi
  ota sign --repo "$j/repo" --role targets --key "$j/key.key" >/dev/null
  ota publish --repo "$j/repo" --out "$j/site" --snapshot-key "$j/key.key" --timestamp-key "$j/key.key" \
    >/dev/null 2>"$j/ota.err" || { cat "$j/ota.err" >&2; return 1; }
  rm -f "$j"/slot-*.img "$j"/set-*.zip # the published copies are in site/targets
  if slot_steps; then
    campaigns "$node" images/node .img ""
    flash_card "$node" u-boot "$card"
    # the host's view of the card's U-Boot counters: files/fw_env.config pointed at a copy taken off partition 1
    sed -n "s|^/boot/firmware-ab/uboot.env |$j/uboot.env |p" "$here/files/fw_env.config" > "$j/fw_env.config"
  fi
  if set_steps; then
    campaigns "$set_node" bundles/gateway .zip -set
    flash_card "$set_node" bundle-set "$set_card"
  fi
}

# the card's U-Boot counters (BOOT_...=N, space separated), read from the host while the node runs
counters() {
  rm -f "$j/uboot.env"
  mcopy -i "$card@@1M" ::/uboot.env "$j/uboot.env" 2>/dev/null \
    && fw_printenv -c "$j/fw_env.config" 2>/dev/null | grep '^BOOT_' | tr '\n' ' '
}
# waits until the console shows the extended regular expression after line $mark, or the deadline
await_console() { # regex, what
  while ! tail -n +"$((mark + 1))" "$console" 2>/dev/null | grep -aEq "$1"; do
    if tail -n +"$((mark + 1))" "$console" 2>/dev/null | grep -aEq "Kernel panic|Failed to start streetgate"; then
      echo "the node failed while waiting for $2: $(grep -aEm1 'Kernel panic|Failed to start streetgate' "$console")" >&2; return 1
    fi
    kill -0 "$(cat "$j/qemu.pid")" 2>/dev/null || { echo "qemu ended while waiting for $2" >&2; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "not within the bound: $2" >&2; return 1; }
    sleep 2
  done
  echo "$(date -u +%H:%M:%S) $2 ($(( $(date +%s) - t0 )) s into the step)"
}
marknow() { mark=$(wc -l < "$console" 2>/dev/null || echo 0); }

# ---- the host's peers, then the nodes
peers() {
  cat > "$j/mosquitto.conf" <<EOF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
EOF
  mosquitto -c "$j/mosquitto.conf" > "$j/mosquitto.log" 2>&1 &
  started $!
  python3 -m http.server --bind 127.0.0.1 "$HTTP_PORT" --directory "$j/site" > "$j/http.log" 2>&1 &
  started $!
  sleep 1
  mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -V mqttv5 -t 'streetgate/+/ota/+' > "$reports" 2>&1 &
  started $!
  # everything qemu-0002 publishes, for its meter's readings
  mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -V mqttv5 -t "streetgate/$set_node/#" -v > "$j/messages-2.log" 2>&1 &
  started $!
}

# one node under qemu through U-Boot, its console in $console; no -no-reboot: a node reboots into its trial and
# back, through U-Boot and boot.scr each time. Its pid in $j/qemu.pid, what it prints (the ptys) in $j/qemu.out
start_node() { # card, more qemu options
  card_file=$1; shift
  qemu-system-aarch64 -M virt -cpu max -smp 2 -m 1536 -nographic -bios "$uboot" \
    -nic "user,model=virtio-net-pci,restrict=on,guestfwd=tcp:10.0.2.100:1883-cmd:socat - TCP:127.0.0.1:$MQTT_PORT,guestfwd=tcp:10.0.2.100:8080-cmd:socat - TCP:127.0.0.1:$HTTP_PORT" \
    -drive file="$card_file",format=raw,if=virtio -serial file:"$console" -monitor none -display none "$@" \
    > "$j/qemu.out" 2>&1 &
  started $!
  echo $! > "$j/qemu.pid"
}
stop_node() {
  p=$(cat "$j/qemu.pid" 2>/dev/null) || return 0
  kill "$p" 2>/dev/null || true
  n=0; while kill -0 "$p" 2>/dev/null && [ $n -lt 30 ]; do sleep 1; n=$((n + 1)); done
  rm -f "$j/qemu.pid"; sed -i "/^$p\$/d" "$pidfile"
}
await_ready() { # node
  await_console "node $1 on felix" "the gateway started"
  await_console "All [0-9]+ bundles active|not fully up after" "the gateway's readiness line"
  # the campaign starts once the agent is there, so that the next step times the update alone
  await_console "OTA agent: running" "the OTA agent started"
}

first_boot() {
  [ -f "$pidfile" ] && grep -q . "$pidfile" || peers
  start_node "$card"
  mark=0
  await_console "streetgate: booting slot A" "U-Boot boots slot A"
  await_ready "$node"
  echo "U-Boot counters: $(counters)"
}

# a campaign run to its end, as an operator runs it; its output in $j/<campaign>.out
campaign() { # good|bad|good-set|bad-set, the exit expected
  set +e
  bounded "$launcher" ota campaign run --file "$j/$1.json" --broker "tcp://127.0.0.1:$MQTT_PORT" --plain-tcp \
    > "$j/$1.out" 2>&1
  rc=$?
  set -e
  grep -E "^  (phase|qemu-)|HALTED|posted" "$j/$1.out" | uniq | tail -8
  [ "$rc" = "$2" ] || { echo "ota campaign run ended with $rc, not $2" >&2; tail -20 "$j/$1.out" >&2; return 1; }
}
reported() { # campaign, state: the node's report on MQTT
  grep -E "\"campaign\": *\"$1\".*\"state\": *\"$2\"" "$reports" | tail -1 | grep . \
    || { echo "no $2 report of $1 on MQTT" >&2; return 1; }
}

update() {
  marknow
  campaign good 0
  reported journey-good committed
  await_console "streetgate: booting slot B" "U-Boot booted slot B"
  case " $(counters) " in
    *" BOOT_ORDER=B A "*) echo "U-Boot counters: $(counters)" ;;
    *) echo "slot B is not first in U-Boot's order after the commit: $(counters)" >&2; return 1 ;;
  esac
}

bad_update() {
  marknow
  campaign bad 1
  reported journey-bad rolled_back
  await_console "streetgate: booting slot A" "U-Boot booted the trial, slot A"
  await_console "streetgate: booting slot B" "U-Boot booted slot B again"
  await_console "All [0-9]+ bundles active|not fully up after" "the gateway's readiness line on slot B"
  case " $(counters) " in
    *" BOOT_ORDER=B A "*" BOOT_A_LEFT=0 "*|*" BOOT_A_LEFT=0 "*" BOOT_ORDER=B A "*) echo "U-Boot counters: $(counters)" ;;
    *) echo "slot A is not marked bad behind B: $(counters)" >&2; return 1 ;;
  esac
}

# qemu-0002, with a PCI 16550 (qemu's pci-serial) whose host end is a pty: the guest's 8250 driver makes it
# /dev/ttyS0, a tty like the Pi 4's mini UART (ttyS0, 8250 too); pymodbus serves the meter on the pty
set_boot() {
  [ -f "$pidfile" ] && grep -q . "$pidfile" || peers
  start_node "$set_card" -chardev pty,id=rs485 -device pci-serial,chardev=rs485
  mark=0
  pty=""
  while [ -z "$pty" ]; do # qemu prints "char device redirected to /dev/pts/N (label rs485)"
    pty=$(sed -n 's|.*redirected to \(/dev/pts/[0-9]*\) (label rs485).*|\1|p' "$j/qemu.out")
    kill -0 "$(cat "$j/qemu.pid")" 2>/dev/null || { echo "qemu ended: $(cat "$j/qemu.out")" >&2; return 1; }
    sleep 1
  done
  echo '[{"unit": 1, "table": "input", "address": 0, "type": "FLOAT32", "order": "ABCD", "value": 231.5}]' \
    > "$j/meter.json"
  /usr/bin/python3 "$slave" "$j/meter.json" rtu "$pty" 9600 > "$j/pymodbus.log" 2>&1 &
  started $!
  echo "the meter: pymodbus on $pty, the host end of the guest's PCI serial port"
  await_console "streetgate: booting slot A" "U-Boot boots slot A"
  await_console "ttyS[0-9]+ at .* is a 16550" "the guest's 8250 driver took the PCI serial port"
  grep -aEm1 "ttyS[0-9]+ at .* is a 16550" "$console"
  await_ready "$set_node"
}

serial_reading() { # a message of qemu-0002 on mosquitto with the meter's voltage_l1 of 231.5 V
  while ! grep -a '"sourceId":"meter-1"' "$j/messages-2.log" | grep -a voltage_l1 | grep -aqE '231\.5[,}]'; do
    kill -0 "$(cat "$j/qemu.pid")" 2>/dev/null || { echo "qemu ended while waiting for the reading" >&2; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || {
      echo "no voltage_l1 of meter-1 on MQTT within the bound; what the node said of its bus:" >&2
      grep -aiE "rs485|ttyS|modbus|serial" "$console" | tail -8 >&2; return 1; }
    sleep 2
  done
  grep -a '"sourceId":"meter-1"' "$j/messages-2.log" | grep -a voltage_l1 | grep -aE '231\.5[,}]' | head -1 | cut -c1-400
}

set_update() {
  marknow
  campaign good-set 0
  reported journey-good-set committed
  grep -aE "restarting the gateway on the new bundle set|Restarting on the new bundle set|exits \(75\)" \
    "$console" | tail -n +1 | tail -3
}

bad_set() {
  marknow
  campaign bad-set 1
  reported journey-bad-set rolled_back
  await_console "All [0-9]+ bundles active|not fully up after" "the gateway's readiness line after the rollback"
}

step "image build" "$BUILD_BOUND" build_image
step "flash" "$FLASH_BOUND" flash
if slot_steps; then
  step "first boot to ready" "$BOOT_BOUND" first_boot
  step "update to committed" "$UPDATE_BOUND" update
  step "bad update to rolled back" "$ROLLBACK_BOUND" bad_update
  stop_node
fi
if set_steps; then
  console="$j/console-2.log"
  step "set node boot to ready" "$BOOT_BOUND" set_boot
  step "serial reading on MQTT" "$READING_BOUND" serial_reading
  step "set update to committed" "$SET_BOUND" set_update
  step "bad set to rolled back" "$SET_BOUND" bad_set
fi
stop_all
echo "emulated-node.sh: passed on $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown):$summary"
