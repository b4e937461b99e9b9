package io.streetgate.uplink.testing;

import io.streetgate.uplink.link.LinkSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The brokers the uplink is tested against (docs/uplink.md, "Brokers tested"). */
public enum BrokerKind {
    /** queues without a limit as {@link Mosquitto} configures it (max_queued_messages 0; mosquitto's default is 1000) */
    MOSQUITTO(List.of(LinkSettings.Protocol.MQTT_5, LinkSettings.Protocol.MQTT_3_1_1), 0, true),
    /** HiveMQ CE's defaults: at most 1000 queued messages per session, newer ones discarded */
    HIVEMQ(List.of(LinkSettings.Protocol.MQTT_5, LinkSettings.Protocol.MQTT_3_1_1), 1000, true),
    /**
     * Moquette 0.17 speaks MQTT 3.1.1 only: it answers an MQTT 5 CONNECT with 3.1.1's "unacceptable protocol".
     * Stopped while it hands messages on, it does not always hand them all to a consumer afterwards (seen in 2 of
     * about 8 runs of the SIGKILL scenario: numbers the gateway had delivered never reached the subscriber).
     */
    MOQUETTE(List.of(LinkSettings.Protocol.MQTT_3_1_1), 0, false);

    /** The MQTT versions the broker speaks, the newest first. */
    public final List<LinkSettings.Protocol> protocols;

    /** The most messages it queues for a persistent session whose client is away; 0: no limit. */
    public final int sessionQueueLimit;

    /**
     * Whether a consumer still gets every message the broker accepted when the broker is stopped and started while
     * it hands them on (its in-flight messages to the consumer kept across its restart).
     */
    public final boolean keepsDeliveriesAcrossRestart;

    BrokerKind(List<LinkSettings.Protocol> protocols, int sessionQueueLimit, boolean keepsDeliveriesAcrossRestart) {
        this.protocols = protocols;
        this.sessionQueueLimit = sessionQueueLimit;
        this.keepsDeliveriesAcrossRestart = keepsDeliveriesAcrossRestart;
    }

    /** What a site would configure for this broker: the newest MQTT version it speaks. */
    public LinkSettings.Protocol newestProtocol() {
        return protocols.get(0);
    }

    /** Starts this broker with TLS (the test CA's server certificate) and these user names and passwords. */
    public TestBroker start(Path dir, TestPki pki, Map<String, String> users) throws Exception {
        return switch (this) {
            case MOSQUITTO -> Mosquitto.start(dir, pki, pki.serverCert, pki.serverKey, users, false);
            case HIVEMQ -> HiveMq.start(dir, pki, users);
            case MOQUETTE -> Moquette.start(dir, pki, users);
        };
    }
}
