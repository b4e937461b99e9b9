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
 * @see #builder(String) the settings by name, with the site file's defaults
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

    /** An uplink for this node with the rest at the site file's defaults ({@link UplinkConfig#builder}). */
    public static Builder builder(String node) {
        return new Builder(node);
    }

    /** A builder holding these settings, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder(node).format(format).topicPrefix(topicPrefix).group(group).sparkplug(sparkplug).pack(pack)
                .budget(budget).sending(sending);
    }

    /** The settings by name; {@link #build()} checks them as the record does. */
    public static final class Builder {
        private final String node;
        private String format;
        private String topicPrefix;
        private String group;
        private UplinkConfig.Sparkplug sparkplug;
        private UplinkConfig.Pack pack;
        private UplinkConfig.Budget budget;
        private Sending sending;

        private Builder(String node) {
            this.node = node;
            UplinkConfig site = UplinkConfig.builder("").build();
            format = site.format();
            topicPrefix = site.topicPrefix();
            group = site.group();
            sparkplug = site.sparkplug();
            pack = site.pack();
            budget = site.budget();
            sending = new Sending(site.maxInFlight(), site.reconnectMin(), site.reconnectMax());
        }

        /** {@code json}, {@code sparkplug} or {@code senml-cbor}. */
        public Builder format(String name) {
            this.format = name;
            return this;
        }

        public Builder topicPrefix(String prefix) {
            this.topicPrefix = prefix;
            return this;
        }

        public Builder group(String id) {
            this.group = id;
            return this;
        }

        public Builder sparkplug(UplinkConfig.Sparkplug sparkplug) {
            this.sparkplug = sparkplug;
            return this;
        }

        public Builder pack(UplinkConfig.Pack pack) {
            this.pack = pack;
            return this;
        }

        public Builder budget(UplinkConfig.Budget budget) {
            this.budget = budget;
            return this;
        }

        public Builder sending(Sending sending) {
            this.sending = sending;
            return this;
        }

        /** @throws NullPointerException naming the setting left null, as the record does */
        public UplinkSettings build() {
            return new UplinkSettings(node, format, topicPrefix, group, sparkplug, pack, budget, sending);
        }
    }
}
