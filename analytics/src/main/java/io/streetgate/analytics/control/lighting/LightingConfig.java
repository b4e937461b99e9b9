package io.streetgate.analytics.control.lighting;

import io.streetgate.driver.sun.SolarPosition;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The streetlight control (site key {@code control.lighting}).
 *
 * <p>When the lamps are lit: above {@code dayAbove} degrees of sun elevation they are off whatever the light
 * sensor says; below {@code nightBelow} (civil twilight, -6 degrees, by default) they are lit whatever it says;
 * in between the light sensor's dark/light state (smoothed, with hysteresis: analytics.light) decides, and
 * without a working sensor the astronomical sunset (-0.833 degrees, NOAA) does.
 *
 * @param latitude      degrees north (the node's)
 * @param longitude     degrees east (the node's)
 * @param zone          the time zone the profile's clock times are in
 * @param lamps         the lamps
 * @param profile       base levels per period of the night
 * @param presence      how presence raises the lamps
 * @param dayAbove      sun elevation above which the lamps are off, degrees
 * @param nightBelow    sun elevation below which the lamps are lit, degrees
 * @param lightSensor   the ambient light sensor, if any
 * @param sensorTimeout how long the light sensor may stay silent before it counts as failed
 * @param safeLevel     the fail-safe level at night when the light sensor or the loop fails
 * @param energyMeter   the energy meter of the lamps' circuit (its import counter, kWh), if any
 * @see #builder(double, double, ZoneId, List, DimmingProfile) the settings by name, with the site file's defaults
 */
public record LightingConfig(double latitude, double longitude, ZoneId zone, List<LampConfig> lamps,
                             DimmingProfile profile, PresenceConfig presence, double dayAbove, double nightBelow,
                             Optional<String> lightSensor, Duration sensorTimeout, double safeLevel,
                             Optional<String> energyMeter) {

    public LightingConfig {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(sensorTimeout, "sensorTimeout");
        lamps = List.copyOf(lamps);
        lightSensor = lightSensor == null ? Optional.empty() : lightSensor;
        energyMeter = energyMeter == null ? Optional.empty() : energyMeter;
        new SolarPosition(latitude, longitude); // checks the place
        if (lamps.isEmpty()) {
            throw new IllegalArgumentException("control.lighting.lamps is empty: name at least one lamp");
        }
        if (!(nightBelow <= SolarPosition.SUNRISE_ELEVATION && nightBelow >= -18)) {
            throw new IllegalArgumentException("control.lighting.schedule.night-below = " + nightBelow
                    + " is not valid: use a sun elevation from -18 to -0.833 degrees (civil twilight is -6)");
        }
        if (!(dayAbove >= SolarPosition.SUNRISE_ELEVATION && dayAbove <= 20)) {
            throw new IllegalArgumentException("control.lighting.schedule.day-above = " + dayAbove
                    + " is not valid: use a sun elevation from -0.833 to 20 degrees");
        }
        if (sensorTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("control.lighting.sensor-timeout = " + sensorTimeout + " is too short: use 1s or more");
        }
        Set<String> ids = new HashSet<>();
        for (LampConfig lamp : lamps) {
            if (!ids.add(lamp.id())) {
                throw new IllegalArgumentException("control.lighting.lamps names " + lamp.id() + " twice");
            }
        }
        for (LampConfig lamp : lamps) {
            for (String n : lamp.neighbours()) {
                if (!ids.contains(n)) {
                    throw new IllegalArgumentException("control.lighting.lamps." + lamp.id() + ".neighbours names "
                            + n + ", which is not a lamp here; lamps: " + String.join(", ", ids));
                }
            }
            for (DimmingProfile.Period p : profile.periods()) {
                if (p.level() < lamp.floor()) {
                    throw new IllegalArgumentException("control.lighting.profile: the period from "
                            + (p.atDusk() ? "dusk" : p.from()) + " at " + p.level() + " is below " + lamp.floorName()
                            + " of " + lamp.id() + " (" + lamp.floor() + "); raise it or lower the lamp's class");
                }
            }
            if (safeLevel < lamp.floor()) {
                throw new IllegalArgumentException("control.lighting.safe-level = " + safeLevel + " is below "
                        + lamp.floorName() + " of " + lamp.id() + " (" + lamp.floor() + ")");
            }
        }
        if (!(safeLevel > 0 && safeLevel <= 1)) {
            throw new IllegalArgumentException("control.lighting.safe-level = " + safeLevel + " is not valid: use above 0 and at most 1");
        }
    }

    public Optional<LampConfig> lamp(String id) {
        return lamps.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    // the site file's defaults (control.lighting.*): ControlSection reads with them, the builder starts from them;
    // ControlSettings' copies are held equal by ControlSectionTest
    public static final double DEFAULT_DAY_ABOVE = 3.0;
    public static final double DEFAULT_NIGHT_BELOW = SolarPosition.CIVIL_TWILIGHT_ELEVATION;
    public static final Duration DEFAULT_SENSOR_TIMEOUT = Duration.ofMinutes(2);
    public static final double DEFAULT_SAFE_LEVEL = 1.0;

    /**
     * The lighting of these lamps at this place, with every other setting at the site file's default: typical
     * presence, the schedule's thresholds, no light sensor, no energy meter.
     */
    public static Builder builder(double latitude, double longitude, ZoneId zone, List<LampConfig> lamps,
                                  DimmingProfile profile) {
        return new Builder(latitude, longitude, zone, lamps, profile);
    }

    /** A builder holding this lighting, to change some of its settings by name. */
    public Builder toBuilder() {
        return new Builder(latitude, longitude, zone, lamps, profile).presence(presence)
                .schedule(dayAbove, nightBelow).lightSensor(lightSensor).sensorTimeout(sensorTimeout)
                .safeLevel(safeLevel).energyMeter(energyMeter);
    }

    /** Named settings of the lighting; what is not set keeps the site file's default. */
    public static final class Builder {
        private final double latitude;
        private final double longitude;
        private final ZoneId zone;
        private final List<LampConfig> lamps;
        private final DimmingProfile profile;
        private PresenceConfig presence = PresenceConfig.typical();
        private double dayAbove = DEFAULT_DAY_ABOVE;
        private double nightBelow = DEFAULT_NIGHT_BELOW;
        private Optional<String> lightSensor = Optional.empty();
        private Duration sensorTimeout = DEFAULT_SENSOR_TIMEOUT;
        private double safeLevel = DEFAULT_SAFE_LEVEL;
        private Optional<String> energyMeter = Optional.empty();

        private Builder(double latitude, double longitude, ZoneId zone, List<LampConfig> lamps,
                        DimmingProfile profile) {
            this.latitude = latitude;
            this.longitude = longitude;
            this.zone = zone;
            this.lamps = lamps;
            this.profile = profile;
        }

        public Builder presence(PresenceConfig presence) {
            this.presence = presence;
            return this;
        }

        /** Sun elevations, degrees: lamps off above the first, lit below the second, whatever the sensor says. */
        public Builder schedule(double dayAbove, double nightBelow) {
            this.dayAbove = dayAbove;
            this.nightBelow = nightBelow;
            return this;
        }

        public Builder lightSensor(Optional<String> id) {
            this.lightSensor = id;
            return this;
        }

        public Builder sensorTimeout(Duration timeout) {
            this.sensorTimeout = timeout;
            return this;
        }

        /** 0..1: the level of lit lamps when the light sensor or the loop fails. */
        public Builder safeLevel(double level) {
            this.safeLevel = level;
            return this;
        }

        public Builder energyMeter(Optional<String> id) {
            this.energyMeter = id;
            return this;
        }

        /** @throws IllegalArgumentException naming the site key and the valid values, as the record does */
        public LightingConfig build() {
            return new LightingConfig(latitude, longitude, zone, lamps, profile, presence, dayAbove, nightBelow,
                    lightSensor, sensorTimeout, safeLevel, energyMeter);
        }
    }
}
