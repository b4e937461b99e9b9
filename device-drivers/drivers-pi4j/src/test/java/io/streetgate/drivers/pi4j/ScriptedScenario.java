package io.streetgate.drivers.pi4j;

import io.streetgate.driver.Quantity;
import io.streetgate.sim.Scenario;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A street whose values a test sets by hand, and whose passers-by come at the instants a test lists. */
public final class ScriptedScenario implements Scenario {

    public volatile double lux = 250;
    public volatile double temperature = 18.5;
    public volatile double humidity = 55;
    public volatile double pressure = 100_500;
    public final List<Instant> passers = new CopyOnWriteArrayList<>();
    /** Any other quantity (CO2, particulates, sound level, flow), the same in every zone. */
    public final Map<Quantity, Double> values = new ConcurrentHashMap<>();

    public ScriptedScenario set(Quantity quantity, double value) {
        values.put(quantity, value);
        return this;
    }

    @Override
    public OptionalDouble value(Quantity quantity, String zone, Instant at) {
        Double v = values.get(quantity);
        return v != null ? OptionalDouble.of(v) : Scenario.super.value(quantity, zone, at);
    }

    @Override
    public double ambientLux(Instant at) {
        return lux;
    }

    @Override
    public double temperature(Instant at) {
        return temperature;
    }

    @Override
    public double relativeHumidity(Instant at) {
        return humidity;
    }

    @Override
    public double pressure(Instant at) {
        return pressure;
    }

    @Override
    public List<Instant> passersBy(String zone, Instant from, Instant to) {
        return passers.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).sorted().toList();
    }
}
