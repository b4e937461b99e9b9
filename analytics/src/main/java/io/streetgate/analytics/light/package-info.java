/** Ambient light statistics and a dark/light state with hysteresis, feeding the lighting control. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.light;
