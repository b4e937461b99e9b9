package io.streetgate.gateway.api;

import io.streetgate.driver.Health;

import java.util.List;
import java.util.Map;

/**
 * Where every part of the gateway reports its health. The status endpoint, the self-test, the OTA health
 * check and the upstream state messages read it.
 */
public interface HealthRegistry {

    /** Records the current health of a part; replaces what it reported before. */
    void report(String name, Health health, Map<String, Object> details);

    /**
     * Records several parts' health as one change: a {@link #snapshot()} has either all of them or none of
     * them (e.g. the control's actuators and its schedule, decided in one step).
     */
    void reportAll(List<ComponentStatus> parts);

    /** Forgets a part that stopped (a sensor removed from the site file). */
    void remove(String name);

    /** Every part's last report, sorted by name. */
    List<ComponentStatus> snapshot();
}
