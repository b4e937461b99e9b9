package io.streetgate.site;

import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of the {@code uplink:} section's settings: each key with its type, default, unit, valid
 * values and doc. {@link UplinkSection} reads the keys through it, and the tables of docs/uplink.md (the section,
 * {@code pack}, {@code budget}) and docs/store-and-forward.md ({@code store}) are held equal to it by
 * {@code SiteSettingsDocTest}.
 */
public final class UplinkSettings {

    /**
     * A number of bytes, written with a unit ("64MiB"), which {@link OptionSpec} has no kind for.
     *
     * @param name        the key in its section
     * @param description one line for people
     * @param min         the fewest bytes that are valid
     * @param max         the most bytes that are valid
     * @param fallback    the bytes when the key is left out
     */
    record Size(String name, String description, long min, long max, long fallback) {

        String range() {
            return human(min) + ".." + human(max);
        }

        Setting setting(String key) {
            return new Setting(key, OptionSpec.text(name, description, human(fallback)), "", range(), "size");
        }
    }

    private static final String ABSOLUTE = "an absolute path";
    /** The rule of a Sparkplug id (Sparkplug 3.0 section 4.1.1): a single topic level. */
    private static final String SPARKPLUG_ID = "1-64 characters, no / + # or spaces";

    static final OptionSpec ENABLED = OptionSpec.bool("enabled",
            "false keeps the section but does not run the uplink", true);
    static final OptionSpec BROKER = OptionSpec.text("broker", "the broker's URL", null);
    static final OptionSpec PLAIN_TCP = OptionSpec.bool("plain-tcp", "allow tcp://: password and data cross the "
            + "network unencrypted; logged as a warning at every start", false);
    static final OptionSpec PROTOCOL = OptionSpec.choice("protocol", "the MQTT version; a broker that does not "
            + "speak MQTT 5 (Moquette 0.17) is reported faulty with the fix (protocol: 3.1.1)", "5", "5", "3.1.1");
    static final OptionSpec CLIENT_ID = OptionSpec.text("client-id", "the MQTT client id; the node id when left out",
            "");
    static final OptionSpec USERNAME = OptionSpec.text("username", "the account of a password login", "");
    static final OptionSpec PASSWORD_FILE = OptionSpec.text("password-file", "the file whose first line is the "
            + "password (needs username); made owner-only on start", "");
    static final OptionSpec CA_FILE = OptionSpec.text("ca-file", "PEM file with the CA certificate(s) the broker's "
            + "certificate must chain to; the JVM's trusted CAs when left out", "");
    static final OptionSpec CLIENT_CERT = OptionSpec.text("client-cert", "TLS client certificate, a PEM chain; "
            + "needs client-key", "");
    static final OptionSpec CLIENT_KEY = OptionSpec.text("client-key", "its key, PKCS#8 PEM unencrypted (openssl "
            + "pkcs8 -topk8 -nocrypt); needs client-cert", "");
    static final OptionSpec FORMAT = OptionSpec.choice("format", "the payloads: documented JSON, Sparkplug B 3.0, "
            + "or the lean format for metered links", "json", "json", "sparkplug", "senml-cbor");
    static final OptionSpec GROUP = OptionSpec.text("group", "the node's group: the Sparkplug group id, and (every "
            + "format) the group whose OTA campaign notices the node hears (ota.md)", "streetgate");
    static final OptionSpec TOPIC_PREFIX = OptionSpec.text("topic-prefix", "first topic levels of the JSON format, "
            + "and of the OTA notice and report topics in every format", UplinkConfig.DEFAULT_TOPIC_PREFIX);
    static final OptionSpec KEEP_ALIVE = OptionSpec.duration("keep-alive", "MQTT keep-alive", Duration.ofSeconds(5),
            Duration.ofMinutes(20), Duration.ofSeconds(60));
    static final OptionSpec MAX_IN_FLIGHT = OptionSpec.integer("max-in-flight", "most messages waiting for their "
            + "PUBACK at once (the broker's Receive Maximum may lower it)", 1, 65_535, 64L);
    static final OptionSpec SESSION_EXPIRY = OptionSpec.duration("session-expiry", "how long the broker keeps the "
            + "session while the node is away (JSON format)", Duration.ZERO, Duration.ofDays(7), Duration.ofDays(1));

    static final OptionSpec STORE_PATH = OptionSpec.text("path", "the store file; a relative path is under the "
            + "state directory", "uplink/store.db");
    static final Size STORE_MAX_SIZE = new Size("max-size", "the store file's bound", 64L * 1024, 64L << 30,
            64L << 20);
    static final Size MEMORY_FALLBACK = new Size("memory-fallback", "bound of the in-memory queue used while the "
            + "file cannot be written", 16L * 1024, 1L << 30, 4L << 20);

    static final OptionSpec RECONNECT_MIN = OptionSpec.duration("min", "the first back-off interval",
            Duration.ofMillis(100), Duration.ofMinutes(10), Duration.ofSeconds(2));
    static final OptionSpec RECONNECT_MAX = OptionSpec.duration("max", "the back-off's cap, not below "
            + "reconnect.min", Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMinutes(5));

    private static final UplinkConfig.Commands COMMANDS = UplinkConfig.Commands.DEFAULT;
    static final OptionSpec COMMANDS_MAX_AGE = OptionSpec.duration("max-age", "a command issued longer ago than "
            + "this is stale and refused", Duration.ofSeconds(1), Duration.ofDays(7), COMMANDS.maxAge());
    static final OptionSpec COMMANDS_PER_MINUTE = OptionSpec.integer("per-minute", "the most commands carried out "
            + "per origin and minute (a burst of as many, then one per 60 s / n)", 1, 10_000,
            (long) COMMANDS.perMinute());
    static final OptionSpec COMMANDS_REQUIRE_SIGNATURE = OptionSpec.bool("require-signature", "carry out only "
            + "commands signed by one of commands.keys (true needs at least one key)", COMMANDS.requireSignature());
    static final OptionSpec COMMANDS_KEY = OptionSpec.text("<name>", "an Ed25519 public key allowed to sign "
            + "commands: the base64 of its SubjectPublicKeyInfo (streetgate command-key prints it; so does "
            + "openssl pkey -pubout, between its BEGIN and END lines)", "");

    private static final UplinkConfig.Pack PACK = UplinkConfig.Pack.DEFAULT;
    static final OptionSpec PACK_WINDOW = OptionSpec.duration("window", "how long a summary may wait for later "
            + "ones to share its pack; 0s sends what waits at once", Duration.ZERO, Duration.ofHours(1),
            PACK.window());
    static final Size PACK_MAX_SIZE = new Size("max-size", "a pack's bound before compression: a pack that would "
            + "pass it goes without the summary that would", 1024, 1L << 20, PACK.maxBytes());
    static final OptionSpec PACK_COMPRESSION = OptionSpec.choice("compression", "deflate (raw, RFC 1951, at "
            + "zlib's level 5: performance.md says why) or none", PACK.compression(), "deflate", "none");

    /** The allowance's bounds; the key has no default (no allowance). */
    static final Size BUDGET = new Size("budget", "bytes the uplink may send per UTC calendar day or month",
            64L * 1024, 1L << 40, 0);

    private static final UplinkConfig.Sparkplug SPARKPLUG = UplinkConfig.Sparkplug.DEFAULT;
    static final OptionSpec PRIMARY_HOST = OptionSpec.text("primary-host", "the Sparkplug Primary Host "
            + "Application's id: the node is born only when the host's STATE topic (spBv1.0/STATE/ and the id) says "
            + "online, and holds its data while it says offline; none when left out", SPARKPLUG.primaryHost());
    static final OptionSpec SPARKPLUG_QOS = OptionSpec.integer("qos", "MQTT QoS of births, data and device deaths: "
            + "0 as Sparkplug 3.0 asks, or 1 so that a message leaves the store only on the broker's PUBACK", 0, 1,
            (long) SPARKPLUG.qos());

    private UplinkSettings() {
    }

    /** Every key of the section, in the order of docs/uplink.md's table. */
    public static List<Setting> all() {
        List<Setting> all = new ArrayList<>();
        all.add(plain("enabled", ENABLED));
        all.add(new Setting("broker", BROKER, "", "ssl://host[:port]; tcp://host[:port] only with plain-tcp: "
                + "true (port 8883 for ssl, 1883 for tcp when left out)"));
        all.add(plain("plain-tcp", PLAIN_TCP));
        all.add(plain("protocol", PROTOCOL));
        all.add(new Setting("client-id", CLIENT_ID, "", "1-64 of A-Z a-z 0-9 . _ : -"));
        all.add(new Setting("username", USERNAME, "", "text"));
        all.add(new Setting("password-file", PASSWORD_FILE, "", ABSOLUTE));
        all.add(new Setting("ca-file", CA_FILE, "", ABSOLUTE));
        all.add(new Setting("client-cert", CLIENT_CERT, "", ABSOLUTE));
        all.add(new Setting("client-key", CLIENT_KEY, "", ABSOLUTE));
        all.add(plain("format", FORMAT));
        all.add(new Setting("group", GROUP, "", SPARKPLUG_ID));
        all.add(new Setting("topic-prefix", TOPIC_PREFIX, "", "topic levels such as city/harbour, without "
                + "wildcards (+, #) or a leading or trailing /"));
        all.add(plain("keep-alive", KEEP_ALIVE));
        all.add(plain("max-in-flight", MAX_IN_FLIGHT));
        all.add(plain("session-expiry", SESSION_EXPIRY));
        all.addAll(store());
        all.add(plain("reconnect.min", RECONNECT_MIN));
        all.add(plain("reconnect.max", RECONNECT_MAX));
        all.add(plain("commands.max-age", COMMANDS_MAX_AGE));
        all.add(plain("commands.per-minute", COMMANDS_PER_MINUTE));
        all.add(plain("commands.require-signature", COMMANDS_REQUIRE_SIGNATURE));
        all.add(new Setting("commands.keys.<name>", COMMANDS_KEY, "", "name: 1-64 of A-Z a-z 0-9 . _ -"));
        all.addAll(pack());
        all.addAll(budget());
        all.add(new Setting("sparkplug.primary-host", PRIMARY_HOST, "", SPARKPLUG_ID));
        all.add(plain("sparkplug.qos", SPARKPLUG_QOS));
        return all;
    }

    /** The keys of {@code uplink.store} (docs/store-and-forward.md). */
    public static List<Setting> store() {
        return List.of(plain("store.path", STORE_PATH), STORE_MAX_SIZE.setting("store.max-size"),
                MEMORY_FALLBACK.setting("store.memory-fallback"));
    }

    /** The keys of {@code uplink.pack}, the lean format's. */
    public static List<Setting> pack() {
        return List.of(plain("pack.window", PACK_WINDOW), PACK_MAX_SIZE.setting("pack.max-size"),
                plain("pack.compression", PACK_COMPRESSION));
    }

    /** {@code uplink.budget}. */
    public static List<Setting> budget() {
        return List.of(new Setting("budget", OptionSpec.text(BUDGET.name(), BUDGET.description(), ""), "",
                "a size per day or month, e.g. 50MB/month or 2MB/day; the size " + BUDGET.range(), "text"));
    }

    /** A choice's values for an error message, its default marked: "5 (default), 3.1.1". */
    static String choices(OptionSpec spec) {
        return String.join(", ", spec.allowed().stream()
                .map(v -> v.equals(spec.defaultValue()) ? v + " (default)" : v).toList());
    }

    /** Bytes as the site file would write them: the largest of GiB, MiB, KiB that divides them. */
    static String human(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "MiB";
        }
        return bytes / 1024 + "KiB";
    }

    private static Setting plain(String key, OptionSpec spec) {
        return new Setting(key, spec, "", "");
    }
}
