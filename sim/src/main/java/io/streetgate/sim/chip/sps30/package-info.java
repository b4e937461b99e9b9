/**
 * A Sensirion SPS30 particulate matter sensor on I2C: measurement, data-ready, sleep and wake, fan cleaning.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.sps30;
