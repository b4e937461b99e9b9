/**
 * What the gateway's components offer each other as OSGi services: where readings go, where summaries go,
 * where health is reported, who sees readings as they arrive, who makes actuator drivers, who can test
 * the devices it owns, the platform the drivers run on, whether the clock can be believed and the one way
 * out of the node ({@link io.streetgate.gateway.api.Outbound}) that applies it, and the local broker that
 * on-box consumers read. Plain interfaces, so bundles that feed or consume the pipeline (CoAP ingest, uplinks, the local broker, the
 * control loops, the simulator) depend on nothing else of the gateway.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.9.0")
package io.streetgate.gateway.api;
