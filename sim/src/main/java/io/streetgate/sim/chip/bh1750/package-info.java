/**
 * A ROHM BH1750 at bus level: opcodes, MTreg, measurement timing.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.bh1750;
