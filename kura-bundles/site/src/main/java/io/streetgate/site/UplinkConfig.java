package io.streetgate.site;

import java.time.Duration;
import java.util.Objects;

/**
 * The MQTT uplink and its store-and-forward ({@code uplink:} in the site file; docs/uplink.md). Paths that
 * are not given are empty strings.
 *
 * @param enabled        whether it runs (the section can stay in the file switched off)
 * @param broker         {@code ssl://host:port}, or {@code tcp://host:port} with {@code plainTcp}
 * @param protocol       {@code 5} or {@code 3.1.1}
 * @param clientId       the MQTT client id (the node id unless given)
 * @param username       empty for none
 * @param passwordFile   the file holding the password (owner-only); empty for none
 * @param caFile         PEM CA certificate(s) the broker's certificate must chain to; empty for the JVM's CAs
 * @param clientCert     PEM client certificate chain; empty for none
 * @param clientKey      its PKCS#8 PEM key (owner-only); empty for none
 * @param plainTcp       whether {@code tcp://} (no TLS) was explicitly allowed
 * @param format         {@code json}, {@code sparkplug} or {@code senml-cbor} (the lean format)
 * @param group          the Sparkplug group id
 * @param topicPrefix    the JSON topics' prefix
 * @param keepAlive      MQTT keep-alive
 * @param maxInFlight    the largest number of unacknowledged messages
 * @param sessionExpiry  how long the broker keeps the session (JSON; Sparkplug requires a clean session)
 * @param storePath      the store file; relative to the state directory unless absolute
 * @param storeMaxBytes  the store's bound
 * @param memoryBytes    the bound of the in-memory fallback
 * @param reconnectMin   the first back-off interval
 * @param reconnectMax   the back-off cap
 * @param commands       what a command from upstream must be to be carried out
 * @param pack           how the lean format gathers summaries into packs
 * @param budget         the uplink's byte allowance, or {@link Budget#NONE}
 * @param sparkplug      the Sparkplug B edge node's primary host and QoS (format {@code sparkplug})
 * @see #builder(String) the settings by name, with the site file's defaults
 */
public record UplinkConfig(boolean enabled, String broker, String protocol, String clientId, String username,
                           String passwordFile, String caFile, String clientCert, String clientKey, boolean plainTcp,
                           String format, String group, String topicPrefix, Duration keepAlive, int maxInFlight,
                           Duration sessionExpiry, String storePath, long storeMaxBytes, long memoryBytes,
                           Duration reconnectMin, Duration reconnectMax, Commands commands, Pack pack,
                           Budget budget, Sparkplug sparkplug) {

    /** {@code uplink.topic-prefix} when the site file gives none. */
    public static final String DEFAULT_TOPIC_PREFIX = "streetgate";

    /**
     * {@code uplink.pack}: how the lean format ({@code format: senml-cbor}) gathers summaries into one message.
     *
     * @param window      how long a summary may wait for later ones to share its pack
     * @param maxBytes    a pack's bound before compression
     * @param compression {@code deflate} or {@code none}
     */
    public record Pack(Duration window, long maxBytes, String compression) {

        public static final long DEFAULT_WINDOW_MS = 900_000;
        public static final long DEFAULT_MAX_BYTES = 64 * 1024;
        public static final String DEFAULT_COMPRESSION = "deflate";
        public static final Pack DEFAULT = new Pack(Duration.ofMillis(DEFAULT_WINDOW_MS), DEFAULT_MAX_BYTES,
                DEFAULT_COMPRESSION);

        public Pack {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(compression, "compression");
        }
    }

    /**
     * {@code uplink.budget}: the bytes the uplink may send per calendar day or month (UTC), e.g. a SIM's plan.
     *
     * @param bytes  the allowance; 0 for none
     * @param period {@code day} or {@code month}
     */
    public record Budget(long bytes, String period) {

        public static final String DEFAULT_PERIOD = "month";
        public static final Budget NONE = new Budget(0, DEFAULT_PERIOD);

        public Budget {
            Objects.requireNonNull(period, "period");
        }
    }

    /**
     * {@code uplink.commands}: what a command from upstream must be to be carried out.
     *
     * @param maxAge           a command issued longer ago is stale and refused
     * @param perMinute        the most commands carried out per origin and minute
     * @param requireSignature whether only commands signed by one of {@code keys} are carried out
     * @param keys             the Ed25519 public keys allowed to sign commands, by name ({@link CommandKeys})
     */
    public record Commands(Duration maxAge, int perMinute, boolean requireSignature, java.util.Map<String, String> keys) {

        public static final long DEFAULT_MAX_AGE_MS = 600_000;
        public static final int DEFAULT_PER_MINUTE = 60;
        public static final Commands DEFAULT = new Commands(Duration.ofMillis(DEFAULT_MAX_AGE_MS), DEFAULT_PER_MINUTE,
                false, java.util.Map.of());

        public Commands {
            Objects.requireNonNull(maxAge, "maxAge");
            keys = java.util.Map.copyOf(keys);
        }
    }

    /**
     * {@code uplink.sparkplug}: how the Sparkplug B edge node meets its host and the broker.
     *
     * @param primaryHost the Primary Host Application's id: data is held while its {@code STATE} says offline;
     *                    empty for none
     * @param qos         QoS of births, data and device deaths: 0 as Sparkplug 3.0 asks (tck-id-topics-ddata-mqtt),
     *                    or 1 so that a message leaves the store only on the broker's PUBACK
     */
    public record Sparkplug(String primaryHost, int qos) {

        public static final int DEFAULT_QOS = 0;
        public static final Sparkplug DEFAULT = new Sparkplug("", DEFAULT_QOS);

        public Sparkplug {
            Objects.requireNonNull(primaryHost, "primaryHost");
            if (qos != 0 && qos != 1) {
                throw new IllegalArgumentException("sparkplug qos " + qos + ": 0 or 1");
            }
        }
    }

    public UplinkConfig {
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(sparkplug, "sparkplug");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
    }

    /** A configuration for this broker with every other key at the site file's default ({@link UplinkSettings}). */
    public static Builder builder(String broker) {
        return new Builder(broker);
    }

    /** A builder holding this configuration, to change some keys of it by name. */
    public Builder toBuilder() {
        return new Builder(broker).enabled(enabled).protocol(protocol).clientId(clientId).username(username)
                .passwordFile(passwordFile).caFile(caFile).clientCert(clientCert).clientKey(clientKey)
                .plainTcp(plainTcp).format(format).group(group).topicPrefix(topicPrefix).keepAlive(keepAlive)
                .maxInFlight(maxInFlight).sessionExpiry(sessionExpiry).storePath(storePath)
                .storeMaxBytes(storeMaxBytes).memoryBytes(memoryBytes).reconnect(reconnectMin, reconnectMax)
                .commands(commands).pack(pack).budget(budget).sparkplug(sparkplug);
    }

    /**
     * The keys of {@code uplink:} by name. It starts from the defaults {@link UplinkSettings} defines (the one
     * definition the site file is read with), so a site file that gives only the broker reads as
     * {@code builder(broker).build()} with the client id set to the node id.
     */
    public static final class Builder {
        private boolean enabled = SettingDefaults.bool(UplinkSettings.ENABLED);
        private String broker;
        private String protocol = UplinkSettings.PROTOCOL.defaultValue();
        private String clientId = UplinkSettings.CLIENT_ID.defaultValue();
        private String username = UplinkSettings.USERNAME.defaultValue();
        private String passwordFile = UplinkSettings.PASSWORD_FILE.defaultValue();
        private String caFile = UplinkSettings.CA_FILE.defaultValue();
        private String clientCert = UplinkSettings.CLIENT_CERT.defaultValue();
        private String clientKey = UplinkSettings.CLIENT_KEY.defaultValue();
        private boolean plainTcp = SettingDefaults.bool(UplinkSettings.PLAIN_TCP);
        private String format = UplinkSettings.FORMAT.defaultValue();
        private String group = UplinkSettings.GROUP.defaultValue();
        private String topicPrefix = UplinkSettings.TOPIC_PREFIX.defaultValue();
        private Duration keepAlive = SettingDefaults.duration(UplinkSettings.KEEP_ALIVE);
        private int maxInFlight = SettingDefaults.integer(UplinkSettings.MAX_IN_FLIGHT);
        private Duration sessionExpiry = SettingDefaults.duration(UplinkSettings.SESSION_EXPIRY);
        private String storePath = UplinkSettings.STORE_PATH.defaultValue();
        private long storeMaxBytes = UplinkSettings.STORE_MAX_SIZE.fallback();
        private long memoryBytes = UplinkSettings.MEMORY_FALLBACK.fallback();
        private Duration reconnectMin = SettingDefaults.duration(UplinkSettings.RECONNECT_MIN);
        private Duration reconnectMax = SettingDefaults.duration(UplinkSettings.RECONNECT_MAX);
        private Commands commands = Commands.DEFAULT;
        private Pack pack = Pack.DEFAULT;
        private Budget budget = Budget.NONE;
        private Sparkplug sparkplug = Sparkplug.DEFAULT;

        private Builder(String broker) {
            this.broker = broker;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** {@code ssl://host:port}, or {@code tcp://host:port} with {@link #plainTcp}. */
        public Builder broker(String url) {
            this.broker = url;
            return this;
        }

        /** {@code 5} or {@code 3.1.1}. */
        public Builder protocol(String version) {
            this.protocol = version;
            return this;
        }

        public Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        /** Empty for none. */
        public Builder username(String name) {
            this.username = name;
            return this;
        }

        /** Empty for none. */
        public Builder passwordFile(String path) {
            this.passwordFile = path;
            return this;
        }

        /** Empty for the JVM's CAs. */
        public Builder caFile(String path) {
            this.caFile = path;
            return this;
        }

        /** Empty for none. */
        public Builder clientCert(String path) {
            this.clientCert = path;
            return this;
        }

        /** Empty for none. */
        public Builder clientKey(String path) {
            this.clientKey = path;
            return this;
        }

        public Builder plainTcp(boolean allowed) {
            this.plainTcp = allowed;
            return this;
        }

        /** {@code json}, {@code sparkplug} or {@code senml-cbor}. */
        public Builder format(String name) {
            this.format = name;
            return this;
        }

        public Builder group(String id) {
            this.group = id;
            return this;
        }

        public Builder topicPrefix(String prefix) {
            this.topicPrefix = prefix;
            return this;
        }

        public Builder keepAlive(Duration interval) {
            this.keepAlive = interval;
            return this;
        }

        public Builder maxInFlight(int messages) {
            this.maxInFlight = messages;
            return this;
        }

        public Builder sessionExpiry(Duration expiry) {
            this.sessionExpiry = expiry;
            return this;
        }

        /** Relative to the state directory unless absolute. */
        public Builder storePath(String path) {
            this.storePath = path;
            return this;
        }

        public Builder storeMaxBytes(long bytes) {
            this.storeMaxBytes = bytes;
            return this;
        }

        /** The bound of the in-memory fallback. */
        public Builder memoryBytes(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /** The first back-off interval and the back-off's cap. */
        public Builder reconnect(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        public Builder commands(Commands commands) {
            this.commands = commands;
            return this;
        }

        public Builder pack(Pack pack) {
            this.pack = pack;
            return this;
        }

        public Builder budget(Budget budget) {
            this.budget = budget;
            return this;
        }

        public Builder sparkplug(Sparkplug sparkplug) {
            this.sparkplug = sparkplug;
            return this;
        }

        /** @throws NullPointerException naming the component left null, as the record does */
        public UplinkConfig build() {
            return new UplinkConfig(enabled, broker, protocol, clientId, username, passwordFile, caFile, clientCert,
                    clientKey, plainTcp, format, group, topicPrefix, keepAlive, maxInFlight, sessionExpiry, storePath,
                    storeMaxBytes, memoryBytes, reconnectMin, reconnectMax, commands, pack, budget, sparkplug);
        }
    }
}
