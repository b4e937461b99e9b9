/**
 * The simulated street of a site file, set up once for everything that runs on it: the gateway in a simulated
 * run (through this bundle's component) and the launcher's offline commands ({@code selftest --offline
 * --simulate}, {@code scan --simulate}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.platform;
