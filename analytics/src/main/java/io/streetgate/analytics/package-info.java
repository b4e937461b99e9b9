/** Value types produced by the analytics: summaries and events, ready for the uplink. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.streetgate.analytics;
