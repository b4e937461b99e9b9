/**
 * The simulated board behind Pi4J's provider SPI: I2C buses with register-level chips, GPIO lines, recorded
 * outputs, and per-address fault injection.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.bus;
