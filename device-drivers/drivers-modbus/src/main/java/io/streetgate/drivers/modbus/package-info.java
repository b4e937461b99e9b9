/**
 * Modbus TCP and RTU drivers on Apache PLC4X, driven by register maps in data:
 * {@link io.streetgate.drivers.modbus.ModbusDriverFactory} (sensor and actuator drivers, the device catalog) and
 * {@link io.streetgate.drivers.modbus.ModbusScan} (which unit ids answer on a bus).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.streetgate.drivers.modbus;
