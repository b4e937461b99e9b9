package io.streetgate.analytics.control.hvac;

import java.time.Duration;
import java.util.Optional;

/** The street cabinet the tests share: frost protection at 5 °C, cooling from 35 °C, a PWM fan and a CO2 sensor. */
final class Cabinets {

    private Cabinets() {
    }

    static HvacConfig cabinet(boolean fanSwitching, Optional<String> fallback) {
        return HvacConfig.builder("cabinet", "cab-temp").heater(Optional.of("heater")).cooler(Optional.of("cooler"))
                .fan(Optional.of("fan"), fanSwitching).co2Sensor(Optional.of("cab-co2")).fallbackSensor(fallback)
                .setpoints(5, 35).deadband(1.0).minimumTimes(Duration.ofMinutes(3), Duration.ofMinutes(5))
                .co2(800, 400).minimumVentilation(0.2).failSafeBand(0, 45).failSafeVentilation(0.5)
                .sensorTimeout(Duration.ofMinutes(2)).build();
    }

    static HvacConfig cabinet() {
        return cabinet(false, Optional.empty());
    }
}
