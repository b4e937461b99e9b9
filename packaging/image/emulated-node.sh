#!/bin/sh
# The emulated node, end to end so far: the node image built from the .deb, flashed with `streetgate flash` for
# one node, and that card booted under qemu-system-aarch64 to the gateway's readiness from its config partition.
# Each step runs with its own time bound and prints its duration; the whole run prints a summary line to paste
# into docs/node-image.md. Heavy (mmdebstrap under qemu-user, full-system emulation): never in the test command.
# Run as root:
#
#   packaging/image/emulated-node.sh [--deb FILE] [--out DIR] [--keep-root | --reuse-root]
#
# --deb defaults to what `mvn -o -pl packaging/deb -am package` builds; --out to packaging/image/target.
# --keep-root and --reuse-root go to build-image.sh: keep mmdebstrap's root, or start from the kept one (minutes
# instead of most of an hour, to iterate on the image's own files and the boot).
# Bounds (seconds, environment): BUILD_BOUND (default 5400), BOOT_BOUND (1200, passed to smoke-test.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
out="$here/target"
deb=""
root_cache=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep-root|--reuse-root) root_cache=$1; shift ;;
    *) echo "usage: $0 [--deb FILE] [--out DIR] [--keep-root | --reuse-root]" >&2; exit 2 ;;
  esac
done
[ -n "$deb" ] || deb=$(ls "$repo"/packaging/deb/target/streetgate_*_all.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "emulated-node.sh: no .deb: mvn -o -pl packaging/deb -am package -DskipTests" >&2; exit 2; }
BUILD_BOUND=${BUILD_BOUND:-5400}
BOOT_BOUND=${BOOT_BOUND:-1200}

summary=""
step() { # name, bound in s, command...
  name=$1; bound=$2; shift 2
  echo "== $name (bound ${bound}s): $*"
  t0=$(date +%s)
  if timeout --kill-after=30 "$bound" "$@"; then rc=0; else rc=$?; fi
  took=$(( $(date +%s) - t0 ))
  [ "$rc" = 124 ] && echo "== $name: over its bound of ${bound}s" >&2
  echo "== $name: $( [ "$rc" = 0 ] && echo ok || echo "FAILED (exit $rc)" ) in ${took}s"
  summary="$summary $name ${took}s;"
  [ "$rc" = 0 ] || { echo "emulated-node.sh: stopped at $name;$summary" >&2; exit 1; }
}

step "image build" "$BUILD_BOUND" "$here/build-image.sh" --deb "$deb" --out "$out" $root_cache
# the flash (to a copy of the image, with a per-node config) and the boot to readiness: smoke-test.sh
step "flash and first boot to ready" "$((BOOT_BOUND + 300))" "$here/smoke-test.sh" --image "$out" --timeout "$BOOT_BOUND"
echo "emulated-node.sh: passed on $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown):$summary"
