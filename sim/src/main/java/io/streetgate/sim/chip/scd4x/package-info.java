/**
 * A Sensirion SCD4x CO2 sensor at bus level: periodic measurement, data-ready, configuration, self-test.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.scd4x;
