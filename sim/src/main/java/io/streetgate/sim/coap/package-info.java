/**
 * Simulated constrained nodes: battery-powered CoAP clients that post SenML (RFC 8428, JSON or CBOR) to the
 * gateway at a period over DTLS with a pre-shared key (or plain CoAP), their readings following simple
 * scenario functions (soil moisture, temperature, water level, a draining battery). For the simulated street
 * and the CoAP load test.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.sim.coap;
