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

    /** Forgets a part that stopped (a sensor removed from the site file). */
    void remove(String name);

    /** Every part's last report, sorted by name. */
    List<ComponentStatus> snapshot();
}
