/**
 * SenML (RFC 8428) in its JSON and CBOR representations: a strict, bounded decoder that resolves base fields
 * and relative times, an encoder, and the mapping of resolved records to the gateway's {@code Measurement}s.
 * Plain Java on the driver API and Jackson's streaming parsers: no CoAP or OSGi types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.streetgate.coap.senml;
