/**
 * What Sensirion's I2C sensors share: word framing with CRC-8 and command timing.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.sensirion;
