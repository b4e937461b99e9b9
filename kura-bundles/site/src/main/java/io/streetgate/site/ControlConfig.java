package io.streetgate.site;

import io.streetgate.analytics.control.hvac.HvacConfig;
import io.streetgate.analytics.control.lighting.LampConfig;
import io.streetgate.analytics.control.lighting.LightingConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The site file's {@code control:} section: the streetlight control, the HVAC zones and how the control
 * loop runs (docs/control.md).
 *
 * @param period      how often the control loop steps (gateway time)
 * @param maxOverride the longest a manual override may hold
 * @param reportEvery how often every actuator's state and the night's energy so far are sent upstream
 * @param lighting    the streetlight control, if the node has lamps
 * @param hvac        the HVAC zones
 */
public record ControlConfig(Duration period, Duration maxOverride, Duration reportEvery,
                            Optional<LightingConfig> lighting, List<HvacConfig> hvac) {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_OVERRIDE = Duration.ofHours(8);
    public static final Duration DEFAULT_REPORT_EVERY = Duration.ofMinutes(15);

    public ControlConfig {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(maxOverride, "maxOverride");
        Objects.requireNonNull(reportEvery, "reportEvery");
        lighting = lighting == null ? Optional.empty() : lighting;
        hvac = List.copyOf(hvac);
    }

    /** What each actuator does in a control loop, by id: lamp, heating, cooling or ventilation. */
    public Map<String, String> roles() {
        Map<String, String> roles = new LinkedHashMap<>();
        lighting.ifPresent(l -> l.lamps().stream().map(LampConfig::id).forEach(id -> roles.put(id, "lamp")));
        for (HvacConfig zone : hvac) {
            zone.heater().ifPresent(id -> roles.put(id, "heating"));
            zone.cooler().ifPresent(id -> roles.put(id, "cooling"));
            zone.fan().ifPresent(id -> roles.put(id, "ventilation"));
        }
        return roles;
    }
}
