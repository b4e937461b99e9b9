/**
 * The driver API: the one reading type ({@link io.streetgate.driver.Measurement}), the sensor and actuator
 * driver contracts, health states and typed driver errors. Plain Java: no OSGi, Pi4J or PLC4X types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.streetgate.driver;
