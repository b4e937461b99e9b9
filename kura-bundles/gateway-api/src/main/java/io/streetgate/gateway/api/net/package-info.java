/** Rules for the gateway's own network listeners. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.gateway.api.net;
