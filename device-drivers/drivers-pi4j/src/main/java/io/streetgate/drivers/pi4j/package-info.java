/**
 * Sensor drivers on Pi4J 2.8 ({@link io.streetgate.drivers.pi4j.Pi4jDriverFactory}) and the Pi4J context for
 * real hardware ({@link io.streetgate.drivers.pi4j.Pi4jPlatforms}). One sub-package per chip family.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.drivers.pi4j;
