/**
 * A Sensirion SHT4x temperature and humidity sensor at bus level: commands, CRCs, timing, heater.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.sht4x;
