package io.streetgate.analytics.control.hvac;

import java.time.Duration;
import java.util.Optional;

/** The street cabinet the tests share: frost protection at 5 °C, cooling from 35 °C, a PWM fan and a CO2 sensor. */
final class Cabinets {

    private Cabinets() {
    }

    static HvacConfig cabinet(boolean fanSwitching, Optional<String> fallback) {
        return new HvacConfig("cabinet", Optional.of("heater"), Optional.of("cooler"), Optional.of("fan"), fanSwitching,
                "cab-temp", Optional.of("cab-co2"), fallback, 5, 35, 1.0, Duration.ofMinutes(3),
                Duration.ofMinutes(5), 800, 400, 0.2, 0, 45, 0.5, Duration.ofMinutes(2));
    }

    static HvacConfig cabinet() {
        return cabinet(false, Optional.empty());
    }
}
