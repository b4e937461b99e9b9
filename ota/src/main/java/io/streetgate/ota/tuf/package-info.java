/**
 * TUF 1.0 metadata: canonical JSON, keys and signatures (Bouncy Castle), the four top-level roles, delegations.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.ota.tuf;
