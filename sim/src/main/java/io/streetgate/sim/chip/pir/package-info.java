/**
 * A PIR motion module driving a GPIO line: hold time, blocking time, bounce.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.chip.pir;
