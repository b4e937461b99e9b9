package io.streetgate.sim.coap;

import io.streetgate.sim.Scenario;
import io.streetgate.sim.scenario.SmoothNoise;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * One thing a simulated node measures: its SenML name, unit, and a deterministic function of time (the same
 * instant always gives the same value, so runs can be repeated).
 *
 * @param name  the name below the node's base name, e.g. {@code temperature}
 * @param unit  the SenML unit
 * @param value the value at an instant
 */
public record NodeChannel(String name, String unit, Function<Instant, Double> value) {

    public NodeChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(value, "value");
    }

    /** Air temperature from the street's scenario, degrees Celsius. */
    public static NodeChannel temperature(Scenario street) {
        return new NodeChannel("temperature", "Cel", street::temperature);
    }

    /**
     * Volumetric soil moisture, percent: between about 13 % (near the wilting point of a loam) and 35 % (field
     * capacity), wetting and drying over days as smooth random weather.
     */
    public static NodeChannel soilMoisture(long seed) {
        SmoothNoise weather = new SmoothNoise(seed, Duration.ofDays(2));
        SmoothNoise showers = new SmoothNoise(seed + 1, Duration.ofHours(3));
        return new NodeChannel("moisture", "%", at -> 24 + 9 * weather.at(at) + 2 * showers.at(at));
    }

    /** A water level in metres: a slow swell (about 12 h 25 min, like a tidal river) with gusts of noise. */
    public static NodeChannel waterLevel(long seed, double meanMetres) {
        SmoothNoise gusts = new SmoothNoise(seed, Duration.ofMinutes(10));
        double period = Duration.ofMinutes(745).toSeconds();
        return new NodeChannel("level", "m", at -> meanMetres
                + 0.4 * Math.sin(2 * Math.PI * at.getEpochSecond() / period) + 0.05 * gusts.at(at));
    }
}
