package io.streetgate.gateway.api;

import io.streetgate.analytics.Summary;

/**
 * Receives each summary when its window closes (the local broker, the uplink, the store). Register as a
 * service; called from the pipeline's thread, so implementations hand slow work off.
 */
public interface SummarySink {

    void accept(Summary summary);
}
