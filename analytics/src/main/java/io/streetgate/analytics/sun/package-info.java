/** The sun's position (NOAA's equations) and its crossings: sunrise, sunset and twilight for a place. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.sun;
