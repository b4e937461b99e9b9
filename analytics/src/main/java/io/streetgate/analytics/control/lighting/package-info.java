/**
 * Streetlight control: an astronomical schedule bounding the ambient light sensor's dark/light state, a
 * dimming profile per period of the night above the lighting class's floor, presence raising lamps with
 * ramp-up, hold and fade (and their neighbours), the fail-safe level, and the energy a night used against
 * full-on.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.control.lighting;
