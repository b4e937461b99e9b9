/** Air quality: US EPA AQI (2024 PM2.5 breakpoints) with NowCast, the European Air Quality Index. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.air;
