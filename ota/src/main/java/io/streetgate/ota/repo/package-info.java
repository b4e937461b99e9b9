/**
 * The ops-side repository: init, add, sign (threshold, merged signatures), rotate, renew and publish as static files.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.ota.repo;
