/**
 * A water meter's pulse output driving a GPIO line: pulses from the scenario's flow, contact bounce, faults.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.watermeter;
