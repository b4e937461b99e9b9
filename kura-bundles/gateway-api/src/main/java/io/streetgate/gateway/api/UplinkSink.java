package io.streetgate.gateway.api;

import io.streetgate.analytics.privacy.UplinkMessage;

/**
 * Receives what may leave the pipeline: each summary, index and event after the privacy gate kept only its
 * allow-listed fields (the local broker, the MQTT uplink, the store). Register as a service; called from the
 * pipeline's thread, so implementations hand slow work off and never block.
 */
public interface UplinkSink {

    void accept(UplinkMessage message);
}
