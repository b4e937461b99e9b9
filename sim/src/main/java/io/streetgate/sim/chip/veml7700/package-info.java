/**
 * A Vishay VEML7700 ambient light sensor at register level: gain, integration time, saturation, non-linearity.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.veml7700;
