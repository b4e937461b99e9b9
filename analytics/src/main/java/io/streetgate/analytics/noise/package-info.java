/** Noise: LAeq (energy average), LAmax, L10/L50/L90, Lden with evening and night penalties, exceedances. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.noise;
