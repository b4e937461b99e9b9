package io.streetgate.site;

import io.streetgate.driver.OptionSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code ota:} section; without it the node does not look for updates. */
final class OtaSection {

    /** The install backends (docs/ota.md, "Backends"); the agent builds each from the keys below. */
    static final List<String> BACKENDS = List.of("bundle-set", "slot-directory", "pi-tryboot", "u-boot", "rauc");

    /** Keys that only some backends read, and those: set for another one they would be silently ignored. */
    private static final Map<String, List<String>> BACKEND_KEYS = Map.of("slots", List.of("slot-directory"),
            "autoboot", List.of("pi-tryboot"), "slot-devices", List.of("pi-tryboot", "u-boot"),
            "rauc-conf", List.of("rauc"), "rauc-slot-class", List.of("rauc"));

    /** A Linux block device of a partition: the partition number is its trailing digits (mmcblk0p2, sda3). */
    private static final Pattern PARTITION = Pattern.compile("/dev/\\S*?\\d+");

    private OtaSection() {
    }

    static Optional<OtaConfig> read(YamlSection s) {
        if (s.node() == null) {
            return Optional.empty();
        }
        boolean plainHttp = s.bool(OtaSettings.PLAIN_HTTP).orElse(false);
        Optional<String> repository = s.requiredScalar(OtaSettings.REPOSITORY.name(),
                "the repository's base URL, e.g. https://updates.example.org/streetgate/");
        repository.ifPresent(r -> {
            try {
                URI uri = new URI(r.trim());
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    s.problem("repository", r, "is not an http(s) URL");
                } else if ("http".equals(uri.getScheme()) && !plainHttp) {
                    s.problem("repository", r, "is plain HTTP: anyone on the path sees what the node fetches and can "
                            + "hold back updates (the signatures still stop forged ones). Use https://" + uri.getHost()
                            + "/..., or add plain-http: true to accept that");
                }
            } catch (URISyntaxException e) {
                s.problem("repository", r, "is not a URL: " + e.getReason());
            }
        });
        Optional<String> root = s.requiredScalar(OtaSettings.TRUSTED_ROOT.name(),
                "the path of the repository's root metadata provisioned with the node, e.g. /etc/streetgate/ota-root.json");
        String caFile = UplinkSection.file(s, OtaSettings.CA_FILE.name());
        OptionSpec backends = OtaSettings.BACKEND;
        String backend = s.option(backends.name(), backends).orElse(backends.defaultValue());
        String hardware = s.text(OtaSettings.HARDWARE);
        Duration poll = s.duration(OtaSettings.POLL_INTERVAL).orElse(Duration.ofHours(1));
        boolean installOnPoll = s.bool(OtaSettings.INSTALL_ON_POLL).orElse(false);
        Duration health = s.duration(OtaSettings.HEALTH_TIMEOUT).orElse(Duration.ofMinutes(5));
        long cap = s.integer(OtaSettings.BANDWIDTH_CAP).orElse(0);
        String reboot = s.text(OtaSettings.REBOOT_COMMAND);
        OtaConfig.ImageSlots slots = imageSlots(s, backend);
        s.rejectUnknownKeys(List.of("repository", "trusted-root", "ca-file", "plain-http", "backend", "hardware",
                "poll-interval", "install-on-poll", "health-timeout", "bandwidth-cap", "reboot-command", "slots",
                "autoboot", "slot-devices", "rauc-conf", "rauc-slot-class", "factory-version"));
        if (!s.clean() || repository.isEmpty() || root.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OtaConfig(repository.get().trim(), root.get().trim(), caFile, plainHttp, backend,
                hardware, poll, installOnPoll, health, cap, reboot, slots));
    }

    /** The image backends' keys: each read only by its backend, each file an absolute path. */
    private static OtaConfig.ImageSlots imageSlots(YamlSection s, String backend) {
        BACKEND_KEYS.forEach((key, owners) -> {
            if (s.has(key) && !owners.contains(backend)) {
                String owner = String.join(" or ", owners);
                s.problem(key, null, "is read only with backend: " + owner + " (this node's "
                        + "backend is " + backend + "); remove it, or set backend: " + owner);
            }
        });
        OtaConfig.ImageSlots d = OtaConfig.ImageSlots.DEFAULTS;
        String slots = UplinkSection.file(s, OtaSettings.SLOTS_FOLDER.name());
        if (backend.equals("slot-directory") && slots.isEmpty() && s.clean()) {
            s.problem("slots", null, "is missing: backend slot-directory keeps its two slots in a folder; add "
                    + "slots: /var/lib/streetgate/slots");
        }
        String autoboot = UplinkSection.file(s, OtaSettings.AUTOBOOT.name());
        List<String> devices = slotDevices(s, d.slotDevices());
        String raucConf = UplinkSection.file(s, OtaSettings.RAUC_CONF.name());
        String factory = s.scalar(OtaSettings.FACTORY_VERSION.name()).map(String::trim)
                .orElse(OtaSettings.FACTORY_VERSION.defaultValue());
        if (!factory.matches("\\d+(\\.\\d+)*(-[0-9A-Za-z.-]+)?")) {
            s.problem("factory-version", factory, "is not a version; write it as the targets do, e.g. 1.4.0");
        }
        return new OtaConfig.ImageSlots(slots, autoboot.isEmpty() ? d.autoboot() : autoboot,
                devices,
                raucConf.isEmpty() ? d.raucConf() : raucConf,
                s.scalar(OtaSettings.RAUC_SLOT_CLASS.name()).map(String::trim)
                        .orElse(OtaSettings.RAUC_SLOT_CLASS.defaultValue()), factory);
    }

    /** Slot A's and slot B's partition devices, in that order. */
    private static List<String> slotDevices(YamlSection s, List<String> fallback) {
        if (!s.has("slot-devices")) {
            return fallback;
        }
        List<String> devices = s.scalars("slot-devices").stream().map(String::trim).toList();
        String shown = String.join(", ", devices);
        if (devices.size() != 2 || devices.get(0).equals(devices.get(1))) {
            s.problem("slot-devices", shown, "must name two partitions, slot A's and slot B's, e.g. "
                    + "[/dev/mmcblk0p2, /dev/mmcblk0p3]");
            return fallback;
        }
        for (String device : devices) {
            if (!PARTITION.matcher(device).matches()) {
                s.problem("slot-devices", device, "is not a partition's block device; write e.g. /dev/mmcblk0p2 (its "
                        + "number, 2, is the boot_partition of autoboot.txt)");
                return fallback;
            }
        }
        return devices;
    }
}
