package io.streetgate.site;

import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;

import java.time.Duration;
import java.util.List;

/**
 * The one definition of the {@code ota:} section's settings: each key with its type, default, unit, valid values
 * and doc. {@link OtaSection} reads the keys through it, and docs/ota.md's table is held equal to it by
 * {@code SiteSettingsDocTest}.
 */
public final class OtaSettings {

    private static final String ABSOLUTE = "an absolute path";
    private static final OtaConfig.ImageSlots SLOTS = OtaConfig.ImageSlots.DEFAULTS;

    static final OptionSpec REPOSITORY = OptionSpec.text("repository", "the TUF repository's base URL: what ota "
            + "publish wrote (metadata/ and targets/)", null);
    static final OptionSpec TRUSTED_ROOT = OptionSpec.text("trusted-root", "the repository's root metadata "
            + "provisioned with the node (site/metadata/1.root.json)", null);
    static final OptionSpec CA_FILE = OptionSpec.text("ca-file", "PEM CA(s) the repository's HTTPS certificate "
            + "must chain to; the JVM's trusted CAs when left out", "");
    static final OptionSpec PLAIN_HTTP = OptionSpec.bool("plain-http", "allow an http:// repository: anyone on the "
            + "path sees what the node fetches and can hold back updates", false);
    static final OptionSpec BACKEND = OptionSpec.choice("backend", "what an update replaces (Backends, below)",
            "bundle-set", OtaSection.BACKENDS.toArray(String[]::new));
    static final OptionSpec HARDWARE = OptionSpec.text("hardware", "what this node is, matched against the "
            + "--hardware of an artifact", "generic");
    static final OptionSpec POLL_INTERVAL = OptionSpec.duration("poll-interval", "how often timestamp.json is "
            + "checked", Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofHours(1));
    static final OptionSpec INSTALL_ON_POLL = OptionSpec.bool("install-on-poll", "true: install what a poll finds; "
            + "false: only campaign notices install", false);
    static final OptionSpec HEALTH_TIMEOUT = OptionSpec.duration("health-timeout", "how long a new version has to "
            + "become healthy before it is rolled back", Duration.ofSeconds(5), Duration.ofHours(1),
            Duration.ofMinutes(5));
    static final OptionSpec BANDWIDTH_CAP = OptionSpec.integer("bandwidth-cap", "the download's cap on a metered "
            + "link; 0 for none", 0, Integer.MAX_VALUE, 0L);
    static final OptionSpec REBOOT_COMMAND = OptionSpec.text("reboot-command", "run after a reboot is requested, "
            + "where no root unit watches the request; none when left out", "");
    static final OptionSpec SLOTS_FOLDER = OptionSpec.text("slots", "slot-directory: the folder of the two slots "
            + "(tests and development); required with that backend", SLOTS.slots());
    static final OptionSpec AUTOBOOT = OptionSpec.text("autoboot", "pi-tryboot: autoboot.txt on the first FAT "
            + "partition", SLOTS.autoboot());
    static final OptionSpec SLOT_DEVICES = OptionSpec.text("slot-devices", "pi-tryboot, u-boot: slot A's and slot "
            + "B's partitions; a partition's number is its boot_partition (pi-tryboot) or streetgate.slot (u-boot)",
            "[" + String.join(", ", SLOTS.slotDevices()) + "]");
    static final OptionSpec RAUC_CONF = OptionSpec.text("rauc-conf", "rauc: RAUC's system.conf", SLOTS.raucConf());
    static final OptionSpec RAUC_SLOT_CLASS = OptionSpec.text("rauc-slot-class", "rauc: the slot class images are "
            + "written to", SLOTS.raucSlotClass());
    static final OptionSpec FACTORY_VERSION = OptionSpec.text("factory-version", "image backends: the version of "
            + "the image the node was flashed with", SLOTS.factoryVersion());

    private OtaSettings() {
    }

    /** Every key of the section, in the order of docs/ota.md's table. */
    public static List<Setting> all() {
        return List.of(
                new Setting("repository", REPOSITORY, "", "https:// URL; http:// only with plain-http: true"),
                new Setting("trusted-root", TRUSTED_ROOT, "", "a path"),
                new Setting("ca-file", CA_FILE, "", ABSOLUTE),
                plain("plain-http", PLAIN_HTTP, ""),
                plain("backend", BACKEND, ""),
                plain("hardware", HARDWARE, ""),
                plain("poll-interval", POLL_INTERVAL, ""),
                plain("install-on-poll", INSTALL_ON_POLL, ""),
                plain("health-timeout", HEALTH_TIMEOUT, ""),
                plain("bandwidth-cap", BANDWIDTH_CAP, "bytes/s"),
                plain("reboot-command", REBOOT_COMMAND, ""),
                new Setting("slots", SLOTS_FOLDER, "", ABSOLUTE),
                new Setting("autoboot", AUTOBOOT, "", ABSOLUTE),
                new Setting("slot-devices", SLOT_DEVICES, "", "two different partitions' block devices, "
                        + "e.g. /dev/mmcblk0p2", "list"),
                new Setting("rauc-conf", RAUC_CONF, "", ABSOLUTE),
                plain("rauc-slot-class", RAUC_SLOT_CLASS, ""),
                new Setting("factory-version", FACTORY_VERSION, "", "a version as the targets write it, e.g. 1.4.0"));
    }

    private static Setting plain(String key, OptionSpec spec, String unit) {
        return new Setting(key, spec, unit, "");
    }
}
