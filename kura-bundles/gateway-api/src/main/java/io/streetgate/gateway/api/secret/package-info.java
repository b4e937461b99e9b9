/** Secrets in files only the service can read. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.gateway.api.secret;
