/**
 * What the gateway's components offer each other as OSGi services: where readings go, where summaries go,
 * and where health is reported. Plain interfaces, so bundles that feed or consume the pipeline (CoAP ingest,
 * uplinks, the local broker) depend on nothing else of the gateway.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.gateway.api;
