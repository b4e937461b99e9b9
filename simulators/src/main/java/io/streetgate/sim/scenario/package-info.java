/**
 * Building blocks of scenarios: the sun's position (NOAA), deterministic smooth noise, Poisson arrivals.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.scenario;
