/**
 * One Modbus bus on a PLC4X connection ({@link io.streetgate.drivers.modbus.bus.ModbusLink}): shared by the
 * devices on it, reconnecting with back-off, backing off silent units, judging replies from the bytes on the line.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.drivers.modbus.bus;
