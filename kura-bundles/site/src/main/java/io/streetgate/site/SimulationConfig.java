package io.streetgate.site;

import java.time.Instant;

/**
 * How the simulated street runs when the gateway is started with {@code --simulate}.
 *
 * @param speed how many times faster than the wall clock gateway time runs (1..10000)
 * @param start the gateway time the simulation starts at; null for now
 * @param seed  the scenario's random seed, so that runs repeat
 */
public record SimulationConfig(double speed, Instant start, long seed) {

    public static final SimulationConfig DEFAULT = new SimulationConfig(1.0, null, 1L);
}
