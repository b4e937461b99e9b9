package io.streetgate.uplink;

/**
 * Where OTA campaign notices reach a node over its own uplink connection, whatever its uplink's format
 * (docs/ota.md, "Notices over MQTT"): the uplink subscribes to them, {@code ota campaign run} publishes on them,
 * retained, so that a node that was away finds the latest one when it connects.
 */
public final class NoticeTopics {

    private NoticeTopics() {
    }

    /** Where a node hears its own notices: {@code <prefix>/<node>/ota-notice}. */
    public static String node(String prefix, String node) {
        return prefix + "/" + node + "/ota-notice";
    }

    /** Where every node of a group hears notices: {@code <prefix>/group/<group>/ota-notice}. */
    public static String group(String prefix, String group) {
        return prefix + "/group/" + group + "/ota-notice";
    }
}
