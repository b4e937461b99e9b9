/**
 * The OTA message schema, one definition for both ends: campaign notices (ops to gateways), node reports
 * (gateways to ops) and campaign state, with their JSON form ({@link OtaMessages}, docs/ota.md). Plain Java.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.ota.message;
