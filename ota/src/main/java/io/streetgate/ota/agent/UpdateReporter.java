package io.streetgate.ota.agent;

import io.streetgate.ota.message.NodeReport;

/** Where reports go (the MQTT uplink in the gateway, a list in tests). Must not block for long. */
@FunctionalInterface
public interface UpdateReporter {
    void report(NodeReport report);
}
