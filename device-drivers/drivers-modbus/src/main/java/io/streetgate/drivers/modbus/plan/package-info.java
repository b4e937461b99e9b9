/** The read planner: the fewest requests that cover a device's entries within its limits. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.drivers.modbus.plan;
