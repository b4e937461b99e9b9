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
}
