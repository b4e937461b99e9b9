/**
 * HVAC control for a kiosk, cabinet or shelter: a two-position thermostat with a deadband, minimum on and off
 * times for every switched output, heating and cooling interlocked, demand-controlled ventilation from CO2,
 * and the fail-safe state on sensor loss (minimum ventilation, a safe temperature band).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.control.hvac;
