/**
 * What the gateway's components offer each other as OSGi services: where readings go, where summaries go,
 * where health is reported, who sees readings as they arrive, who makes actuator drivers and who can test
 * the devices it owns. Plain interfaces, so bundles that feed or consume the pipeline (CoAP ingest, uplinks,
 * the local broker, the control loops) depend on nothing else of the gateway.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.streetgate.gateway.api;
