#!/bin/sh
# Installs what the tests need (the real protocol peers, as root with apt-get; tuf-js with npm), then runs
# every test: unit tests, tests against real peers on loopback, and the distribution's runtime tests on
# Felix and Equinox. Usage: ./test.sh [extra Maven arguments]
set -eu
root=$(cd "$(dirname "$0")" && pwd -P)
cd "$root"

packages="mosquitto mosquitto-clients python3 python3-pymodbus python3-serial-asyncio libcoap3-bin socat mbpoll bmap-tools mtools dosfstools fdisk rauc squashfs-tools openssl dbus systemd chromium chromium-driver fonts-liberation qemu-system-arm u-boot-qemu u-boot-tools libubootenv-tool"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# tuf-js runs on Node; Debian's own nodejs and npm (Node 18 on Debian 12) are enough. A Node installed from
# elsewhere (with its own npm) is used as it is.
command -v node >/dev/null || missing="$missing nodejs"
command -v npm >/dev/null || missing="$missing npm"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing test peers:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # the packaged mosquitto service is not wanted: tests start their own brokers on free ports. Recommends
    # are left out, so python3-serial-asyncio is named: Debian's pymodbus 3.0 only recommends it, yet
    # pymodbus.client imports it.
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Missing test peers:$missing. Install them (as root: apt-get install$missing) or the tests that use them fail." >&2
  fi
fi

if ! command -v npm >/dev/null; then
  echo "npm is missing: the tuf-js interoperability tests will fail. Install it (as root: apt-get install nodejs npm)." >&2
elif [ -f ota/src/test/node/package-lock.json ]; then
  echo "Installing tuf-js for the interoperability tests"
  npm ci --prefix ota/src/test/node --no-audit --no-fund --loglevel=error
fi

exec mvn -B -ntp verify "$@"
