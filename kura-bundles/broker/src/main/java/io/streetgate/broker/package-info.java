/** The MQTT broker the gateway runs on loopback for on-box consumers. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.broker;
