/** Payload formats the gateway publishes: the documented JSON form of summaries (2.0: JsonMembers and
 * StreamHead, a message sent from members written before; UplinkJson.Fields of 1.1 removed; 2.1: commands
 * carry issued, expires and a signature, CommandSignature; 2.2: SenmlLabel, the SenML labels that the CoAP
 * ingest and the uplink share; 3.0: JsonMembers, StreamHead and FieldWriter removed, the uplink's store keeps
 * typed fields and the JSON format encodes from them through Jackson alone). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.0.0")
package io.streetgate.gateway.api.format;
