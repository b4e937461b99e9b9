/**
 * The TUF client workflow: root rotation, timestamp, snapshot, targets, delegations, target lookup and download.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.ota.client;
