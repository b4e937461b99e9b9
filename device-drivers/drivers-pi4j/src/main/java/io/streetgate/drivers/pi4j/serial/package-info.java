/**
 * Serial ports on Linux: a Pi4J serial provider for plain ttys ({@link
 * io.streetgate.drivers.pi4j.serial.LinuxTtySerialProvider}), and the list of the machine's ports for
 * {@code streetgate scan} ({@link io.streetgate.drivers.pi4j.serial.SerialPorts}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.drivers.pi4j.serial;
