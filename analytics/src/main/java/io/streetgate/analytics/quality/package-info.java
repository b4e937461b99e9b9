/**
 * Quality filters: range, rate of change, Hampel outliers, stuck and flat-line sensors, gaps. Readings are
 * flagged and counted, never changed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.quality;
