# U-Boot boot script of the emulated node (qemu's virt machine booted with Debian's u-boot-qemu, qemu_arm64
# u-boot.bin as -bios): U-Boot's distro boot finds it as /boot.scr on the bootable partition 1 (SGBOOT) and runs
# it. A Raspberry Pi's firmware ignores it and picks the slot by autoboot.txt instead.
# It picks the slot with the environment variables of RAUC's U-Boot backend (RAUC documentation, "Integration",
# "U-Boot"): BOOT_ORDER names the slots to try in order, BOOT_<slot>_LEFT counts the tries each has left; a slot
# is tried only while it has tries left, and each try takes one, saved before the slot's files are loaded, so a
# boot that dies later has spent its try too. A slot whose kernel or initramfs does not load, or whose kernel
# booti refuses, has spent its try as well and the next slot in BOOT_ORDER is tried in the same boot. When no
# slot has a try left, all get their tries back and the board resets (as RAUC's example does) rather than stop
# a pole for good. Slot A is partition 2, slot B partition 3.
# The variables live in uboot.env on partition 1, U-Boot's checksummed binary environment (env export -c: CRC-32
# then the variables), 0x4000 bytes: the size files/fw_env.config gives fw_printenv and fw_setenv on the node,
# which is how ota's UBootBootControl reads and writes the same variables. Not U-Boot's own saveenv:
# qemu_arm64's environment is in the second flash bank, and U-Boot 2023.01 cannot write qemu 7.2's flash there
# ("Flash buffer write timeout at address 4000000", checksum left wrong), so nothing would survive a reboot.
# Made into boot.scr by build-image.sh (mkimage -T script).
setenv sg_env uboot.env
if load ${devtype} ${devnum}:1 ${pxefile_addr_r} ${sg_env}; then
	env import -c ${pxefile_addr_r} 0x4000 BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT || echo "streetgate: ${sg_env} is damaged; default counters"
fi
test -n "${BOOT_ORDER}" || setenv BOOT_ORDER "A B"
test -n "${BOOT_A_LEFT}" || setenv BOOT_A_LEFT 3
test -n "${BOOT_B_LEFT}" || setenv BOOT_B_LEFT 3
setenv sg_save "env export -c -s 0x4000 ${pxefile_addr_r} BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT && fatwrite ${devtype} ${devnum}:1 ${pxefile_addr_r} ${sg_env} 0x4000"
setenv sg_tried
for slot in ${BOOT_ORDER}; do
	setenv sg_part
	if test "${slot}" = "A" && test ${BOOT_A_LEFT} -gt 0; then
		setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1
		setenv sg_part 2
	fi
	if test "${slot}" = "B" && test ${BOOT_B_LEFT} -gt 0; then
		setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1
		setenv sg_part 3
	fi
	if test -n "${sg_part}"; then
		setenv sg_tried yes
		run sg_save
		echo "streetgate: booting slot ${slot}, partition ${sg_part} (order ${BOOT_ORDER}, tries left: A ${BOOT_A_LEFT}, B ${BOOT_B_LEFT})"
		if load ${devtype} ${devnum}:${sg_part} ${kernel_addr_r} vmlinuz && load ${devtype} ${devnum}:${sg_part} ${ramdisk_addr_r} initrd.img; then
			# the disk and console of qemu's virt machine; the slot for the initramfs script and the OTA agent;
			# systemd's start timeout stretched for full emulation (smoke-test.sh says why)
			setenv bootargs "console=ttyAMA0 boot=streetgate streetgate.disk=/dev/vda streetgate.slot=${sg_part} panic=-1 systemd.show_status=1 systemd.default_timeout_start_sec=900"
			booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdtcontroladdr}
		fi
		echo "streetgate: slot ${slot} (partition ${sg_part}) did not boot; its try is spent"
	fi
done
if test -z "${sg_tried}"; then
	echo "streetgate: no slot has a try left (order ${BOOT_ORDER}); giving every slot its tries back"
	setenv BOOT_A_LEFT 3
	setenv BOOT_B_LEFT 3
	run sg_save
fi
reset
