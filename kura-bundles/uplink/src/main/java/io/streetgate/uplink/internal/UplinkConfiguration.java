package io.streetgate.uplink.internal;

import io.streetgate.site.UplinkConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The configuration {@code streetgate.uplink}, written from the site file's {@code uplink:} section
 * (docs/uplink.md); names map to properties with '_' as '.', e.g. {@code store_max_bytes} is
 * {@code store.max.bytes}.
 */
@ObjectClassDefinition(name = "streetgate uplink",
        description = "Store-and-forward and the MQTT uplink (TLS) as Sparkplug B, JSON or SenML CBOR packs; commands "
                + "from upstream; a byte budget.")
public @interface UplinkConfiguration {

    @AttributeDefinition(description = "The node id (topics, Sparkplug edge node id)")
    String node_id();

    @AttributeDefinition(description = "Whether the uplink runs")
    boolean enabled() default true;

    @AttributeDefinition(description = "Broker URL: ssl://host:8883 (tcp:// only with plain.tcp)")
    String broker();

    @AttributeDefinition(description = "MQTT version", options = {@Option(value = "5", label = "MQTT 5"),
            @Option(value = "3.1.1", label = "MQTT 3.1.1")})
    String protocol() default "5";

    @AttributeDefinition(description = "MQTT client id; empty for the node id", required = false)
    String client_id() default "";

    @AttributeDefinition(description = "User name; empty for none", required = false)
    String username() default "";

    @AttributeDefinition(description = "File holding the password (made owner-only; never logged)", required = false)
    String password_file() default "";

    @AttributeDefinition(description = "PEM CA certificate(s) for the broker's certificate; empty for the JVM's",
            required = false)
    String ca_file() default "";

    @AttributeDefinition(description = "PEM client certificate chain", required = false)
    String client_cert() default "";

    @AttributeDefinition(description = "PKCS#8 PEM key of the client certificate (made owner-only)", required = false)
    String client_key() default "";

    @AttributeDefinition(description = "Allow tcp:// (no TLS): password and data unencrypted")
    boolean plain_tcp() default false;

    @AttributeDefinition(description = "Payload format", options = {@Option(value = "json", label = "JSON"),
            @Option(value = "sparkplug", label = "Sparkplug B 3.0"),
            @Option(value = "senml-cbor", label = "SenML CBOR packs (lean, for metered links)")})
    String format() default "json";

    @AttributeDefinition(description = "The node's group: the Sparkplug group id, and the group of OTA campaign notices (JSON)")
    String group() default "streetgate";

    @AttributeDefinition(description = "First topic levels of the JSON format")
    String topic_prefix() default "streetgate";

    @AttributeDefinition(description = "MQTT keep-alive in ms", min = "5000", max = "1200000")
    long keep_alive_ms() default 60_000;

    @AttributeDefinition(description = "Most messages waiting for their PUBACK", min = "1", max = "65535")
    int max_in_flight() default 64;

    @AttributeDefinition(description = "How long the broker keeps the session (JSON), ms", min = "0",
            max = "604800000")
    long session_expiry_ms() default 86_400_000;

    @AttributeDefinition(description = "Store file; relative to the state directory unless absolute")
    String store_path() default "uplink/store.db";

    @AttributeDefinition(description = "Store bound in bytes", min = "65536", max = "68719476736")
    long store_max_bytes() default 64L << 20;

    @AttributeDefinition(description = "In-memory fallback bound in bytes", min = "16384", max = "1073741824")
    long store_memory_bytes() default 4L << 20;

    @AttributeDefinition(description = "First reconnect back-off interval, ms", min = "100", max = "600000")
    long reconnect_min_ms() default 2_000;

    @AttributeDefinition(description = "Reconnect back-off cap, ms", min = "1000", max = "3600000")
    long reconnect_max_ms() default 300_000;

    @AttributeDefinition(description = "A command issued longer ago than this is stale and refused, ms", min = "1000",
            max = "604800000")
    long commands_max_age_ms() default UplinkConfig.Commands.DEFAULT_MAX_AGE_MS;

    @AttributeDefinition(description = "Most commands carried out per origin and minute", min = "1", max = "10000")
    long commands_per_minute() default UplinkConfig.Commands.DEFAULT_PER_MINUTE;

    @AttributeDefinition(description = "Carry out only commands signed by one of the keys")
    boolean commands_require_signature() default false;

    @AttributeDefinition(description = "Ed25519 public keys allowed to sign commands: name=base64 of the key, "
            + "separated by ','", required = false)
    String commands_keys() default "";

    @AttributeDefinition(description = "Lean format: how long a summary may wait to share a pack, ms", min = "0",
            max = "3600000")
    long pack_window_ms() default UplinkConfig.Pack.DEFAULT_WINDOW_MS;

    @AttributeDefinition(description = "Lean format: a pack's bound in bytes before compression", min = "1024",
            max = "1048576")
    long pack_max_bytes() default UplinkConfig.Pack.DEFAULT_MAX_BYTES;

    @AttributeDefinition(description = "Lean format: compression of a pack", options = {
            @Option(value = "deflate", label = "deflate (RFC 1951, raw)"), @Option(value = "none", label = "none")})
    String pack_compression() default UplinkConfig.Pack.DEFAULT_COMPRESSION;

    @AttributeDefinition(description = "Bytes the uplink may send per budget period; 0 for no budget", min = "0")
    long budget_bytes() default 0;

    @AttributeDefinition(description = "The budget's period (calendar, UTC)", options = {
            @Option(value = "day", label = "day"), @Option(value = "month", label = "month")})
    String budget_period() default UplinkConfig.Budget.DEFAULT_PERIOD;
    @AttributeDefinition(description = "Sparkplug: the Primary Host Application's id, whose STATE decides whether data "
            + "is sent or held; empty for none", required = false)
    String sparkplug_primary_host() default "";

    @AttributeDefinition(description = "Sparkplug: QoS of births, data and device deaths (0 as the specification "
            + "asks; 1: a message leaves the store only on the broker's PUBACK)", min = "0", max = "1", options = {
            @Option(value = "0", label = "QoS 0"), @Option(value = "1", label = "QoS 1")})
    int sparkplug_qos() default UplinkConfig.Sparkplug.DEFAULT_QOS;
}
