#!/bin/sh
# Fuzzes one parser of untrusted input with Jazzer for a given time (docs/security.md).
# Usage: ./fuzz.sh TARGET SECONDS [extra Maven arguments, e.g. -o]
#        ./fuzz.sh list
# The fuzz test runs as a JUnit test with JAZZER_FUZZ=1: the inputs it finds that reach new code go to
# <module>/.cifuzz-corpus/ (not kept in git), an input that breaks the test is written next to the seeds in
# <module>/src/test/resources/.../<Test>Inputs/<method>/ as crash-<sha1>, where the normal test command then
# replays it. libFuzzer's summary (executions, coverage, findings) is printed at the end. Jazzer's own settings
# pass through the environment, e.g. JAZZER_KEEP_GOING=100 to fuzz on past a finding that is not fixed yet.
set -eu
root=$(cd "$(dirname "$0")" && pwd -P)
cd "$root"

# target  module  test class  method  packages whose code is instrumented for coverage
targets='
senml-json         kura-bundles/coap       io.streetgate.coap.senml.SenmlDecoderFuzzTest          json       io.streetgate.**:com.fasterxml.jackson.**
senml-cbor         kura-bundles/coap       io.streetgate.coap.senml.SenmlDecoderFuzzTest          cbor       io.streetgate.**:com.fasterxml.jackson.**
site-file          kura-bundles/site       io.streetgate.site.SiteFileFuzzTest                    parse      io.streetgate.**:org.yaml.snakeyaml.**
modbus-map         device-drivers/drivers-modbus  io.streetgate.drivers.modbus.map.RegisterMapLoaderFuzzTest parse io.streetgate.**:org.yaml.snakeyaml.**
bmap               packaging/flash                io.streetgate.flash.image.BmapFileFuzzTest             read       io.streetgate.**
command-json       kura-bundles/uplink            io.streetgate.uplink.payload.CommandFuzzTest           json       io.streetgate.**:com.fasterxml.jackson.**
sparkplug-command  kura-bundles/uplink            io.streetgate.uplink.payload.CommandFuzzTest           sparkplug  io.streetgate.**:org.eclipse.tahu.**:com.google.protobuf.**
tuf-metadata       ota                    io.streetgate.ota.tuf.MetadataFuzzTest                 parse      io.streetgate.**:com.fasterxml.jackson.**
'

if [ "${1:-}" = list ] || [ $# -lt 2 ]; then
  [ "${1:-}" = list ] || echo "usage: $0 TARGET SECONDS [maven arguments]   (targets below)" >&2
  echo "$targets" | awk 'NF { printf "%-18s %s#%s (%s)\n", $1, $3, $4, $2 }'
  [ "${1:-}" = list ]
  exit
fi
target=$1
seconds=$2
shift 2
line=$(echo "$targets" | awk -v t="$target" '$1 == t')
if [ -z "$line" ]; then
  echo "no fuzz target '$target'; ./fuzz.sh list names them" >&2
  exit 2
fi
case $seconds in
  ''|*[!0-9]*) echo "SECONDS must be a whole number of seconds, not '$seconds'" >&2; exit 2 ;;
esac
set -- $line "$@"
module=$2
class=$3
method=$4
includes=$5
shift 5

# One fuzz test per JVM (Jazzer's rule); a 1 GiB heap so that an unbounded allocation is found as one.
mkdir -p "$module/target"
log="$module/target/fuzz-$target.log"
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" JAZZER_INSTRUMENTATION_INCLUDES="$includes" \
  mvn -B -ntp -pl "$module" -am test -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine=-Xmx1g "$@" > "$log" 2>&1 && status=0 || status=$?

echo "--- $target, $seconds s: libFuzzer's summary (the whole output: $log)"
grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done [0-9]+ runs|== Java Exception|Test unit written to|ERROR\]' "$log" \
  | head -n 40 || true
exit $status
