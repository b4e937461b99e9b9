/**
 * The accounts of the MQTT broker the gateway runs on loopback for on-box consumers. The broker's service
 * interface, {@link io.streetgate.gateway.api.LocalBroker}, is in gateway-api (2.0.0: it moved there).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.streetgate.broker;
