/** Water: volume per period, minimum night flow, leak, burst and reverse-flow events. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.water;
