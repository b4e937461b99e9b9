package io.streetgate.sim;

import io.streetgate.driver.Quantity;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What happens in the street, as deterministic functions of gateway time: the simulated chips read their
 * physical inputs from here. Values are what a perfect instrument would see; the chip models add their own
 * resolution and limits. A simulated street asks for passers-by a minute ahead of its clock, so a scenario
 * must not change what it says about an interval once asked.
 */
public interface Scenario {

    /** Ambient illuminance at the sensor, lux. */
    double ambientLux(Instant at);

    /** Air temperature, degrees Celsius. */
    double temperature(Instant at);

    /** Relative humidity, percent 0..100. */
    double relativeHumidity(Instant at);

    /** Barometric pressure at the sensor, pascal. */
    double pressure(Instant at);

    /** The instants in [from, to) at which someone passes through a zone (a PIR's field of view), in order. */
    List<Instant> passersBy(String zone, Instant from, Instant to);

    /**
     * Any quantity by its driver-API name, for the chips that later issues add (particulates, noise, CO2,
     * water): a scenario overrides this for what it models and falls back to this default.
     *
     * @param zone where in the street (a device's zone, or its id)
     * @return the value in the quantity's own unit, or empty when this scenario does not model it
     */
    default OptionalDouble value(Quantity quantity, String zone, Instant at) {
        if (quantity == Quantity.TEMPERATURE) {
            return OptionalDouble.of(temperature(at));
        }
        if (quantity == Quantity.HUMIDITY) {
            return OptionalDouble.of(relativeHumidity(at));
        }
        if (quantity == Quantity.PRESSURE) {
            return OptionalDouble.of(pressure(at));
        }
        if (quantity == Quantity.ILLUMINANCE) {
            return OptionalDouble.of(ambientLux(at));
        }
        return OptionalDouble.empty();
    }
}
