package io.streetgate.site;

import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;
import io.streetgate.site.SiteSettings.Table;

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

        Setting setting() {
            return new Setting(name, OptionSpec.text(name, description, human(fallback)), "", range(), "size");
        }
    }

    /** The rule of a Sparkplug id (Sparkplug 3.0 section 4.1.1): a single topic level. */
    private static final String SPARKPLUG_ID = "1-64 characters, no / + # or spaces";

    private static final Table UPLINK = new Table("");
    private static final Table STORE = new Table("store.");
    private static final Table LINK = new Table("");
    private static final Table PACK_TABLE = new Table("pack.");
    private static final Table SPARKPLUG_TABLE = new Table("sparkplug.");

    static final OptionSpec ENABLED = UPLINK.add(Setting.bool("enabled", "false keeps the section but does not run "
            + "the uplink", true));
    static final OptionSpec BROKER = UPLINK.add(Setting.text("broker", "the broker's URL", null)
            .where("ssl://host[:port]; tcp://host[:port] only with plain-tcp: true (port 8883 for ssl, 1883 for "
                    + "tcp when left out)"));
    static final OptionSpec PLAIN_TCP = UPLINK.add(Setting.bool("plain-tcp", "allow tcp://: password and data "
            + "cross the network unencrypted; logged as a warning at every start", false));
    static final OptionSpec PROTOCOL = UPLINK.add(Setting.choice("protocol", "the MQTT version; a broker that does "
            + "not speak MQTT 5 (Moquette 0.17) is reported faulty with the fix (protocol: 3.1.1)", "5", "5",
            "3.1.1"));
    static final OptionSpec CLIENT_ID = UPLINK.add(Setting.text("client-id", "the MQTT client id; the node id when "
            + "left out", "").where("1-64 of A-Z a-z 0-9 . _ : -"));
    static final OptionSpec USERNAME = UPLINK.add(Setting.text("username", "the account of a password login", "")
            .where("text"));
    static final OptionSpec PASSWORD_FILE = UPLINK.add(Setting.path("password-file", "the file whose first line "
            + "is the password (needs username); made owner-only on start", ""));
    static final OptionSpec CA_FILE = UPLINK.add(Setting.path("ca-file", "PEM file with the CA certificate(s) the "
            + "broker's certificate must chain to; the JVM's trusted CAs when left out", ""));
    static final OptionSpec CLIENT_CERT = UPLINK.add(Setting.path("client-cert", "TLS client certificate, a PEM "
            + "chain; needs client-key", ""));
    static final OptionSpec CLIENT_KEY = UPLINK.add(Setting.path("client-key", "its key, PKCS#8 PEM unencrypted "
            + "(openssl pkcs8 -topk8 -nocrypt); needs client-cert", ""));
    static final OptionSpec FORMAT = UPLINK.add(Setting.choice("format", "the payloads: documented JSON, Sparkplug "
            + "B 3.0, or the lean format for metered links", "json", "json", "sparkplug", "senml-cbor"));
    static final OptionSpec GROUP = UPLINK.add(Setting.text("group", "the node's group: the Sparkplug group id, "
            + "and (every format) the group whose OTA campaign notices the node hears (ota.md)", "streetgate")
            .where(SPARKPLUG_ID));
    static final OptionSpec TOPIC_PREFIX = UPLINK.add(Setting.text("topic-prefix", "first topic levels of the JSON "
            + "format, and of the OTA notice and report topics in every format", UplinkConfig.DEFAULT_TOPIC_PREFIX)
            .where("topic levels such as city/harbour, without wildcards (+, #) or a leading or trailing /"));
    static final OptionSpec KEEP_ALIVE = UPLINK.add(Setting.duration("keep-alive", "MQTT keep-alive",
            Duration.ofSeconds(5), Duration.ofMinutes(20), Duration.ofSeconds(60)));
    static final OptionSpec MAX_IN_FLIGHT = UPLINK.add(Setting.integer("max-in-flight", "most messages waiting "
            + "for their PUBACK at once (the broker's Receive Maximum may lower it)", 1, 65_535, 64L));
    static final OptionSpec SESSION_EXPIRY = UPLINK.add(Setting.duration("session-expiry", "how long the broker "
            + "keeps the session while the node is away (JSON format)", Duration.ZERO, Duration.ofDays(7),
            Duration.ofDays(1)));

    static final OptionSpec STORE_PATH = STORE.add(Setting.text("path", "the store file; a relative path is under "
            + "the state directory", "uplink/store.db"));
    static final Size STORE_MAX_SIZE = size(STORE, new Size("max-size", "the store file's bound", 64L * 1024,
            64L << 30, 64L << 20));
    static final Size MEMORY_FALLBACK = size(STORE, new Size("memory-fallback", "bound of the in-memory queue used "
            + "while the file cannot be written", 16L * 1024, 1L << 30, 4L << 20));

    static final OptionSpec RECONNECT_MIN = LINK.add(Setting.duration("reconnect.min", "the first back-off "
            + "interval", Duration.ofMillis(100), Duration.ofMinutes(10), Duration.ofSeconds(2)));
    static final OptionSpec RECONNECT_MAX = LINK.add(Setting.duration("reconnect.max", "the back-off's cap, not "
            + "below reconnect.min", Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMinutes(5)));

    private static final UplinkConfig.Commands COMMANDS = UplinkConfig.Commands.DEFAULT;
    static final OptionSpec COMMANDS_MAX_AGE = LINK.add(Setting.duration("commands.max-age", "a command issued "
            + "longer ago than this is stale and refused", Duration.ofSeconds(1), Duration.ofDays(7),
            COMMANDS.maxAge()));
    static final OptionSpec COMMANDS_PER_MINUTE = LINK.add(Setting.integer("commands.per-minute", "the most "
            + "commands carried out per origin and minute (a burst of as many, then one per 60 s / n)", 1, 10_000,
            (long) COMMANDS.perMinute()));
    static final OptionSpec COMMANDS_REQUIRE_SIGNATURE = LINK.add(Setting.bool("commands.require-signature",
            "carry out only commands signed by one of commands.keys (true needs at least one key)",
            COMMANDS.requireSignature()));
    static final OptionSpec COMMANDS_KEY = LINK.add(Setting.text("commands.keys.<name>", "an Ed25519 public key "
            + "allowed to sign commands: the base64 of its SubjectPublicKeyInfo (streetgate command-key prints it; "
            + "so does openssl pkey -pubout, between its BEGIN and END lines)", "")
            .where("name: 1-64 of A-Z a-z 0-9 . _ -"));

    private static final UplinkConfig.Pack PACK = UplinkConfig.Pack.DEFAULT;
    static final OptionSpec PACK_WINDOW = PACK_TABLE.add(Setting.duration("window", "how long a summary may wait "
            + "for later ones to share its pack; 0s sends what waits at once", Duration.ZERO, Duration.ofHours(1),
            PACK.window()));
    static final Size PACK_MAX_SIZE = size(PACK_TABLE, new Size("max-size", "a pack's bound before compression: a "
            + "pack that would pass it goes without the summary that would", 1024, 1L << 20, PACK.maxBytes()));
    static final OptionSpec PACK_COMPRESSION = PACK_TABLE.add(Setting.choice("compression", "deflate (raw, RFC "
            + "1951, at zlib's level 5: performance.md says why) or none", PACK.compression(), "deflate", "none"));

    /** The allowance's bounds; the key has no default (no allowance). */
    static final Size BUDGET = new Size("budget", "bytes the uplink may send per UTC calendar day or month",
            64L * 1024, 1L << 40, 0);

    private static final UplinkConfig.Sparkplug SPARKPLUG = UplinkConfig.Sparkplug.DEFAULT;
    static final OptionSpec PRIMARY_HOST = SPARKPLUG_TABLE.add(Setting.text("primary-host", "the Sparkplug Primary "
            + "Host Application's id: the node is born only when the host's STATE topic (spBv1.0/STATE/ and the "
            + "id) says online, and holds its data while it says offline; none when left out",
            SPARKPLUG.primaryHost()).where(SPARKPLUG_ID));
    static final OptionSpec SPARKPLUG_QOS = SPARKPLUG_TABLE.add(Setting.integer("qos", "MQTT QoS of births, data "
            + "and device deaths: 0 as Sparkplug 3.0 asks, or 1 so that a message leaves the store only on the "
            + "broker's PUBACK", 0, 1, (long) SPARKPLUG.qos()));

    private UplinkSettings() {
    }

    /** Every key of the section, in the order of docs/uplink.md's table. */
    public static List<Setting> all() {
        List<Setting> all = new ArrayList<>(UPLINK.rows());
        all.addAll(store());
        all.addAll(LINK.rows());
        all.addAll(pack());
        all.addAll(budget());
        all.addAll(SPARKPLUG_TABLE.rows());
        return all;
    }

    /** The keys of {@code uplink.store} (docs/store-and-forward.md). */
    public static List<Setting> store() {
        return STORE.rows();
    }

    /** The keys of {@code uplink.pack}, the lean format's. */
    public static List<Setting> pack() {
        return PACK_TABLE.rows();
    }

    /** {@code uplink.budget}. */
    public static List<Setting> budget() {
        return List.of(Setting.text("budget", BUDGET.description(), "").where("a size per day or month, e.g. "
                + "50MB/month or 2MB/day; the size " + BUDGET.range()));
    }

    /** Adds a size's row to a table. */
    private static Size size(Table table, Size size) {
        table.add(size.setting());
        return size;
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
}
