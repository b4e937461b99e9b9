#!/bin/sh
# Builds the streetgate node image: Debian arm64 (pinned suite) with the product's own package, streetgate_*.deb,
# installed by apt like any other package (its unit, user, groups, udev rules, directories), laid out for the OTA's
# A/B slots. Heavy (downloads ~300 MB of packages, runs maintainer scripts under qemu-user): never part of the
# test command. Run as root:
#
#   packaging/image/build-image.sh --deb packaging/deb/target/streetgate_0.1.0-SNAPSHOT_all.deb [--out DIR]
#   packaging/image/build-image.sh --deb FILE --check      # the checks on the inputs only: seconds, no root
#   ... --keep-root     # also keep the root mmdebstrap made (DIR/root-cache, ~1.3 GB) for --reuse-root
#   ... --reuse-root    # start from DIR/root-cache instead of mmdebstrap: only the image's own files, squashfs and
#                       # partitions are made again (to iterate on files/ and this script's later steps); a --deb
#                       # other than the kept root's is installed over it with dpkg; the initramfs is the kept one
#
# Output in DIR (default packaging/image/target): node.img (sparse), node.bmap, node.img.sha256, slot.img (slot A
# alone: the artifact of an A/B OTA update), vmlinuz and initrd.img (for qemu), build.log of timings and sizes.
#
# Layout (MBR; docs/node-image.md explains how it matches ota's PiTrybootBootControl):
#   1  FAT16   16 MiB  SGBOOT    autoboot.txt: [all] tryboot_a_b=1 boot_partition=2, [tryboot] boot_partition=3;
#                                boot.scr: the same choice under U-Boot, for the emulated node (files/boot.cmd)
#   2  FAT32  640 MiB  SGSLOT    slot A: Pi firmware, config.txt, cmdline.txt, vmlinuz, initrd.img, DTBs,
#                                rootfs.squashfs, streetgate-version
#   3  FAT32  640 MiB  SGSLOT    slot B: empty (labelled, for the udev rule) until an A/B update writes slot.img into it
#   4  extended
#   5  FAT16   32 MiB  SGCONFIG  the node's own files, written by `streetgate flash`; /etc/streetgate
#   6  ext4  1024 MiB  sgdata    state that survives updates: /var/lib/streetgate (OTA slots.json, the store)
#
# Reproducibility: suite and mirror pinned (MIRROR may name a snapshot.debian.org date), SOURCE_DATE_EPOCH fixes
# every time stamp we set (file times in the squashfs and on the FAT partitions, mkfs.fat --invariant, fixed
# volume ids, disk id and ext4 UUID); package versions are whatever the mirror serves on the day unless MIRROR is
# a snapshot.
set -eu

SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
# xz makes the smallest slot (the image's figures are with xz); lz4 takes a minute instead of 15-20 under load, to
# iterate with --reuse-root (the guest kernel reads both: CONFIG_SQUASHFS_XZ, CONFIG_SQUASHFS_LZ4)
SQUASHFS_COMP=${SQUASHFS_COMP:-xz}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} # 2025-01-01T00:00:00Z
export SOURCE_DATE_EPOCH
here=$(cd "$(dirname "$0")" && pwd -P)
out="$here/target"
deb=""
check_only=no
root_cache=no
usage="usage: $0 --deb streetgate_VERSION_all.deb [--out DIR] [--check] [--keep-root | --reuse-root]"
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --check) check_only=yes; shift ;;
    --keep-root) root_cache=keep; shift ;;
    --reuse-root) root_cache=reuse; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[ -n "$deb" ] || { echo "$usage" >&2; exit 2; }
[ -f "$deb" ] || { echo "build-image.sh: --deb $deb: no such file; build it: mvn -o -pl packaging/deb -am package" >&2; exit 2; }
deb=$(cd "$(dirname "$deb")" && pwd -P)/$(basename "$deb")

# ---- checks on the inputs, before anything is built: the image gets what the .deb gives, and the board files
# give the .deb's service what it needs. Each failure names the file, what is missing and where it comes from.
check_inputs() {
  bad=0
  fail() { echo "build-image.sh: check failed: $*" >&2; bad=1; }
  command -v dpkg-deb >/dev/null || { echo "build-image.sh: dpkg-deb missing: apt-get install dpkg" >&2; return 1; }
  [ "$(dpkg-deb -f "$deb" Package 2>/dev/null)" = streetgate ] || fail "$deb is not the streetgate package"
  listing=$(dpkg-deb -c "$deb" 2>/dev/null | awk '{print $6}')
  unit=lib/systemd/system/streetgate.service
  rules=lib/udev/rules.d/60-streetgate.rules
  for f in opt/streetgate/bin/streetgate "$unit" "$rules"; do
    echo "$listing" | grep -qx "\./$f" || fail "$deb has no /$f (packaging/deb/pom.xml installs it)"
  done
  [ "$bad" = 0 ] || return 1
  x=$(mktemp -d)
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$x" "./$unit" "./$rules"
  dpkg-deb -e "$deb" "$x/DEBIAN"
  # the groups the udev rules give devices to are groups postinst puts the service user in
  postinst_groups=$(sed -n 's/^ *for group in \(.*\); do$/\1/p' "$x/DEBIAN/postinst")
  for g in $(sed -n 's/^[^#].*GROUP="\([^"]*\)".*/\1/p; s/^[^#].*chgrp -R -P \([a-z0-9_-]*\) .*/\1/p' "$x/$rules" | sort -u); do
    # the service's own group is the user's primary group, made with the user
    case " streetgate $postinst_groups " in
      *" $g "*) echo "udev rules: group $g, which postinst gives the service user" ;;
      *) fail "/$rules gives devices to group $g, which postinst does not give the user (has: $postinst_groups)" ;;
    esac
  done
  # the device kinds the rules open up are ones the unit's DevicePolicy=closed lets through
  for kind in gpiochip i2c ttyAMA ttyS; do
    grep -q "^[^#]*KERNEL==\"[^\"]*$kind" "$x/$rules" || fail "/$rules has no rule for $kind devices"
    grep -qx "DeviceAllow=char-$kind rw" "$x/$unit" || fail "/$unit lets no $kind device through (DeviceAllow=char-$kind rw)"
  done
  grep -q '^[^#]*SUBSYSTEM=="pwm"' "$x/$rules" || fail "/$rules has no rule for PWM chips"
  # the A/B slots an image update writes: the partitions labelled SGSLOT (both slots, below) go to the service's
  # group, and the unit lets the disks they are on through: the SD card (mmc) and the emulated node's (virtblk)
  grep -q '^[^#]*SUBSYSTEM=="block".*ENV{ID_FS_LABEL}=="SGSLOT".*GROUP=' "$x/$rules" \
    || fail "/$rules has no rule giving the slot partitions (label SGSLOT) to the service's group"
  for kind in mmc virtblk; do
    grep -qx "DeviceAllow=block-$kind rw" "$x/$unit" || fail "/$unit lets no $kind disk through (DeviceAllow=block-$kind rw): the OTA cannot write the slots"
  done
  rm -rf "$x"
  # the board's buses: I2C, the PWM channels the lamps dim with, the UART (Raspberry Pi documentation,
  # "config.txt" and the firmware's overlays/README for pwm-2chan)
  for line in dtparam=i2c_arm=on dtoverlay=pwm-2chan enable_uart=1; do
    grep -qx "$line" "$here/files/config.txt" || fail "$here/files/config.txt lacks the line $line"
  done
  # nothing of the product is copied beside the package: no unit, no distribution in files/
  stray=$(find "$here/files" -name '*.service' -o -name 'streetgate' -path '*/bin/*' | head -1)
  [ -z "$stray" ] || fail "$stray: the product's files come from the .deb only"
  # the shared partitions are found by label, which appears only once udev runs: each mount waits longer than
  # systemd's 90 s default (a slow boot overran it and failed the gateway) and lets the boot go on without its
  # partition (systemd.mount(5): x-systemd.device-timeout=, nofail)
  while read -r what where fstype options rest; do
    case "$what" in LABEL=*) ;; *) continue ;; esac
    case ",$options," in *,x-systemd.device-timeout=*) ;; *)
      fail "$here/files/fstab: $where ($what) waits only systemd's default 90 s for its partition; add x-systemd.device-timeout=10min to its options" ;;
    esac
    case ",$options," in *,nofail,*) ;; *) fail "$here/files/fstab: $where ($what) stops the boot when its partition is missing; add nofail to its options" ;; esac
  done < "$here/files/fstab"
  [ "$bad" = 0 ]
}
check_inputs
echo "build-image.sh: inputs checked: $deb (streetgate $(dpkg-deb -f "$deb" Version)), files/config.txt"
[ "$check_only" = no ] || exit 0

[ "$(id -u)" = 0 ] || { echo "build-image.sh: run as root (mmdebstrap --mode=root, chroot)" >&2; exit 2; }
need() { command -v "$1" >/dev/null || { echo "build-image.sh: $1 missing: apt-get install $2" >&2; exit 1; }; }
need mmdebstrap mmdebstrap
need qemu-aarch64-static qemu-user-static
need mksquashfs squashfs-tools
need mkfs.fat dosfstools
need mcopy mtools
need sfdisk fdisk
need mke2fs e2fsprogs
need bmaptool bmap-tools
need fdtput device-tree-compiler
need mkimage u-boot-tools

# arm64 binaries in the chroot run through binfmt_misc and qemu-user (F flag: works inside the chroot)
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  cat /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register
fi

mkdir -p "$out"
work="$out/work"
rm -rf "$work"
mkdir -p "$work"
log="$out/build.log"
: > "$log"
stamp() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$log"; }
t_start=$(date +%s)

# ---- root file system: Debian arm64 with systemd, the generic arm64 kernel, time sync, and streetgate's .deb
# (apt resolves its Depends: the headless JRE 17, adduser; its postinst makes the user, groups and state folder).
# The firmware package is fetched by the host's apt with the root's configuration, not inside the root: there
# systemd-resolved has made /etc/resolv.conf a link into /run, which is empty in a chroot, so no name resolves
rootfs="$work/rootfs"
cache="$out/root-cache"
if [ "$root_cache" = reuse ]; then
  [ -f "$cache/complete" ] || { echo "build-image.sh: --reuse-root: no complete $cache; build once with --keep-root" >&2; exit 2; }
  stamp "root from $cache (made $(cat "$cache/complete")), not mmdebstrap"
  cp -a "$cache/rootfs" "$rootfs"
  cp "$cache"/raspi-firmware_*.deb "$work/"
  # a .deb other than the one the root was made with is installed over it (dpkg and its maintainer scripts under
  # qemu-user, a minute or two), so a changed product needs no new mmdebstrap; services are not started in the
  # chroot (policy-rc.d, invoke-rc.d(8))
  if [ "$(sha256sum < "$deb" | cut -d' ' -f1)" != "$(cat "$cache/deb.sha256" 2>/dev/null)" ]; then
    stamp "installing $(basename "$deb") over the kept root's"
    cp "$deb" "$rootfs/tmp/streetgate.deb"
    printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d" && chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
    chroot "$rootfs" dpkg -i /tmp/streetgate.deb >> "$log" 2>&1
    rm -f "$rootfs/tmp/streetgate.deb" "$rootfs/usr/sbin/policy-rc.d"
  fi
else
  stamp "mmdebstrap $SUITE arm64 from $MIRROR with $(basename "$deb")"
  mmdebstrap --mode=root --architectures=arm64 --variant=minbase --components=main,non-free-firmware \
    --include=systemd,systemd-sysv,udev,kmod,busybox,initramfs-tools,linux-image-arm64,iproute2,ca-certificates,dosfstools,e2fsprogs \
    --include=systemd-timesyncd,systemd-resolved,fake-hwclock \
    --include=libubootenv-tool \
    --include="$deb" \
    --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount \
    --aptopt='Acquire::Retries "3"' \
    --essential-hook='mkdir -p "$1/etc/initramfs-tools/scripts" "$1/etc/initramfs-tools/hooks"' \
    --essential-hook="install -m 0644 '$here/files/initramfs/streetgate' \"\$1/etc/initramfs-tools/scripts/streetgate\"" \
    --essential-hook="install -m 0755 '$here/files/initramfs/hook' \"\$1/etc/initramfs-tools/hooks/streetgate\"" \
    --essential-hook="mkdir -p \"\$1/etc/initramfs-tools/conf.d\" && install -m 0644 '$here/files/initramfs/conf' \"\$1/etc/initramfs-tools/conf.d/streetgate\"" \
    --customize-hook="cd '$work' && APT_CONFIG=\"\$MMDEBSTRAP_APT_CONFIG\" apt-get download -q raspi-firmware" \
    "$SUITE" "$rootfs" "$MIRROR" >> "$log" 2>&1
  if [ "$root_cache" = keep ]; then
    rm -rf "$cache" && mkdir -p "$cache"
    cp -a "$rootfs" "$cache/rootfs"
    cp "$work"/raspi-firmware_*.deb "$cache/"
    sha256sum < "$deb" | cut -d' ' -f1 > "$cache/deb.sha256"
    date -u +%Y-%m-%dT%H:%MZ > "$cache/complete"
  fi
fi
stamp "root file system done: $(du -sh "$rootfs" | cut -f1)"

# ---- what the .deb installed, checked in the root: the package, its user in its device groups, its unit enabled
chroot "$rootfs" dpkg-query -W -f='${Status} ${Version}\n' streetgate | grep -q "^install ok installed" \
  || { echo "build-image.sh: streetgate is not installed in the root" >&2; exit 1; }
version=$(chroot "$rootfs" dpkg-query -W -f='${Version}' streetgate)
for g in gpio i2c dialout; do
  chroot "$rootfs" id -nG streetgate | tr ' ' '\n' | grep -qx "$g" \
    || { echo "build-image.sh: the streetgate user is not in group $g after the .deb's postinst" >&2; exit 1; }
done
[ -L "$rootfs/etc/systemd/system/multi-user.target.wants/streetgate.service" ] \
  || { echo "build-image.sh: the .deb's postinst did not enable streetgate.service" >&2; exit 1; }
stamp "streetgate $version installed from the .deb; user in $(chroot "$rootfs" id -nG streetgate)"
[ -x "$rootfs/usr/bin/fw_setenv" ] || { echo "build-image.sh: the root has no fw_setenv (libubootenv-tool), which the OTA agent's u-boot backend runs; a root kept before it was added: build again with --keep-root" >&2; exit 1; }

# ---- what the image adds for its own layout: the mounts, the unit's drop-in, network, saved clock
mkdir -p "$rootfs/boot/firmware-ab"
install -m 0644 "$here/files/fstab" "$rootfs/etc/fstab"
# fw_printenv/fw_setenv (libubootenv-tool) on the slot counters that boot.scr keeps in uboot.env, for the OTA agent
install -m 0644 "$here/files/fw_env.config" "$rootfs/etc/fw_env.config"
install -D -m 0644 "$here/files/streetgate-node-image.conf" "$rootfs/etc/systemd/system/streetgate.service.d/node-image.conf"
install -D -m 0644 "$here/files/wired.network" "$rootfs/etc/systemd/network/20-wired.network"
install -D -m 0644 "$here/files/wait-online.conf" "$rootfs/etc/systemd/system/systemd-networkd-wait-online.service.d/node-image.conf"
install -m 0644 "$here/files/fake-hwclock.default" "$rootfs/etc/default/fake-hwclock"
install -D -m 0644 "$here/files/fake-hwclock.conf" "$rootfs/etc/systemd/system/fake-hwclock.service.d/node-image.conf"
chroot "$rootfs" systemctl enable systemd-networkd.service systemd-resolved.service systemd-timesyncd.service fake-hwclock.service >> "$log" 2>&1
chroot "$rootfs" systemctl mask apt-daily.timer apt-daily-upgrade.timer >> "$log" 2>&1 || true
echo streetgate > "$rootfs/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tstreetgate\n' > "$rootfs/etc/hosts"
echo "$version" > "$rootfs/etc/streetgate-version"
: > "$rootfs/etc/machine-id" # made at first boot
# The root is a RAM overlay, so every boot starts from the image as built and is a first boot to systemd: the
# machine-id is empty and nothing records that /etc is up to date. So, on every boot:
# - systemd-sysusers.service runs (ConditionNeedsUpdate=|/etc), and systemd-udevd.service is ordered after it:
#   udev, and with it the partitions' labels that fstab mounts wait for, start only once it is done. Its work was
#   done by the packages' maintainer scripts in this build (sysusers --dry-run on this root creates nothing); under
#   full emulation on a loaded host udev started late behind it, and systemd's 90 s for the labels ran out.
#   /etc/.updated and /var/.updated, as systemd-update-done.service writes them and dated like /usr
#   (SOURCE_DATE_EPOCH, below), say the root is up to date (systemd.unit(5), ConditionNeedsUpdate=).
# - systemd-firstboot.service runs (ConditionFirstBoot=yes, ordered before sysusers): it has nothing to ask of
#   this root (tzdata's /etc/localtime, the one locale C.utf8, root in /etc/shadow), but were one of them missing
#   it would prompt on the serial console, where nobody answers on a pole, and a oneshot has no start timeout
#   (systemd.service(5) TimeoutStartSec=): the boot would wait for ever. A node has no first-boot questions.
chroot "$rootfs" systemctl mask systemd-firstboot.service >> "$log" 2>&1
for d in etc var; do
  printf '# This file was created by the streetgate image build (as systemd-update-done does). Its only\n# purpose is to hold the time this directory was updated. See man:systemd-update-done.service(8).\nTIMESTAMP_NSEC=%s000000000\n' \
    "$SOURCE_DATE_EPOCH" > "$rootfs/$d/.updated"
done
# the initramfs boot script and hook were put in place before the kernel was installed (--essential-hook), so
# the kernel's own postinst built the initramfs with them: one mkinitramfs under qemu-user, not two
grep -q "streetgate" "$rootfs/etc/initramfs-tools/scripts/streetgate" || { echo "initramfs script missing" >&2; exit 1; }
kver=$(ls "$rootfs/lib/modules" | head -1)
# the .deb's files under /etc/streetgate are hidden by the config partition mounted there: its logback.xml goes
# onto that partition (the site file is the one `streetgate flash` writes)
cp "$rootfs/etc/streetgate/logback.xml" "$work/logback.xml"

# boot files out of the root, then the root itself as squashfs
boot="$work/slot"
mkdir -p "$boot"
cp "$rootfs/boot/vmlinuz-$kver" "$boot/vmlinuz"
cp "$rootfs/boot/initrd.img-$kver" "$boot/initrd.img"
# The PWM that config.txt's dtoverlay=pwm-2chan asks for, set in the kernel's own Pi 4 trees: those are the
# mainline trees, to which the firmware applies no overlay (docs/node-image.md, "The board"), and their PWM0
# (pwm@7e20c000) is disabled with no pins. Enabled here on GPIO 18 and 19 with the tree's own ALT5 pin groups,
# which get phandles so that pinctrl-0 can name them (fdtput, fdtget, fdtdump: device-tree-compiler)
enable_pwm() { # dtb
  gpio=/soc/gpio@7e200000
  pwm=/soc/pwm@7e20c000
  fdtget "$1" "$pwm" compatible > /dev/null || { echo "build-image.sh: $1 has no $pwm" >&2; exit 1; }
  last=$(fdtdump "$1" 2>/dev/null | sed -n 's/.*phandle = <\(0x[0-9a-f]*\)>;.*/\1/p' | while read -r h; do echo $((h)); done | sort -n | tail -1)
  cells=""
  for group in pwm0_0_gpio18 pwm0_1_gpio19; do
    fdtget "$1" "$gpio/$group/pin-pwm" pins > /dev/null || { echo "build-image.sh: $1 has no pin group $gpio/$group" >&2; exit 1; }
    if ! h=$(fdtget -t x "$1" "$gpio/$group" phandle 2>/dev/null); then
      last=$((last + 1))
      h=$(printf %x "$last")
      fdtput -t x "$1" "$gpio/$group" phandle "$h"
    fi
    cells="$cells $h"
  done
  fdtput -t s "$1" "$pwm" pinctrl-names default
  # shellcheck disable=SC2086 # one cell per pin group
  fdtput -t x "$1" "$pwm" pinctrl-0 $cells
  fdtput -t s "$1" "$pwm" status okay
}
for dtb in bcm2711-rpi-4-b bcm2711-rpi-400 bcm2711-rpi-cm4; do
  f=$(find "$rootfs/usr/lib/linux-image-$kver" -name "$dtb.dtb" | head -1)
  [ -n "$f" ] || continue
  cp "$f" "$boot/"
  enable_pwm "$boot/$dtb.dtb"
done
stamp "device trees: $(cd "$boot" && ls ./*.dtb | tr '\n' ' ')with PWM0 on GPIO 18 and 19"
mkdir -p "$work/raspi"
dpkg-deb -x "$work"/raspi-firmware_*.deb "$work/raspi"
for f in start4.elf fixup4.dat; do
  src=$(find "$work/raspi" -name "$f" | head -1)
  [ -n "$src" ] && cp "$src" "$boot/"
done
# config.txt's dtoverlay=pwm-2chan is applied by the firmware from overlays/ of the slot, when the package has it
ovl=$(find "$work/raspi" -name pwm-2chan.dtbo | head -1)
if [ -n "$ovl" ]; then mkdir -p "$boot/overlays" && cp "$ovl" "$boot/overlays/"; fi
stamp "Pi firmware: $(cd "$boot" && ls start4.elf fixup4.dat overlays/pwm-2chan.dtbo 2>/dev/null | tr '\n' ' ')"
cp "$here/files/config.txt" "$here/files/cmdline.txt" "$boot/"
echo "$version" > "$boot/streetgate-version"
rm -rf "$rootfs/var/cache/apt/"* "$rootfs/var/lib/apt/lists/"* "$rootfs/var/log/"* "$rootfs/boot/"*
find "$rootfs" -xdev -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} + 2>/dev/null || true
# /usr and the .updated files now share one time: ConditionNeedsUpdate= is false (above)
[ "$(stat -c %Y "$rootfs/usr")" = "$(stat -c %Y "$rootfs/etc/.updated")" ] \
  || { echo "build-image.sh: /usr and /etc/.updated differ in time; the update units would run at every boot" >&2; exit 1; }
stamp "mksquashfs"
# mksquashfs takes its file system and file times from SOURCE_DATE_EPOCH (and refuses -mkfs-time with it)
mksquashfs "$rootfs" "$boot/rootfs.squashfs" -comp "$SQUASHFS_COMP" -noappend -no-progress -processors 2 >> "$log" 2>&1
find "$boot" -exec touch -d "@$SOURCE_DATE_EPOCH" {} +
stamp "rootfs.squashfs: $(du -h "$boot/rootfs.squashfs" | cut -f1)"

# ---- the image
MiB=1048576
img="$out/node.img"
rm -f "$img"
# the data partition holds an A/B update's download (the OTA agent stages the whole slot image, 640 MiB, in
# the state folder before it writes the slot, and keeps 64 MiB free besides) next to the store: 1 GiB
data_mib=1024
truncate -s $((1 + 16 + 640 + 640 + 1 + 32 + 1 + data_mib))M "$img"
sfdisk -q "$img" <<EOF
label: dos
label-id: 0x53474e31
start=1MiB, size=16MiB, type=e, bootable
start=17MiB, size=640MiB, type=c
start=657MiB, size=640MiB, type=c
start=1297MiB, size=$((34 + data_mib))MiB, type=5
start=1298MiB, size=32MiB, type=e
start=1331MiB, size=${data_mib}MiB, type=83
EOF
fat() { # start MiB, size MiB, bits, label, volume id
  mkfs.fat -F "$3" -n "$4" -i "$5" --invariant --offset=$(($1 * 2048)) "$img" $(($2 * 1024)) >> "$log" 2>&1
}
fat 1 16 16 SGBOOT 53470001
fat 17 640 32 SGSLOT 53470002
# slot B empty but labelled as a slot: the .deb's udev rules give the partitions labelled SGSLOT to the service,
# which writes an update's slot image there (the image it writes carries the same label)
fat 657 640 32 SGSLOT 53470003
fat 1298 32 16 SGCONFIG 53470005
export MTOOLS_SKIP_CHECK=1
cp "$here/files/autoboot.txt" "$work/autoboot.txt"
touch -d "@$SOURCE_DATE_EPOCH" "$work/autoboot.txt"
mcopy -m -i "$img@@$((1 * MiB))" "$work/autoboot.txt" ::/autoboot.txt
# the emulated node's slot choice under U-Boot (files/boot.cmd), where U-Boot's distro boot looks for it; mkimage
# dates it from SOURCE_DATE_EPOCH
mkimage -A arm64 -O linux -T script -C none -n "streetgate slot choice" -d "$here/files/boot.cmd" "$work/boot.scr" >> "$log"
touch -d "@$SOURCE_DATE_EPOCH" "$work/boot.scr"
mcopy -m -i "$img@@$((1 * MiB))" "$work/boot.scr" ::/boot.scr
for f in "$boot"/*; do
  mcopy -s -m -i "$img@@$((17 * MiB))" "$f" ::/
done
cat > "$work/README.txt" <<'EOF'
streetgate config partition (mounted at /etc/streetgate on the node).
`streetgate flash` writes here: node-id, site.yaml, flash.json (the identity is made on the node by streetgate provision).
You may edit site.yaml on a laptop; check it with `streetgate config validate site.yaml`.
EOF
touch -d "@$SOURCE_DATE_EPOCH" "$work/README.txt"
mcopy -m -i "$img@@$((1298 * MiB))" "$work/README.txt" ::/README.txt
touch -d "@$SOURCE_DATE_EPOCH" "$work/logback.xml"
mcopy -m -i "$img@@$((1298 * MiB))" "$work/logback.xml" ::/logback.xml
# data partition: owned by the streetgate user, with the OTA's record that slot A holds this version
uid=$(chroot "$rootfs" id -u streetgate)
gid=$(chroot "$rootfs" id -g streetgate)
# (ota/slots.json under the state folder, where AbSlotInstaller keeps it; the Debian version's ~ as SemVer's -,
# since the OTA's versions are SemVer's: 0.1.0~snapshot is 0.1.0-snapshot, before 0.1.0 in both orders)
mkdir -p "$work/data/ota"
chmod 0750 "$work/data/ota"
printf '{\n  "A": "%s"\n}\n' "$(echo "$version" | tr '~' '-')" > "$work/data/ota/slots.json"
# the saved clock fake-hwclock starts from (files/fake-hwclock.default): the build's time until the first shutdown
date -u -d "@$SOURCE_DATE_EPOCH" '+%Y-%m-%d %H:%M:%S' > "$work/data/fake-hwclock.data"
chown -R "$uid:$gid" "$work/data"
find "$work/data" -exec touch -d "@$SOURCE_DATE_EPOCH" {} +
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH mke2fs -q -t ext4 -L sgdata -U 5347e000-0000-4000-8000-000000000006 \
  -E root_owner="$uid:$gid",hash_seed=5347e000-0000-4000-8000-000000000006,lazy_itable_init=0 \
  -d "$work/data" "$work/data.ext4" ${data_mib}M >> "$log" 2>&1
dd if="$work/data.ext4" of="$img" bs=1M seek=1331 conv=notrunc,sparse status=none
rm -f "$work/data.ext4"

# slot A alone: what an A/B OTA update ships (ota add --kind image)
dd if="$img" of="$out/slot.img" bs=1M skip=17 count=640 conv=sparse status=none
cp "$boot/vmlinuz" "$boot/initrd.img" "$out/"
bmaptool create -o "$out/node.bmap" "$img" >> "$log" 2>&1
(cd "$out" && sha256sum node.img > node.img.sha256)
mapped=$(sed -n 's/.*<MappedBlocksCount> *\([0-9]*\).*/\1/p' "$out/node.bmap")
stamp "node.img: $(du -h --apparent-size "$img" | cut -f1) image, $((mapped * 4096 / MiB)) MiB mapped, $(du -h "$img" | cut -f1) on disk"
stamp "built in $(( $(date +%s) - t_start )) s; streetgate $version, kernel $kver"
rm -rf "$work"
