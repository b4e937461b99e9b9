/**
 * Phased campaigns: phases, failure threshold that halts, maintenance window, fleet status from node reports.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.streetgate.ota.campaign;
