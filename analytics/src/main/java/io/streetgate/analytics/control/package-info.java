/**
 * What the control loops on the node share: the setting of an actuator with the reason for it, manual
 * overrides with their mandatory expiry and the rules that accept or refuse them, and the audit and state
 * records that leave the node. Plain Java, no I/O: the OSGi control component drives it with the gateway's
 * clock, tests with a manual one (whole nights in milliseconds).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.streetgate.analytics.control;
