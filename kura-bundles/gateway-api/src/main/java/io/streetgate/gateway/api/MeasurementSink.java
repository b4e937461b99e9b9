package io.streetgate.gateway.api;

import io.streetgate.driver.Measurement;

/** Takes readings into the gateway's pipeline. Thread-safe; never blocks on I/O. */
public interface MeasurementSink {

    void accept(Measurement measurement);
}
