package io.streetgate.uplink;

import io.streetgate.site.UplinkConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * What an uplink speaks and how it sends; the parts are the site file's ({@link UplinkConfig}).
 *
 * @param node        the node id (topics, the Sparkplug edge node id)
 * @param format      {@code json}, {@code sparkplug} or {@code senml-cbor}, as {@link UplinkConfig#format()}
 * @param topicPrefix first topic levels of the JSON and SenML formats
 * @param group       the node's group (Sparkplug group id, OTA campaign notices)
 * @param sparkplug   primary host and QoS of the Sparkplug format
 * @param pack        how the SenML CBOR format gathers summaries into packs
 * @param budget      the byte allowance, or {@link UplinkConfig.Budget#NONE}
 * @param sending     in-flight window and back-off of the sender
 */
public record UplinkSettings(String node, String format, String topicPrefix, String group,
                             UplinkConfig.Sparkplug sparkplug, UplinkConfig.Pack pack, UplinkConfig.Budget budget,
                             Sending sending) {

    public UplinkSettings {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sparkplug, "sparkplug");
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(sending, "sending");
    }

    /**
     * @param maxInflight  the largest in-flight window (the broker's Receive Maximum may lower it)
     * @param reconnectMin first back-off interval
     * @param reconnectMax back-off cap
     */
    public record Sending(int maxInflight, Duration reconnectMin, Duration reconnectMax) {
        public Sending {
            Objects.requireNonNull(reconnectMin, "reconnectMin");
            Objects.requireNonNull(reconnectMax, "reconnectMax");
        }
    }
}
