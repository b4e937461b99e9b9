/**
 * {@code streetgate sim fleet}: many simulated gateways in one process, each running the real uplink against a
 * real broker. {@link io.streetgate.fleet.FleetCommand} is the command.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.fleet;
