/**
 * Building blocks of scenarios: deterministic smooth noise, Poisson arrivals, urban activity. The sun's position
 * is {@code io.streetgate.driver.sun.SolarPosition}, shared with the lighting control.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.streetgate.sim.scenario;
