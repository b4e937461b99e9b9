/** Payload formats the gateway publishes: the documented JSON form of summaries. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.gateway.format;
