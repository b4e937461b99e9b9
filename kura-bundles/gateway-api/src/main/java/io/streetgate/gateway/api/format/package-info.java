/** Payload formats the gateway publishes: the documented JSON form of summaries (2.0: JsonMembers and
 * StreamHead, a message sent from members written before; UplinkJson.Fields of 1.1 removed). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.streetgate.gateway.api.format;
