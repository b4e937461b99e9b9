/**
 * A TI ADS1115 16-bit ADC at register level, with a source of volts on each input.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.ads1115;
