/**
 * Simulated Modbus slaves: {@link io.streetgate.sim.modbus.RegisterBank register banks} behind a
 * {@link io.streetgate.sim.modbus.ModbusTcpServer Modbus TCP server} or a
 * {@link io.streetgate.sim.modbus.ModbusRtuSlave Modbus RTU slave} on a serial device (a pty end), with device
 * models whose values follow a scenario ({@link io.streetgate.sim.modbus.EnergyMeterModel},
 * {@link io.streetgate.sim.modbus.WaterMeterModel}, ...) and faults on demand
 * ({@link io.streetgate.sim.modbus.SlaveFaults}). Plain Java; frames built from the protocol specifications
 * (Modbus Application Protocol v1.1b3, Modbus over serial line v1.02, Modbus messaging on TCP/IP v1.0b).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.modbus;
