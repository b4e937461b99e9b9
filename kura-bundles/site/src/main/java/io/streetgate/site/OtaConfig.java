package io.streetgate.site;

import java.time.Duration;

/**
 * Signed updates for this node ({@code ota:} in the site file; docs/ota.md).
 *
 * @param repository    base URL of the TUF repository (HTTPS; HTTP only with {@code plainHttp})
 * @param trustedRoot   the trusted root metadata provisioned with the node
 * @param caFile        PEM CA file the repository's HTTPS certificate must chain to; empty for the JVM's CAs
 * @param plainHttp     whether an {@code http://} repository was accepted explicitly
 * @param backend       how updates are installed: bundle-set, slot-directory, pi-tryboot, u-boot or rauc
 * @param hardware      what this node is, matched against an artifact's hardware compatibility
 * @param pollInterval  how often the timestamp role is polled
 * @param installOnPoll whether a poll installs what it finds, or only campaign notices do
 * @param healthTimeout how long a new version has to become healthy before it is rolled back
 * @param bandwidthCap  download cap in bytes per second; 0 for none
 * @param rebootCommand run after a reboot is requested, where no root unit watches the request; empty for none
 * @param imageSlots    the image backends' settings
 */
public record OtaConfig(String repository, String trustedRoot, String caFile, boolean plainHttp, String backend,
                        String hardware, Duration pollInterval, boolean installOnPoll, Duration healthTimeout,
                        long bandwidthCap, String rebootCommand, ImageSlots imageSlots) {

    /**
     * Where the image backends find their slots.
     *
     * @param slots          slot-directory: the folder of the two slots (tests, development)
     * @param autoboot       pi-tryboot: autoboot.txt on the first FAT partition
     * @param slotDevices    pi-tryboot, u-boot: slot A's and slot B's partition devices; a number is a boot_partition
     * @param raucConf       rauc: RAUC's system.conf
     * @param raucSlotClass  rauc: the slot class images are written to
     * @param factoryVersion image backends: the version of the image the node was flashed with
     */
    public record ImageSlots(String slots, String autoboot, java.util.List<String> slotDevices, String raucConf,
                             String raucSlotClass, String factoryVersion) {
        public ImageSlots {
            slotDevices = java.util.List.copyOf(slotDevices);
        }

        /** Raspberry Pi OS mounts the first FAT partition on /boot/firmware; RAUC reads /etc/rauc/system.conf. */
        public static final ImageSlots DEFAULTS = new ImageSlots("", "/boot/firmware/autoboot.txt",
                java.util.List.of("/dev/mmcblk0p2", "/dev/mmcblk0p3"), "/etc/rauc/system.conf", "rootfs", "0.0.0");
    }
}
