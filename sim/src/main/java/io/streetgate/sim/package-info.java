/**
 * The simulated street: {@link io.streetgate.sim.SimulatedStreet} (chips for a site file's devices behind Pi4J
 * providers, fault injection), the {@link io.streetgate.sim.Scenario} it follows and the default
 * {@link io.streetgate.sim.StreetScenario}, and {@link io.streetgate.sim.ManualClock} for stepping it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim;
