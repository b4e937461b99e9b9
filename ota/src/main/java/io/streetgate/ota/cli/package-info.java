/**
 * The picocli commands of `streetgate ota`, and the TUF client as the tuf-conformance client interface.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.ota.cli;
