package io.streetgate.site;

import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;
import io.streetgate.site.SiteSettings.Table;

import java.time.Duration;
import java.util.List;

/**
 * The one definition of the {@code ota:} section's settings: each key with its type, default, unit, valid values
 * and doc. {@link OtaSection} reads the keys through it, and docs/ota.md's table is held equal to it by
 * {@code SiteSettingsDocTest}.
 */
public final class OtaSettings {

    private static final Table OTA = new Table("");
    private static final OtaConfig.ImageSlots SLOTS = OtaConfig.ImageSlots.DEFAULTS;

    static final OptionSpec REPOSITORY = OTA.add(Setting.text("repository", "the TUF repository's base URL: what "
            + "ota publish wrote (metadata/ and targets/)", null).where("https:// URL; http:// only with "
            + "plain-http: true"));
    static final OptionSpec TRUSTED_ROOT = OTA.add(Setting.text("trusted-root", "the repository's root metadata "
            + "provisioned with the node (site/metadata/1.root.json)", null).where("a path"));
    static final OptionSpec CA_FILE = OTA.add(Setting.path("ca-file", "PEM CA(s) the repository's HTTPS "
            + "certificate must chain to; the JVM's trusted CAs when left out", ""));
    static final OptionSpec PLAIN_HTTP = OTA.add(Setting.bool("plain-http", "allow an http:// repository: anyone "
            + "on the path sees what the node fetches and can hold back updates", false));
    static final OptionSpec BACKEND = OTA.add(Setting.choice("backend", "what an update replaces (Backends, below)",
            "bundle-set", OtaSection.BACKENDS.toArray(String[]::new)));
    static final OptionSpec HARDWARE = OTA.add(Setting.text("hardware", "what this node is, matched against the "
            + "--hardware of an artifact", "generic"));
    static final OptionSpec POLL_INTERVAL = OTA.add(Setting.duration("poll-interval", "how often timestamp.json "
            + "is checked", Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofHours(1)));
    static final OptionSpec INSTALL_ON_POLL = OTA.add(Setting.bool("install-on-poll", "true: install what a poll "
            + "finds; false: only campaign notices install", false));
    static final OptionSpec HEALTH_TIMEOUT = OTA.add(Setting.duration("health-timeout", "how long a new version "
            + "has to become healthy before it is rolled back", Duration.ofSeconds(5), Duration.ofHours(1),
            Duration.ofMinutes(5)));
    static final OptionSpec BANDWIDTH_CAP = OTA.add(Setting.integer("bandwidth-cap", "the download's cap on a "
            + "metered link; 0 for none", 0, Integer.MAX_VALUE, 0L).in("bytes/s"));
    static final OptionSpec REBOOT_COMMAND = OTA.add(Setting.text("reboot-command", "run after a reboot is "
            + "requested, where no root unit watches the request; none when left out", ""));
    static final OptionSpec SLOTS_FOLDER = OTA.add(Setting.path("slots", "slot-directory: the folder of the two "
            + "slots (tests and development); required with that backend", SLOTS.slots()));
    static final OptionSpec AUTOBOOT = OTA.add(Setting.path("autoboot", "pi-tryboot: autoboot.txt on the first "
            + "FAT partition", SLOTS.autoboot()));
    static final OptionSpec SLOT_DEVICES = OTA.add(Setting.text("slot-devices", "pi-tryboot, u-boot: slot A's and "
            + "slot B's partitions; a partition's number is its boot_partition (pi-tryboot) or streetgate.slot "
            + "(u-boot)", "[" + String.join(", ", SLOTS.slotDevices()) + "]")
            .where("two different partitions' block devices, e.g. /dev/mmcblk0p2").as("list"));
    static final OptionSpec RAUC_CONF = OTA.add(Setting.path("rauc-conf", "rauc: RAUC's system.conf",
            SLOTS.raucConf()));
    static final OptionSpec RAUC_SLOT_CLASS = OTA.add(Setting.text("rauc-slot-class", "rauc: the slot class "
            + "images are written to", SLOTS.raucSlotClass()));
    static final OptionSpec FACTORY_VERSION = OTA.add(Setting.text("factory-version", "image backends: the "
            + "version of the image the node was flashed with", SLOTS.factoryVersion())
            .where("a version as the targets write it, e.g. 1.4.0"));

    private OtaSettings() {
    }

    /** Every key of the section, in the order of docs/ota.md's table. */
    public static List<Setting> all() {
        return OTA.rows();
    }
}
