/**
 * The device agent: a journaled state machine from update notice to commit or rollback, with reports upstream.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.streetgate.ota.agent;
