package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactVersion;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installer a node's settings choose (the site file's {@code ota:} section, docs/ota.md "Backends"): the gateway's
 * own bundle sets, or an image written to the inactive one of two slots, on a folder ({@code slot-directory}, for
 * tests and development), a Raspberry Pi's tryboot partitions ({@code pi-tryboot}), partitions a U-Boot boot script
 * chooses by RAUC's boot-counting variables ({@code u-boot}, the emulated node) or RAUC ({@code rauc}).
 */
public final class InstallBackends {
    public static final List<String> NAMES = List.of("bundle-set", "slot-directory", "pi-tryboot", "u-boot", "rauc");
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");

    private InstallBackends() {
    }

    /**
     * @param backend        one of {@link #NAMES}
     * @param stateRoot      the gateway's state folder: bundle sets and the slots' versions are kept under it
     * @param slots          slot-directory: the folder of the two slots
     * @param autoboot       pi-tryboot: autoboot.txt
     * @param slotA          pi-tryboot, u-boot: slot A's partition device (its number is its boot_partition, or
     *                       the streetgate.slot the boot script passes)
     * @param slotB          pi-tryboot, u-boot: slot B's partition device
     * @param raucConf       rauc: its system.conf
     * @param raucSlotClass  rauc: the slot class images go to
     * @param factoryVersion image backends: the version of the booted slot when nothing recorded one yet
     */
    public record Settings(String backend, Path stateRoot, Path slots, Path autoboot, Path slotA, Path slotB,
                           Path raucConf, String raucSlotClass, String factoryVersion) {
    }

    /** The installer of {@code s}; an image backend records the factory version of a slot it meets first. */
    public static Installer create(Settings s, Rebooter rebooter, CommandRunner runner) throws InstallException {
        Path slotState = s.stateRoot().resolve("ota");
        ArtifactVersion factory = ArtifactVersion.parse(s.factoryVersion());
        switch (s.backend()) {
            case "bundle-set" -> {
                return new BundleSetInstaller(s.stateRoot().resolve("bundle-sets"));
            }
            case "slot-directory" -> {
                AbSlotInstaller slots = new AbSlotInstaller(new DirectoryBootControl(s.slots()), slotState);
                slots.adoptFactoryVersion(factory);
                return slots;
            }
            case "pi-tryboot" -> {
                BootControl boot = new PiTrybootBootControl(s.autoboot(),
                        Map.of(Slot.A, partition(s.slotA()), Slot.B, partition(s.slotB())),
                        Map.of(Slot.A, s.slotA(), Slot.B, s.slotB()), rebooter, null);
                AbSlotInstaller slots = new AbSlotInstaller(boot, slotState);
                slots.adoptFactoryVersion(factory);
                return slots;
            }
            case "u-boot" -> {
                UBootBootControl boot = new UBootBootControl(runner, UBootBootControl.FW_ENV_CONFIG,
                        Map.of(Slot.A, partition(s.slotA()), Slot.B, partition(s.slotB())),
                        Map.of(Slot.A, s.slotA(), Slot.B, s.slotB()), rebooter, null);
                boot.confirmBooted();
                AbSlotInstaller slots = new AbSlotInstaller(boot, slotState);
                slots.adoptFactoryVersion(factory);
                return slots;
            }
            case "rauc" -> {
                RaucInstaller rauc = new RaucInstaller(runner, s.raucConf(), s.raucSlotClass(), rebooter, slotState);
                rauc.adoptFactoryVersion(factory);
                return rauc;
            }
            default -> throw new InstallException("OTA backend '" + s.backend() + "' is not known; valid: "
                    + String.join(", ", NAMES));
        }
    }

    /** A partition's number from its device name: /dev/mmcblk0p2 is 2, /dev/sda3 is 3. */
    static int partition(Path device) throws InstallException {
        Matcher m = TRAILING_NUMBER.matcher(device.getFileName().toString());
        if (!m.find()) {
            throw new InstallException(device + " is not a partition's device (no partition number at its end); "
                    + "name it as /dev/mmcblk0p2");
        }
        return Integer.parseInt(m.group(1));
    }
}
