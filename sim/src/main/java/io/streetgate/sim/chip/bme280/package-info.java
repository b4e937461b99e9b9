/**
 * A Bosch BME280 at register level, with raw values found by inverting the datasheet's compensation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.bme280;
