package io.streetgate.uplink.link;

import io.streetgate.uplink.testing.CountingRelay;
import io.streetgate.uplink.testing.PoleBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static io.streetgate.uplink.testing.PoleBroker.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT 5 topic aliases on their own (MQTT 5.0 section 3.3.2.3.4): against a real mosquitto (whose
 * {@code max_topic_alias} is 10 unless configured), the uplink's link sends a topic's name with its first
 * publication only, then just the alias, so the bytes on the wire fall after the first message of each topic.
 * MQTT 3.1.1 has no aliases: every publication carries its topic.
 */
class TopicAliasTest {

    static final String SUMMARY = "streetgate/pole-0042/summary/env-1/temperature";
    static final String OTHER = "streetgate/pole-0042/summary/env-1/humidity";
    /** The same length each time, so that only the topic can make one publication cost more than another. */
    static final byte[] PAYLOAD = "{\"mean\":18.4,\"count\":6}".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    /** What each publication cost from the pole to the broker, counted at the socket (TLS records included). */
    List<Long> bytesSentPerPublication(LinkSettings.Protocol protocol, List<String> topics) throws Exception {
        try (CountingRelay relay = new CountingRelay(broker.mosquitto().port)) {
            LinkSettings link = LinkSettings.builder(URI.create("ssl://127.0.0.1:" + relay.port()), "alias-" + protocol)
                    .protocol(protocol).login(NODE, PASSWORD.toCharArray()).tls(broker.tls())
                    .keepAlive(Duration.ofMinutes(10)).cleanStart(true).sessionExpiry(Duration.ZERO)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            List<Long> costs = new ArrayList<>();
            try (MqttTransport t = new PahoConnector(link, 16).connect(
                    new Will("streetgate/pole-0042/state", new byte[0], 1, false), (topic, payload, expiry) -> { },
                    lost -> { })) {
                for (String topic : topics) {
                    long before = relay.sent();
                    // the PUBACK comes after the broker read the whole PUBLISH, which the relay counted first
                    int code = t.publish(topic, PAYLOAD, 1, false).get(60, TimeUnit.SECONDS);
                    // accepted: 0, or 0x10 "no matching subscribers" (MQTT 5.0 section 3.4.2.1), as nobody listens
                    assertTrue(code < 0x80, "PUBACK reason code " + code + " on " + topic);
                    costs.add(relay.sent() - before);
                }
            }
            return costs;
        }
    }

    @Test
    void withMqtt5ATopicsNameCrossesTheWireOnlyWithItsFirstPublication() throws Exception {
        List<Long> c = bytesSentPerPublication(LinkSettings.Protocol.MQTT_5,
                List.of(SUMMARY, SUMMARY, SUMMARY, OTHER, OTHER, SUMMARY));
        String costs = "bytes sent per publication: " + c;
        assertTrue(c.get(0) - c.get(1) >= SUMMARY.length(),
                "the second publication on a topic is smaller by at least the topic's " + SUMMARY.length()
                        + " bytes; " + costs);
        assertEquals(c.get(1), c.get(2), "from then on each costs the same; " + costs);
        assertTrue(c.get(3) - c.get(4) >= OTHER.length(), "a new topic gets an alias of its own; " + costs);
        assertEquals(c.get(1), c.get(5), "the first topic keeps its alias; " + costs);
    }

    @Test
    void withMqtt311EveryPublicationCarriesItsTopic() throws Exception {
        List<Long> c = bytesSentPerPublication(LinkSettings.Protocol.MQTT_3_1_1, List.of(SUMMARY, SUMMARY, SUMMARY));
        assertEquals(c.get(0), c.get(1), "bytes sent per publication: " + c);
        assertEquals(c.get(1), c.get(2), "bytes sent per publication: " + c);
    }
}
