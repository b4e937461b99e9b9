package io.streetgate.analytics.control.hvac;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One HVAC zone (site key {@code control.hvac.<name>}). Heating comes on at {@code heatingSetpoint - deadband/2}
 * and goes off at {@code heatingSetpoint + deadband/2}; cooling comes on at {@code coolingSetpoint +
 * deadband/2} and goes off at {@code coolingSetpoint - deadband/2}; the two bands may not overlap. Every
 * switched output keeps its minimum on and off times (compressors and burners: commonly 3-5 minutes, to
 * prevent short-cycling). Ventilation runs between the minimum and full over the CO2 band above the setpoint
 * (demand-controlled ventilation: common setpoints 800-1000 ppm, modulated over about 400 ppm). Sources:
 * ../shared/reference/formulas.md and domain-facts-with-sources.md, HVAC.
 *
 * @param name                the zone, e.g. {@code cabinet}
 * @param heater              the heating output (a relay), if any
 * @param cooler              the cooling output (a relay), if any
 * @param fan                 the ventilation output, if any
 * @param fanSwitching        the fan is a relay (on/off) rather than a variable output
 * @param temperatureSensor   the sensor of the zone's temperature
 * @param co2Sensor           the sensor of the zone's CO2, if any
 * @param fallbackSensor      another temperature source used on the fail-safe band when the zone's sensor fails
 * @param heatingSetpoint     °C
 * @param coolingSetpoint     °C
 * @param deadband            K, the width of each on/off band
 * @param minimumOn           the least time a switched output stays on
 * @param minimumOff          the least time a switched output stays off
 * @param co2Setpoint         ppm at which ventilation starts to rise
 * @param co2Band             ppm above the setpoint at which ventilation is full
 * @param minimumVentilation  0..1, the level the fan never goes below
 * @param safeLow             °C, the fail-safe band's low end (heating below it on the fallback sensor)
 * @param safeHigh            °C, the fail-safe band's high end (cooling above it on the fallback sensor)
 * @param failSafeVentilation 0..1, the fan level when the CO2 or temperature sensor fails
 * @param sensorTimeout       how long a sensor may stay silent before it counts as failed
 * @see #builder(String, String) the settings by name, with the site file's defaults
 * @see #toBuilder() to change some settings of a zone
 */
public record HvacConfig(String name, Optional<String> heater, Optional<String> cooler, Optional<String> fan,
                         boolean fanSwitching, String temperatureSensor, Optional<String> co2Sensor,
                         Optional<String> fallbackSensor, double heatingSetpoint, double coolingSetpoint,
                         double deadband, Duration minimumOn, Duration minimumOff, double co2Setpoint, double co2Band,
                         double minimumVentilation, double safeLow, double safeHigh, double failSafeVentilation,
                         Duration sensorTimeout) {

    public HvacConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(temperatureSensor, "temperatureSensor");
        Objects.requireNonNull(minimumOn, "minimumOn");
        Objects.requireNonNull(minimumOff, "minimumOff");
        Objects.requireNonNull(sensorTimeout, "sensorTimeout");
        heater = heater == null ? Optional.empty() : heater;
        cooler = cooler == null ? Optional.empty() : cooler;
        fan = fan == null ? Optional.empty() : fan;
        co2Sensor = co2Sensor == null ? Optional.empty() : co2Sensor;
        fallbackSensor = fallbackSensor == null ? Optional.empty() : fallbackSensor;
        String at = "control.hvac." + name + ".";
        if (heater.isEmpty() && cooler.isEmpty() && fan.isEmpty()) {
            throw new IllegalArgumentException(at + "heater, cooler and fan are all missing: name at least one output");
        }
        if (!(deadband > 0 && deadband <= 10)) {
            throw new IllegalArgumentException(at + "deadband = " + deadband + " is not valid: use above 0 up to 10 K (0.5-1 K is usual)");
        }
        if (heatingSetpoint + deadband / 2 >= coolingSetpoint - deadband / 2) {
            throw new IllegalArgumentException(at + "heating-setpoint " + heatingSetpoint + " and cooling-setpoint "
                    + coolingSetpoint + " are closer than the deadband (" + deadband + " K): heating would end where "
                    + "cooling starts; move them apart");
        }
        if (minimumOn.isNegative() || minimumOff.isNegative() || minimumOn.compareTo(Duration.ofHours(1)) > 0
                || minimumOff.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(at + "minimum-on and minimum-off must be 0s..1h (3-5 min is usual)");
        }
        if (!(co2Setpoint >= 400 && co2Setpoint <= 5000)) {
            throw new IllegalArgumentException(at + "co2-setpoint = " + co2Setpoint + " is not valid: use 400..5000 ppm (800-1000 is usual)");
        }
        if (!(co2Band >= 50 && co2Band <= 5000)) {
            throw new IllegalArgumentException(at + "co2-band = " + co2Band + " is not valid: use 50..5000 ppm (about 400 is usual)");
        }
        for (double v : new double[]{minimumVentilation, failSafeVentilation}) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(at + "minimum-ventilation and fail-safe.ventilation must be 0..1, not " + v);
            }
        }
        if (failSafeVentilation < minimumVentilation) {
            throw new IllegalArgumentException(at + "fail-safe.ventilation " + failSafeVentilation
                    + " is below minimum-ventilation " + minimumVentilation);
        }
        if (!(safeLow < safeHigh)) {
            throw new IllegalArgumentException(at + "fail-safe.band: low " + safeLow + " must be below high " + safeHigh);
        }
        if (sensorTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(at + "sensor-timeout is too short: use 1s or more");
        }
    }

    // the site file's defaults (control.hvac.<name>.*), written once: ControlSection reads with them, the builder
    // starts from them
    public static final double DEFAULT_HEATING_SETPOINT = 5;
    public static final double DEFAULT_COOLING_SETPOINT = 35;
    public static final double DEFAULT_DEADBAND = 1;
    public static final Duration DEFAULT_MINIMUM_ON = Duration.ofMinutes(3);
    public static final Duration DEFAULT_MINIMUM_OFF = Duration.ofMinutes(5);
    public static final double DEFAULT_CO2_SETPOINT = 800;
    public static final double DEFAULT_CO2_BAND = 400;
    public static final double DEFAULT_MINIMUM_VENTILATION = 0.2;
    /** The fail-safe band reaches this far beyond the setpoints unless given. */
    private static final double DEFAULT_SAFE_MARGIN = 5;
    /** The fail-safe ventilation unless given: this, or the minimum ventilation if that is higher. */
    private static final double DEFAULT_FAIL_SAFE_VENTILATION = 0.5;
    public static final Duration DEFAULT_SENSOR_TIMEOUT = Duration.ofMinutes(2);

    /** A zone controlled on a temperature sensor, with every other setting at the site file's default. */
    public static Builder builder(String name, String temperatureSensor) {
        return new Builder(name, temperatureSensor);
    }

    /**
     * A builder holding this zone, to change some of its settings by name. The fail-safe band and ventilation are
     * carried as they are: changing the setpoints through it does not move them.
     */
    public Builder toBuilder() {
        return new Builder(name, temperatureSensor).heater(heater).cooler(cooler).fan(fan, fanSwitching)
                .co2Sensor(co2Sensor).fallbackSensor(fallbackSensor).setpoints(heatingSetpoint, coolingSetpoint)
                .deadband(deadband).minimumTimes(minimumOn, minimumOff).co2(co2Setpoint, co2Band)
                .minimumVentilation(minimumVentilation).failSafeBand(safeLow, safeHigh)
                .failSafeVentilation(failSafeVentilation).sensorTimeout(sensorTimeout);
    }

    /** Named settings for a zone; what is not set keeps the site file's default. */
    public static final class Builder {
        private final String name;
        private final String temperatureSensor;
        private Optional<String> heater = Optional.empty();
        private Optional<String> cooler = Optional.empty();
        private Optional<String> fan = Optional.empty();
        private boolean fanSwitching;
        private Optional<String> co2Sensor = Optional.empty();
        private Optional<String> fallbackSensor = Optional.empty();
        private double heatingSetpoint = DEFAULT_HEATING_SETPOINT;
        private double coolingSetpoint = DEFAULT_COOLING_SETPOINT;
        private double deadband = DEFAULT_DEADBAND;
        private Duration minimumOn = DEFAULT_MINIMUM_ON;
        private Duration minimumOff = DEFAULT_MINIMUM_OFF;
        private double co2Setpoint = DEFAULT_CO2_SETPOINT;
        private double co2Band = DEFAULT_CO2_BAND;
        private double minimumVentilation = DEFAULT_MINIMUM_VENTILATION;
        private Double safeLow;
        private Double safeHigh;
        private Double failSafeVentilation;
        private Duration sensorTimeout = DEFAULT_SENSOR_TIMEOUT;

        private Builder(String name, String temperatureSensor) {
            this.name = name;
            this.temperatureSensor = temperatureSensor;
        }

        public Builder heater(Optional<String> id) {
            this.heater = id;
            return this;
        }

        public Builder cooler(Optional<String> id) {
            this.cooler = id;
            return this;
        }

        public Builder fan(Optional<String> id, boolean switching) {
            this.fan = id;
            this.fanSwitching = switching;
            return this;
        }

        public Builder co2Sensor(Optional<String> id) {
            this.co2Sensor = id;
            return this;
        }

        public Builder fallbackSensor(Optional<String> id) {
            this.fallbackSensor = id;
            return this;
        }

        /** °C: heating below the first, cooling above the second. */
        public Builder setpoints(double heating, double cooling) {
            this.heatingSetpoint = heating;
            this.coolingSetpoint = cooling;
            return this;
        }

        /** K. */
        public Builder deadband(double kelvin) {
            this.deadband = kelvin;
            return this;
        }

        public Builder minimumTimes(Duration on, Duration off) {
            this.minimumOn = on;
            this.minimumOff = off;
            return this;
        }

        /** ppm: ventilation rises from the setpoint and is full a band above it. */
        public Builder co2(double setpoint, double band) {
            this.co2Setpoint = setpoint;
            this.co2Band = band;
            return this;
        }

        public Builder minimumVentilation(double level) {
            this.minimumVentilation = level;
            return this;
        }

        /** °C: the band kept on the fallback sensor when the zone's sensor fails (unless set: setpoints ± 5 K). */
        public Builder failSafeBand(double low, double high) {
            this.safeLow = low;
            this.safeHigh = high;
            return this;
        }

        /** 0..1: the fan level when a sensor fails (unless set: 0.5, or the minimum ventilation if higher). */
        public Builder failSafeVentilation(double ventilation) {
            this.failSafeVentilation = ventilation;
            return this;
        }

        public Builder sensorTimeout(Duration timeout) {
            this.sensorTimeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException naming the site key and the valid values, as the record does */
        public HvacConfig build() {
            return new HvacConfig(name, heater, cooler, fan, fanSwitching, temperatureSensor, co2Sensor,
                    fallbackSensor, heatingSetpoint, coolingSetpoint, deadband, minimumOn, minimumOff, co2Setpoint,
                    co2Band, minimumVentilation, safeLow != null ? safeLow : heatingSetpoint - DEFAULT_SAFE_MARGIN,
                    safeHigh != null ? safeHigh : coolingSetpoint + DEFAULT_SAFE_MARGIN,
                    failSafeVentilation != null ? failSafeVentilation
                            : Math.max(minimumVentilation, DEFAULT_FAIL_SAFE_VENTILATION), sensorTimeout);
        }
    }
}
