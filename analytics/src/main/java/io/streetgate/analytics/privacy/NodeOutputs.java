package io.streetgate.analytics.privacy;

import java.util.Map;
import java.util.Set;

/**
 * The allow-lists of what the node reports about itself, beside the site's analytics: actuator states, audit
 * records, the night's lamp energy and OTA reports. They are fixed here rather than in the site file because
 * none of them measures people; what names a person (the command's {@code origin}, a Unix user name in it) or
 * what a person typed (an override's note, kept in the audit's {@code detail}) stays in the node's audit log.
 * docs/privacy.md shows these lists beside the site's; a test holds the two equal.
 */
public final class NodeOutputs {

    /** The kind of the node's OTA reports: their topic is {@code <prefix>/<node>/ota/<node>} on the uplink. */
    public static final String OTA = "ota";
    /** The kind of the control's audit records. */
    public static final String AUDIT = "audit";

    /** The node's own outputs by kind. */
    public static final PrivacyConfig ALLOW = new PrivacyConfig(Map.of(
            "actuator", Set.of("sourceId", "role", "level", "reason", "detail", "since", "at"),
            AUDIT, Set.of("sourceId", "at", "action", "channel", "commandId", "oldLevel", "oldReason",
                    "newLevel", "newReason", "until"),
            "energy", Set.of("sourceId", "start", "end", "complete", "lamps", "litHours", "unit", "actual",
                    "fullOn", "saved", "savedPercent", "source"),
            // the node report of the OTA message schema (io.streetgate.ota.message.OtaMessages, docs/ota.md);
            // OtaReportPrivacyTest in ota-osgi holds the two equal
            OTA, Set.of("sourceId", "v", "campaign", "state", "version", "running", "bytes", "total", "reason",
                    "at")));

    private NodeOutputs() {
    }

    /** A gate for the node's own outputs. */
    public static PrivacyGate gate() {
        return new PrivacyGate(ALLOW);
    }

    /** Whether a kind is one of the node's own outputs. */
    public static boolean isNodeOutput(String kind) {
        return ALLOW.allow().containsKey(kind);
    }
}
