#!/bin/sh
# Boots the node image under qemu-system-aarch64 (virt machine, the image's generic arm64 kernel) far enough to
# see streetgate start, with a timeout. Heavy (full-system emulation): never part of the test command.
#
#   packaging/image/smoke-test.sh [--image DIR] [--timeout SECONDS] [--cpu MODEL] [--u-boot]
#
# DIR is what build-image.sh wrote (default packaging/image/target). The image is first flashed into a copy with
# `streetgate flash` (the distribution's launcher, packaging/distribution/target/streetgate-*/bin/streetgate: build
# it first with mvn -o -pl packaging/deb -am package), node qemu-0001 and a site file without hardware, so the
# boot also proves the config injection: the .deb's streetgate.service runs with the site file and node id it
# finds on the config partition. The slot is given on the command line (streetgate.slot=2) because qemu has no
# Raspberry Pi bootloader to say which partition it started. With --u-boot, qemu starts Debian's U-Boot for its
# virt machine instead (u-boot-qemu, qemu_arm64/u-boot.bin as -bios), which runs the image's boot.scr: the slot
# and the kernel command line come from the card (files/boot.cmd), nothing from this script. The guest's network is qemu's user mode, restricted
# (no way out of the host, nothing forwarded): DHCP brings the link up, time sync finds no server.
# With --u-boot the site file also has an ota: section with backend u-boot (a TUF root made here with the
# launcher's `ota` commands, copied onto the config partition; the repository is not reachable), and the run
# passes only when the node's OTA agent has given the booted slot A back the try its boot took: BOOT_A_LEFT=3 in
# the card's uboot.env, read from the host with fw_printenv (libubootenv-tool) while the node runs.
#
# Pass: the serial console shows "streetgate node qemu-0001 on felix: N bundles installed" (started) within the
# timeout; the run also waits for "All N bundles active" (ready) and reports both times. Fail: timeout, a kernel
# panic, or streetgate exiting. Exit code 0 on pass, 1 on fail; the console log stays in DIR/smoke-console.log.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
dir="$here/target"
timeout=${TIMEOUT:-1200}
cpu=max
uboot=/usr/lib/u-boot/qemu_arm64/u-boot.bin
bootloader=kernel
while [ $# -gt 0 ]; do
  case "$1" in
    --image) dir=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --u-boot) bootloader=u-boot; shift ;;
    *) echo "usage: $0 [--image DIR] [--timeout SECONDS] [--cpu MODEL] [--u-boot]" >&2; exit 2 ;;
  esac
done
command -v qemu-system-aarch64 >/dev/null || { echo "smoke-test.sh: apt-get install qemu-system-arm" >&2; exit 1; }
[ "$bootloader" = kernel ] || [ -f "$uboot" ] || { echo "smoke-test.sh: --u-boot: no $uboot: apt-get install u-boot-qemu" >&2; exit 1; }
for f in node.img node.bmap vmlinuz initrd.img; do
  [ -f "$dir/$f" ] || { echo "smoke-test.sh: $dir/$f missing: run build-image.sh first" >&2; exit 1; }
done

launcher=$(ls "$repo"/packaging/distribution/target/streetgate-*/bin/streetgate 2>/dev/null | head -1)
[ -n "$launcher" ] || { echo "smoke-test.sh: no distribution: mvn -o -pl packaging/deb -am package -DskipTests" >&2; exit 1; }

card="$dir/smoke-card.img"
site="$dir/smoke-site.yaml"
console="$dir/smoke-console.log"
rm -f "$card" "$console"
cat > "$site" <<'EOF'
node:
  id: "{{node}}"
  site: smoke-test
  latitude: 53.5461
  longitude: 9.9661
EOF
if [ "$bootloader" = u-boot ]; then
  command -v fw_printenv >/dev/null || { echo "smoke-test.sh: --u-boot: apt-get install libubootenv-tool" >&2; exit 1; }
  # a TUF root for the agent to start from (docs/ota.md, "The repository"); 10.0.2.2 is qemu's host, where nothing
  # listens: the agent's polls fail, what is checked is its boot control
  rm -rf "$dir/ota-smoke" && mkdir -p "$dir/ota-smoke"
  "$launcher" ota keygen --out "$dir/ota-smoke/key" >/dev/null
  "$launcher" ota init --repo "$dir/ota-smoke/repo" --root-key "$dir/ota-smoke/key.pub" --snapshot-key "$dir/ota-smoke/key.pub" \
    --targets-key "$dir/ota-smoke/key.pub" --timestamp-key "$dir/ota-smoke/key.pub" >/dev/null
  "$launcher" ota sign --repo "$dir/ota-smoke/repo" --role root --key "$dir/ota-smoke/key.key" >/dev/null
  cat >> "$site" <<'EOF'
ota:
  repository: http://10.0.2.2:8080/streetgate/
  plain-http: true
  trusted-root: /etc/streetgate/ota-root.json
  hardware: qemu
  backend: u-boot
  slot-devices: [/dev/vda2, /dev/vda3]
  factory-version: 1.0.0
EOF
fi
echo "flashing a copy for node qemu-0001"
flash_start=$(date +%s%N)
"$launcher" flash "$dir/node.img" "$card" --allow-file --node qemu-0001 --site "$site"
echo "flashed in $(( ($(date +%s%N) - flash_start) / 1000000 )) ms"
if [ "$bootloader" = u-boot ]; then
  # the trusted root beside the site file on the config partition (partition 5, /etc/streetgate on the node)
  config_start=$(sfdisk --dump "$card" | sed -n 's/^[^ ]*5 : start= *\([0-9]*\),.*/\1/p')
  mcopy -i "$card@@$((config_start * 512))" "$dir/ota-smoke/repo/metadata/root.json" ::/ota-root.json
  # the host's view of the card's U-Boot counters: files/fw_env.config pointed at a copy taken off partition 1
  sed -n "s|^/boot/firmware-ab/uboot.env |$dir/ota-smoke/uboot.env |p" "$here/files/fw_env.config" > "$dir/ota-smoke/fw_env.config"
fi
# the card's U-Boot counters (BOOT_...=N, space separated), or nothing before the boot script wrote them
counters() {
  rm -f "$dir/ota-smoke/uboot.env"
  mcopy -i "$card@@1M" ::/uboot.env "$dir/ota-smoke/uboot.env" 2>/dev/null \
    && fw_printenv -c "$dir/ota-smoke/fw_env.config" 2>/dev/null | grep '^BOOT_' | tr '\n' ' '
}

# full emulation runs the boot many times slower than a Pi 4: systemd's 90 s default for a unit to start would
# run out on a loaded host, so the emulated node gets 15 minutes (systemd(1), kernel command line). It does not
# cover devices in systemd 252: the partitions' wait is set in the image's fstab (x-systemd.device-timeout)
slow="systemd.default_timeout_start_sec=900"
if [ "$bootloader" = u-boot ]; then
  set -- -bios "$uboot"
else
  set -- -kernel "$dir/vmlinuz" -initrd "$dir/initrd.img" \
    -append "console=ttyAMA0 boot=streetgate streetgate.disk=/dev/vda streetgate.slot=2 panic=-1 systemd.show_status=1 $slow"
fi
echo "booting under qemu-system-aarch64 (virt, cpu $cpu, TCG, $bootloader), timeout ${timeout}s"
start=$(date +%s%N)
qemu-system-aarch64 -M virt -cpu "$cpu" -smp 2 -m 1536 -nographic -no-reboot -nic user,model=virtio-net-pci,restrict=on \
  "$@" \
  -drive file="$card",format=raw,if=virtio -serial file:"$console" -monitor none -display none &
qemu=$!
trap 'kill "$qemu" 2>/dev/null || true' EXIT INT TERM

elapsed() { echo $(( ($(date +%s%N) - start) / 1000000 )); }
started_ms=""
ready_ms=""
result=fail
reason="timeout after ${timeout}s"
while kill -0 "$qemu" 2>/dev/null; do
  if [ -z "$started_ms" ] && grep -q "streetgate node qemu-0001 on felix" "$console" 2>/dev/null; then
    started_ms=$(elapsed); echo "streetgate started: $((started_ms / 1000)) s after qemu start"
  fi
  if [ -z "$ready_ms" ] && grep -Eq "All [0-9]+ bundles active|not fully up after" "$console" 2>/dev/null; then
    ready_ms=$(elapsed); echo "streetgate readiness line: $((ready_ms / 1000)) s after qemu start"
    result=pass; reason=""
    [ "$bootloader" = u-boot ] || break
  fi
  if [ -n "$ready_ms" ]; then
    # u-boot: the boot script took one of A's tries; the OTA agent gives it back once it runs
    case " $(counters) " in
      *" BOOT_A_LEFT=3 "*) echo "OTA agent confirmed slot A: $(counters)($(($(elapsed) / 1000)) s after qemu start)"; break ;;
    esac
    if [ "$(elapsed)" -gt $((ready_ms + 300000)) ]; then
      result=fail; reason="the OTA agent did not give slot A its try back within 300 s of readiness: $(counters)"; break
    fi
  fi
  failed="Kernel panic|streetgate: .*(did not appear|cannot|no rootfs)|streetgate.service: Failed|Failed to start streetgate"
  if grep -Eq "$failed" "$console" 2>/dev/null; then
    reason=$(grep -Em1 "$failed" "$console"); break
  fi
  if [ "$(elapsed)" -gt $((timeout * 1000)) ]; then
    [ -z "$ready_ms" ] || { result=fail; reason="timeout after ${timeout}s before the OTA agent gave slot A its try back: $(counters)"; }
    break
  fi
  sleep 1
done
[ -n "$started_ms" ] && [ "$result" = fail ] && [ "$reason" = "timeout after ${timeout}s" ] && result=pass \
  && reason="started, readiness line not seen within the timeout"
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
trap - EXIT INT TERM

echo "--- console (key lines)"
grep -aE "Linux version|streetgate: |Startup finished|systemd\[1\]: Reached target (local-fs|multi-user)|sysusers|Mounted .*streetgate|streetgate node|bundles active|not fully up|Status endpoint|Kernel panic" "$console" | head -20 || true
# what a stalled boot was waiting for, and what failed
grep -aE "start job is running|Timed out|Dependency failed|Failed to" "$console" | tail -5 || true
echo "--- result: $result${reason:+ ($reason)}"
[ "$result" = pass ] && [ -n "$started_ms" ]
