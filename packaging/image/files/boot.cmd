# U-Boot boot script of the emulated node (qemu's virt machine booted with Debian's u-boot-qemu, qemu_arm64
# u-boot.bin as -bios): U-Boot's distro boot finds it as /boot.scr on the bootable partition 1 (SGBOOT) and runs
# it. A Raspberry Pi's firmware ignores it and picks the slot by autoboot.txt instead.
# It picks the slot with the environment variables of RAUC's U-Boot backend (RAUC documentation, "U-Boot"):
# BOOT_ORDER names the slots to try in order, BOOT_<slot>_LEFT counts the tries each has left; a slot is tried
# only while it has tries left, and each boot takes one. Slot A is partition 2, slot B partition 3.
# Made into boot.scr by build-image.sh (mkimage -T script).
test -n "${BOOT_ORDER}" || setenv BOOT_ORDER "A B"
test -n "${BOOT_A_LEFT}" || setenv BOOT_A_LEFT 3
test -n "${BOOT_B_LEFT}" || setenv BOOT_B_LEFT 3
setenv sg_part
for slot in ${BOOT_ORDER}; do
	if test -z "${sg_part}" && test "${slot}" = "A" && test ${BOOT_A_LEFT} -gt 0; then
		setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1
		setenv sg_part 2
	fi
	if test -z "${sg_part}" && test "${slot}" = "B" && test ${BOOT_B_LEFT} -gt 0; then
		setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1
		setenv sg_part 3
	fi
done
if test -z "${sg_part}"; then
	# no slot has a try left: start over rather than stop a pole for good
	echo "streetgate: no slot has a try left (order ${BOOT_ORDER}); resetting the counters"
	setenv BOOT_A_LEFT 3
	setenv BOOT_B_LEFT 3
	saveenv
	reset
fi
saveenv
echo "streetgate: booting partition ${sg_part} (order ${BOOT_ORDER}, tries left: A ${BOOT_A_LEFT}, B ${BOOT_B_LEFT})"
load ${devtype} ${devnum}:${sg_part} ${kernel_addr_r} vmlinuz
load ${devtype} ${devnum}:${sg_part} ${ramdisk_addr_r} initrd.img
# the disk and console of qemu's virt machine; the slot for the initramfs script and the OTA agent; systemd's
# start timeout stretched for full emulation (smoke-test.sh says why)
setenv bootargs "console=ttyAMA0 boot=streetgate streetgate.disk=/dev/vda streetgate.slot=${sg_part} panic=-1 systemd.show_status=1 systemd.default_timeout_start_sec=900"
booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdtcontroladdr}
