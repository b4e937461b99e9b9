package io.streetgate.analytics.control.lighting;

import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.driver.sun.SolarPosition;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The lighting set-up the tests share: two lamps on Harbour Street, Hamburg, class M4 with its level 0.3. */
final class StreetLights {

    static final double LAT = 53.5461;
    static final double LON = 9.9661;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final double FLOOR = 0.3;

    /** Full light from dusk, 70 % from 22:00, 40 % from midnight, full again from 05:00. */
    static final DimmingProfile PROFILE = new DimmingProfile(List.of(
            DimmingProfile.Period.atDusk(1.0),
            new DimmingProfile.Period(LocalTime.of(22, 0), 0.7),
            new DimmingProfile.Period(LocalTime.of(0, 0), 0.4),
            new DimmingProfile.Period(LocalTime.of(5, 0), 1.0)));

    private StreetLights() {
    }

    static LampConfig lamp(String id, List<String> sensors, List<String> neighbours) {
        return new LampConfig(id, LightingClass.M4, FLOOR, sensors, neighbours, LedDriverPower.typical(60), Optional.empty());
    }

    static LightingConfig config(DimmingProfile profile, PresenceConfig presence) {
        return LightingConfig.builder(LAT, LON, BERLIN,
                List.of(lamp("lamp-1", List.of("pir-1"), List.of("lamp-2")), lamp("lamp-2", List.of("pir-2"), List.of())),
                profile).presence(presence).schedule(3.0, SolarPosition.CIVIL_TWILIGHT_ELEVATION)
                .lightSensor(Optional.of("light-1")).sensorTimeout(Duration.ofMinutes(2)).safeLevel(0.8).build();
    }

    static LightingConfig config() {
        return config(PROFILE, PresenceConfig.typical());
    }

    /** What a photocell sees: dark once the sun is 3 degrees below the horizon. */
    static AmbientLight ambient(java.time.Instant at) {
        double elevation = new SolarPosition(LAT, LON).elevation(at);
        double lux = elevation > 0 ? 1000 : Math.max(0, 400 * Math.pow(10, elevation / 2));
        return new AmbientLight("light-1", at, lux, lux, elevation < -3);
    }
}
