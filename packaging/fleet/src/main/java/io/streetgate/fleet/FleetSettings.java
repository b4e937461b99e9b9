package io.streetgate.fleet;

import io.streetgate.site.UplinkConfig;
import io.streetgate.uplink.Broker;
import io.streetgate.uplink.UplinkSettings;

import javax.net.ssl.SSLSocketFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the fleet runs: how many poles, what they are called, how they reach the broker and how they speak.
 *
 * @param gateways       how many simulated gateways
 * @param prefix         node ids are {@code <prefix>-0001} ...
 * @param broker         {@code tcp://} or {@code ssl://} broker URL
 * @param protocol       MQTT {@code 5} or {@code 3.1.1}
 * @param sparkplug      Sparkplug B instead of the JSON format
 * @param username       login of every node, {@code {node}} replaced by its id; null for none
 * @param password       null for none
 * @param tls            verifies the broker for {@code ssl://}; null for plain TCP
 * @param topicPrefix    first topic level of the JSON format
 * @param group          Sparkplug group id
 * @param stagger        the nodes' first connects are spread evenly over this much real time
 * @param keepAlive      MQTT keep-alive
 * @param reconnectMin   the uplink's back-off: first interval
 * @param reconnectMax   the uplink's back-off: cap
 * @param storeMaxBytes  bound of each node's store file
 */
record FleetSettings(int gateways, String prefix, URI broker, String protocol, boolean sparkplug,
                     String username, char[] password, SSLSocketFactory tls, String topicPrefix, String group,
                     Duration stagger, Duration keepAlive, Duration reconnectMin, Duration reconnectMax,
                     long storeMaxBytes) {

    static final int MAX_GATEWAYS = 9999;

    FleetSettings {
        if (gateways < 1 || gateways > MAX_GATEWAYS) {
            throw new IllegalArgumentException("--gateways " + gateways + " is not in 1.." + MAX_GATEWAYS
                    + " (more than that per process: run several processes with different --prefix)");
        }
        if (!prefix.matches("[A-Za-z0-9._:-]{1,59}")) {
            throw new IllegalArgumentException("--prefix '" + prefix + "' must be 1-59 of A-Z a-z 0-9 . _ : - "
                    + "(it starts each node id and MQTT client id)");
        }
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(stagger, "stagger");
        // a protocol the uplink does not know is refused here, once, not by every node's open
        new Broker(broker, protocol, prefix, null, null, tls, Objects.requireNonNull(keepAlive, "keepAlive"),
                Duration.ZERO);
    }

    String nodeId(int index) {
        return String.format("%s-%04d", prefix, index + 1);
    }

    /** What one node's uplink speaks and how it sends: the settings' format, no budget, a window of 64. */
    UplinkSettings uplink(String node) {
        return UplinkSettings.builder(node).format(sparkplug ? "sparkplug" : "json").topicPrefix(topicPrefix)
                .group(group).sparkplug(UplinkConfig.Sparkplug.DEFAULT).pack(UplinkConfig.Pack.DEFAULT)
                .budget(UplinkConfig.Budget.NONE).sending(new UplinkSettings.Sending(64, reconnectMin, reconnectMax))
                .build();
    }

    /** How one node reaches the broker: its id as client id, a JSON node's session kept for a day. */
    Broker broker(String node) {
        return new Broker(broker, protocol, node, username == null ? null : username.replace("{node}", node),
                password, tls, keepAlive, Duration.ofDays(1));
    }

    String describeFormat() {
        return (sparkplug ? "Sparkplug B (group " + group + ")" : "JSON (under " + topicPrefix + "/)") + ", MQTT "
                + protocol;
    }
}
