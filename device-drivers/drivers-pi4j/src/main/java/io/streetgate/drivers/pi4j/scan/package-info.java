/**
 * Field tools: which I2C addresses answer and what is likely there ({@link io.streetgate.drivers.pi4j.scan.I2cScan}),
 * for {@code streetgate scan}. Serial ports are listed by {@link io.streetgate.drivers.pi4j.serial.SerialPorts}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.streetgate.drivers.pi4j.scan;
