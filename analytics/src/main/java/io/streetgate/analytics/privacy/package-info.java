/** The privacy gate: per-output allow-lists; raw audio and identifiers never leave. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.analytics.privacy;
