/** Occupancy: presence and counts per zone and period, dwell; counts below k suppressed at the source. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.occupancy;
