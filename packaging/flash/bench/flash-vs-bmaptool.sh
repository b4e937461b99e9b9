#!/bin/sh
# Flash throughput and verify time of `streetgate flash` against `bmaptool copy`, same image, same target, same run.
# Usage (as root, from the repository): packaging/flash/bench/flash-vs-bmaptool.sh [IMAGE [WORKDIR]]
# Without IMAGE it builds a 2 GiB node-shaped test image: MBR, FAT boot, an ext4 slot filled from /usr/lib/jvm by
# mke2fs -d (real file system extents), an empty slot B, the FAT config partition; its bmap by bmaptool create.
# Targets: a plain file (the image copy case) and, when losetup works, a loop block device over a file.
# Every run starts with the target's old content in place and the page cache dropped (echo 3 > drop_caches).
# Needs: bmap-tools, fdisk, dosfstools, e2fsprogs. It compiles the module and those it uses (-am: nothing installed).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
module=$(dirname "$here")
work=${2:-/tmp/flash-bench}
runs=${RUNS:-3}
mkdir -p "$work"

cp_file="$work/classpath"
# -am: the modules it uses resolve to their target/classes; each module of the build writes the file, flash's last
(cd "$module/../.." && mvn -q -B -pl packaging/flash -am compile dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$module/target/classes:$(cat "$cp_file")"
# the JVM settings of bin/streetgate, as on a node or an installer's laptop
flash() { java -XX:+UseSerialGC -Xms16m -Xmx96m -XX:TieredStopAtLevel=1 -cp "$cp" io.streetgate.flash.FlashCommand "$@"; }

image=${1:-}
if [ -z "$image" ]; then
  image="$work/bench.img"
  if [ ! -f "$image" ]; then
    echo "building the test image $image"
    rm -f "$image"; truncate -s 2G "$image"
    printf 'label: dos\nstart=1MiB, size=63MiB, type=c, bootable\nstart=64MiB, size=1600MiB, type=83\nstart=1664MiB, size=300MiB, type=83\nstart=1964MiB, size=80MiB, type=5\nstart=1965MiB, size=64MiB, type=e\n' | sfdisk -q "$image"
    mkfs.fat -F 16 -n SGBOOT --offset=2048 "$image" $((63 * 1024)) >/dev/null
    mkfs.fat -F 16 -n SGCONFIG --offset=$((1965 * 2048)) "$image" $((64 * 1024)) >/dev/null
    slot="$work/slot.ext4"; rm -f "$slot"
    # about 560 MB of real files (a JDK), many extents
    mke2fs -q -t ext4 -E root_owner=0:0 -d /usr/lib/jvm "$slot" 1600M
    dd if="$slot" of="$image" bs=1M seek=64 conv=notrunc,sparse status=none
    rm -f "$slot"
    bmaptool create -o "${image%.img}.bmap" "$image"
  fi
fi
bmap="${image%.*}.bmap"
[ -f "$bmap" ] || bmaptool create -o "$bmap" "$image"
echo "image: $(du -h --apparent-size "$image" | cut -f1) apparent, $(du -h "$image" | cut -f1) allocated"
grep -E "MappedBlocksCount|ImageSize" "$bmap" | sed 's/^ */  /'

drop() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "  (cannot drop caches: numbers include cache effects)"; }
secs() { awk "BEGIN { printf \"%.2f\", ($2 - $1) / 1000000000 }"; }
now() { date +%s%N; }

record() { echo "$1 $2" >> "$work/times"; } # label value
bench_target() { # $1 label, $2 target path, $3.. extra flash options
  label=$1; target=$2; shift 2
  i=1
  while [ "$i" -le "$runs" ]; do
    drop; t0=$(now); bmaptool -q copy --bmap "$bmap" "$image" "$target"; t1=$(now)
    record "$label:bmaptool-copy" "$(secs "$t0" "$t1")"
    drop; t0=$(now); flash "$image" "$target" --bmap "$bmap" --no-verify --report "$work/report.json" "$@" > /dev/null; t1=$(now)
    record "$label:flash-no-verify" "$(secs "$t0" "$t1")"
    drop; t0=$(now); flash "$image" "$target" --bmap "$bmap" --report "$work/report.json" "$@" > /dev/null; t1=$(now)
    record "$label:flash-verify-total" "$(secs "$t0" "$t1")"
    record "$label:flash-write-phase" "$(sed -n 's/.*"write_seconds" *: *\([0-9.]*\).*/\1/p' "$work/report.json")"
    record "$label:flash-verify-phase" "$(sed -n 's/.*"verify_seconds" *: *\([0-9.]*\).*/\1/p' "$work/report.json")"
    i=$((i + 1))
  done
}

: > "$work/times"
file_target="$work/card.img"
rm -f "$file_target"
bench_target "file" "$file_target" --allow-file

if command -v losetup >/dev/null && loopdev=$(losetup -f 2>/dev/null); then
  backing="$work/loop-card.img"
  rm -f "$backing"; truncate -s "$(stat -c %s "$image")" "$backing"
  if loopdev=$(losetup -f --show "$backing" 2>/dev/null); then
    echo "loop device: $loopdev over $backing"
    bench_target "loop" "$loopdev" --allow-fixed-disk
    losetup -d "$loopdev"
  else
    echo "loop devices: losetup -f found $loopdev but attaching failed; block-device runs skipped"
  fi
else
  echo "loop devices: none (losetup -f failed); block-device runs skipped"
fi
rm -f "$work/loop-card.img" "$file_target"

echo "runs: $runs of each, alternating; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
mapped=$(sed -n 's/.*<MappedBlocksCount> *\([0-9]*\).*/\1/p' "$bmap")
python3 - "$work/times" "$((mapped * 4096))" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    runs.setdefault(k, []).append(float(v))
mapped = int(sys.argv[2])
print("%-28s %8s %8s %10s  %s" % ("what", "best s", "median s", "best MB/s", "all runs (s)"))
for k in sorted(runs):
    v = runs[k]
    print("%-28s %8.2f %8.2f %10.0f  %s" % (k, min(v), statistics.median(v), mapped / min(v) / 1e6, " ".join("%.2f" % x for x in v)))
PY
