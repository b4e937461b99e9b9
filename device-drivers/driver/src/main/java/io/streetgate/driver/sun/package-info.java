/**
 * The sun's position (NOAA's equations) and its crossings: sunrise, sunset and twilight for a place. A fact of
 * time and place, here at the bottom so that the lighting control (analytics) and the simulated street (sim)
 * share one sun without the simulator depending on analytics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.driver.sun;
