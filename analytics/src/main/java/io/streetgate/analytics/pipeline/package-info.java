/** The chain the gateway calls: quality filters, windows, analyzers, privacy gate. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.pipeline;
