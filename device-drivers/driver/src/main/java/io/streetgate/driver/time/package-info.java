/**
 * The gateway's injected time: a {@link java.time.Clock} and how fast it runs against the wall clock, so that
 * a simulated street can run a night in minutes and tests a day in seconds.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.driver.time;
