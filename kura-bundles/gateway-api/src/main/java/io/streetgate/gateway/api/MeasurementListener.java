package io.streetgate.gateway.api;

import io.streetgate.driver.Measurement;

/**
 * Sees every reading the pipeline takes, as it arrives (the control loops: presence, temperatures, CO2, lamp
 * status). Register as a service; called on the thread that delivered the reading (a bus scheduler), so an
 * implementation only records what it needs and returns at once, and never throws.
 */
public interface MeasurementListener {

    void accept(Measurement measurement);
}
