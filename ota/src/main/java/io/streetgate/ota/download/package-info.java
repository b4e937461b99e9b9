/**
 * HTTP(S) transfers: length limits, read timeouts and minimum rate, bandwidth cap, resume with HTTP Range, bounded retries.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.ota.download;
