/**
 * A Hi-Link HLK-LD2410 presence radar on a UART: report frames, configuration commands, people from the scenario.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.ld2410;
