package io.streetgate.site;

import io.streetgate.driver.OptionSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code uplink:} section; without it the gateway works offline (nothing leaves but the local broker). */
final class UplinkSection {

    static final List<String> KEYS = List.of("enabled", "broker", "protocol", "client-id", "username", "password-file",
            "ca-file", "client-cert", "client-key", "plain-tcp", "format", "group", "topic-prefix", "keep-alive",
            "max-in-flight", "session-expiry", "store", "reconnect", "commands", "pack", "budget", "sparkplug");
    private static final Pattern BUDGET = Pattern.compile("\\s*([^/]+?)\\s*/\\s*(day|month)\\s*");
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([kKMG]i?B|B|[kKMG])?\\s*");
    private static final String SIZE_HINT = "write a size such as 64MiB, 500MB or 1GiB";
    /** MQTT 3.1.1 section 3.1.3.1: 1-23 characters of [0-9a-zA-Z] must be accepted; brokers take more. */
    private static final Pattern CLIENT_ID = Pattern.compile("[0-9A-Za-z._:-]{1,64}");
    /** Sparkplug 3.0 section 4.1.1 (group_id): no '/', '+' or '#'. */
    private static final Pattern GROUP = Pattern.compile("[^/+#\\s]{1,64}");

    private UplinkSection() {
    }

    static Optional<UplinkConfig> read(YamlSection s, Optional<NodeConfig> node) {
        if (s.node() == null) {
            return Optional.empty();
        }
        boolean enabled = s.bool(UplinkSettings.ENABLED).orElse(true);
        boolean plainTcp = s.bool(UplinkSettings.PLAIN_TCP).orElse(false);
        String broker = broker(s, plainTcp, enabled);
        OptionSpec protocols = UplinkSettings.PROTOCOL;
        String protocol = s.scalar(protocols.name()).map(String::trim).orElse(protocols.defaultValue());
        if (protocol.equals("5.0")) {
            protocol = "5";
        }
        if (!protocols.allowed().contains(protocol)) {
            s.problem("protocol", protocol, "is not an MQTT version the uplink speaks; valid: "
                    + UplinkSettings.choices(protocols));
        }
        String clientId = s.scalar(UplinkSettings.CLIENT_ID.name()).map(String::trim)
                .orElse(node.map(NodeConfig::id).orElse(UplinkSettings.CLIENT_ID.defaultValue()));
        if (s.has("client-id") && !CLIENT_ID.matcher(clientId).matches()) {
            s.problem("client-id", clientId, "is not a client id; use 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        String username = s.scalar(UplinkSettings.USERNAME.name()).map(String::trim)
                .orElse(UplinkSettings.USERNAME.defaultValue());
        String passwordFile = file(s, UplinkSettings.PASSWORD_FILE.name());
        if (!passwordFile.isEmpty() && username.isEmpty()) {
            s.problem("password-file", passwordFile, "is given without a username; add username: <account>");
        }
        String caFile = file(s, UplinkSettings.CA_FILE.name());
        String clientCert = file(s, UplinkSettings.CLIENT_CERT.name());
        String clientKey = file(s, UplinkSettings.CLIENT_KEY.name());
        if (clientCert.isEmpty() != clientKey.isEmpty() && s.clean()) {
            s.problem(clientCert.isEmpty() ? "client-cert" : "client-key", null, "is missing: it needs its partner; "
                    + "give both client-cert (PEM certificate) and client-key (PKCS#8 PEM key), or neither");
        }
        List<String> formats = UplinkSettings.FORMAT.allowed();
        String format = s.scalar(UplinkSettings.FORMAT.name()).map(v -> v.trim().toLowerCase(Locale.ROOT))
                .orElse(UplinkSettings.FORMAT.defaultValue());
        if (!formats.contains(format)) {
            String hint = Problems.suggestion(format, formats);
            s.problem("format", format, "is not a payload format" + (hint.isEmpty() ? ";" : "; did you mean '" + hint
                    + "'?") + " Valid: json (documented JSON), sparkplug (Sparkplug B 3.0), senml-cbor (lean SenML "
                    + "CBOR packs for metered links)");
        }
        String group = s.scalar(UplinkSettings.GROUP.name()).map(String::trim)
                .orElse(UplinkSettings.GROUP.defaultValue());
        if (!GROUP.matcher(group).matches()) {
            s.problem("group", group, "is not a Sparkplug group id; no '/', '+', '#' or spaces, 1-64 characters");
        }
        String prefix = s.scalar(UplinkSettings.TOPIC_PREFIX.name()).map(String::trim)
                .orElse(UplinkSettings.TOPIC_PREFIX.defaultValue());
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("+")
                || prefix.contains("#") || prefix.contains("//")) {
            s.problem("topic-prefix", prefix, "is not a topic prefix; use levels like city/harbour, without "
                    + "wildcards (+, #) or a leading or trailing '/'");
        }
        Duration keepAlive = s.duration(UplinkSettings.KEEP_ALIVE).orElse(Duration.ofSeconds(60));
        int maxInFlight = s.integer(UplinkSettings.MAX_IN_FLIGHT).orElse(64);
        Duration sessionExpiry = s.duration(UplinkSettings.SESSION_EXPIRY).orElse(Duration.ofDays(1));

        YamlSection store = s.section("store");
        String storePath = store.scalar(UplinkSettings.STORE_PATH.name()).map(String::trim)
                .orElse(UplinkSettings.STORE_PATH.defaultValue());
        long maxBytes = size(store, UplinkSettings.STORE_MAX_SIZE);
        long memoryBytes = size(store, UplinkSettings.MEMORY_FALLBACK);
        store.rejectUnknownKeys(List.of("path", "max-size", "memory-fallback"));

        YamlSection reconnect = s.section("reconnect");
        Duration min = reconnect.duration(UplinkSettings.RECONNECT_MIN).orElse(Duration.ofSeconds(2));
        Duration max = reconnect.duration(UplinkSettings.RECONNECT_MAX).orElse(Duration.ofMinutes(5));
        if (max.compareTo(min) < 0) {
            reconnect.problem("max", null, "is shorter than reconnect.min; the back-off grows from min up to max");
        }
        reconnect.rejectUnknownKeys(List.of("min", "max"));
        UplinkConfig.Commands commands = commands(s.section("commands"));
        UplinkConfig.Pack pack = pack(s.section("pack"));
        UplinkConfig.Budget budget = budget(s);
        UplinkConfig.Sparkplug sparkplug = sparkplug(s.section("sparkplug"));
        s.rejectUnknownKeys(KEYS);
        if (!s.clean()) {
            return Optional.empty();
        }
        return Optional.of(UplinkConfig.builder(broker).enabled(enabled).protocol(protocol).clientId(clientId)
                .username(username).passwordFile(passwordFile).caFile(caFile).clientCert(clientCert)
                .clientKey(clientKey).plainTcp(plainTcp).format(format).group(group).topicPrefix(prefix)
                .keepAlive(keepAlive).maxInFlight(maxInFlight).sessionExpiry(sessionExpiry).storePath(storePath)
                .storeMaxBytes(maxBytes).memoryBytes(memoryBytes).reconnect(min, max).commands(commands).pack(pack)
                .budget(budget).sparkplug(sparkplug).build());
    }

    /** {@code uplink.pack}: how the lean format gathers summaries. */
    private static UplinkConfig.Pack pack(YamlSection s) {
        UplinkConfig.Pack d = UplinkConfig.Pack.DEFAULT;
        Duration window = s.duration(UplinkSettings.PACK_WINDOW).orElse(d.window());
        long maxBytes = size(s, UplinkSettings.PACK_MAX_SIZE);
        OptionSpec compressions = UplinkSettings.PACK_COMPRESSION;
        String compression = s.scalar(compressions.name()).map(v -> v.trim().toLowerCase(Locale.ROOT))
                .orElse(compressions.defaultValue());
        if (!compressions.allowed().contains(compression)) {
            s.problem("compression", compression, "is not a compression the lean format knows; valid: "
                    + UplinkSettings.choices(compressions));
        }
        s.rejectUnknownKeys(List.of("window", "max-size", "compression"));
        return new UplinkConfig.Pack(window, maxBytes, compression);
    }

    /** {@code uplink.budget}: {@code <size>/day} or {@code <size>/month}, e.g. {@code 50MB/month}. */
    private static UplinkConfig.Budget budget(YamlSection s) {
        Optional<String> text = s.scalar("budget").map(String::trim);
        if (text.isEmpty()) {
            return UplinkConfig.Budget.NONE;
        }
        Matcher m = BUDGET.matcher(text.get());
        Optional<Long> bytes = m.matches() ? parseSize(m.group(1)) : Optional.empty();
        if (bytes.isEmpty()) {
            s.problem("budget", text.get(), "is not an allowance; write a size per day or month, e.g. 50MB/month "
                    + "or 2MB/day");
            return UplinkConfig.Budget.NONE;
        }
        if (bytes.get() < UplinkSettings.BUDGET.min() || bytes.get() > UplinkSettings.BUDGET.max()) {
            s.problem("budget", text.get(), "is outside " + UplinkSettings.BUDGET.range() + " per day or month");
            return UplinkConfig.Budget.NONE;
        }
        return new UplinkConfig.Budget(bytes.get(), m.group(2));
    }

    /** {@code uplink.commands}: freshness, signatures and the rate of commands from upstream. */
    private static UplinkConfig.Commands commands(YamlSection s) {
        UplinkConfig.Commands d = UplinkConfig.Commands.DEFAULT;
        Duration maxAge = s.duration(UplinkSettings.COMMANDS_MAX_AGE).orElse(d.maxAge());
        int perMinute = s.integer(UplinkSettings.COMMANDS_PER_MINUTE).orElse(d.perMinute());
        boolean required = s.bool(UplinkSettings.COMMANDS_REQUIRE_SIGNATURE).orElse(false);
        YamlSection keys = s.section("keys");
        java.util.Map<String, String> named = new java.util.TreeMap<>();
        for (String name : keys.keys()) {
            Optional<String> text = keys.scalar(name).map(String::trim);
            if (!CommandKeys.isName(name)) {
                keys.problem(name, null, "is not a key name; use 1-64 letters, digits, '.', '_' or '-' (it becomes "
                        + "the origin of the commands the key signs)");
            } else if (text.isEmpty()) {
                keys.problem(name, null, "has no key; give its Ed25519 public key, e.g. MCowBQYDK2VwAyEA...");
            } else {
                try {
                    CommandKeys.publicKey(text.get());
                    named.put(name, text.get());
                } catch (IllegalArgumentException e) {
                    keys.problem(name, text.get().length() > 60 ? text.get().substring(0, 60) + "..." : text.get(),
                            e.getMessage());
                }
            }
        }
        if (required && named.isEmpty() && keys.clean()) {
            s.problem("require-signature", "true", "but commands.keys lists no key: no command could be carried out; "
                    + "add the public key of whoever sends commands (streetgate command-key prints one)");
        }
        s.rejectUnknownKeys(List.of("max-age", "per-minute", "require-signature", "keys"));
        return new UplinkConfig.Commands(maxAge, perMinute, required, named);
    }

    /** {@code uplink.sparkplug}: the primary host to wait for, and the QoS of what the edge node publishes. */
    private static UplinkConfig.Sparkplug sparkplug(YamlSection s) {
        UplinkConfig.Sparkplug d = UplinkConfig.Sparkplug.DEFAULT;
        String host = s.scalar(UplinkSettings.PRIMARY_HOST.name()).map(String::trim)
                .orElse(UplinkSettings.PRIMARY_HOST.defaultValue());
        // Sparkplug 3.0 section 4.1.1 (host id in spBv1.0/STATE/<host id>): a single topic level
        if (s.has("primary-host") && !GROUP.matcher(host).matches()) {
            s.problem("primary-host", host, "is not a Sparkplug host id; no '/', '+', '#' or spaces, 1-64 characters "
                    + "(the id the host publishes spBv1.0/STATE/<id> under)");
            host = d.primaryHost();
        }
        int qos = s.integer(UplinkSettings.SPARKPLUG_QOS).orElse(d.qos());
        s.rejectUnknownKeys(List.of("primary-host", "qos"));
        return new UplinkConfig.Sparkplug(host, qos);
    }

    private static String broker(YamlSection s, boolean plainTcp, boolean enabled) {
        Optional<String> text = enabled ? s.requiredScalar("broker", "the broker's URL, e.g. ssl://mqtt.example.org:8883")
                : s.scalar("broker");
        if (text.isEmpty()) {
            return "";
        }
        String value = text.get().trim();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("ssl".equals(scheme) || "tcp".equals(scheme))) {
                s.problem("broker", value, "is not a broker URL; write ssl://host:8883 (TLS)");
                return "";
            }
            if (uri.getPath() != null && !uri.getPath().isEmpty() || uri.getQuery() != null) {
                s.problem("broker", value, "has a path or query; a broker URL is scheme://host:port only");
                return "";
            }
            if ("tcp".equals(scheme) && !plainTcp) {
                s.problem("broker", value, "is plain TCP: the password and every message would cross the network "
                        + "unencrypted. Use ssl://" + uri.getHost() + ":8883, or add plain-tcp: true to accept that");
                return "";
            }
            int port = uri.getPort() > 0 ? uri.getPort() : "ssl".equals(scheme) ? 8883 : 1883;
            return scheme + "://" + uri.getHost() + ":" + port;
        } catch (URISyntaxException e) {
            s.problem("broker", value, "is not a URL (" + e.getReason() + "); write ssl://host:8883");
            return "";
        }
    }

    /** A file the gateway reads: an absolute path, so that it does not depend on where the gateway starts. */
    static String file(YamlSection s, String key) {
        Optional<String> text = s.scalar(key).map(String::trim);
        if (text.isEmpty()) {
            return "";
        }
        if (!Path.of(text.get()).isAbsolute()) {
            s.problem(key, text.get(), "is not an absolute path; write e.g. /etc/streetgate/" + Path.of(text.get())
                    .getFileName());
            return "";
        }
        return text.get();
    }

    /** A size read by its definition. */
    static long size(YamlSection s, UplinkSettings.Size size) {
        return size(s, size.name(), size.min(), size.max(), size.fallback());
    }

    /** Bytes from "64MiB", "500 MB", "1GiB", "65536": kB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024. */
    static long size(YamlSection s, String key, long min, long max, long fallback) {
        Optional<String> text = s.scalar(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Optional<Long> bytes = parseSize(text.get());
        if (bytes.isEmpty()) {
            s.problem(key, text.get(), "is not a size; " + SIZE_HINT);
            return fallback;
        }
        if (bytes.get() < min || bytes.get() > max) {
            s.problem(key, text.get(), "is outside " + UplinkSettings.human(min) + ".." + UplinkSettings.human(max));
            return fallback;
        }
        return bytes.get();
    }

    static Optional<Long> parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "B" -> 1;
            case "kB", "KB", "k", "K" -> 1000;
            case "KiB", "kiB" -> 1024;
            case "MB", "M" -> 1_000_000;
            case "MiB" -> 1L << 20;
            case "GB", "G" -> 1_000_000_000;
            case "GiB" -> 1L << 30;
            default -> -1;
        };
        return factor < 0 ? Optional.empty() : Optional.of(Math.round(n * factor));
    }

}
