/** Payload formats the gateway publishes: the documented JSON form of summaries (1.1: FieldWriter, UplinkJson.Fields). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.streetgate.gateway.format;
