/**
 * A Plantower PMS5003 particulate sensor on a UART: frames with their sums, active and passive modes, sleep.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.pms5003;
