/**
 * The uplink's front door: {@link io.streetgate.uplink.UplinkAssembly} puts a running uplink together from its
 * settings (payload format, sender, byte budget) on a store and a connection. The gateway's store-forwarder
 * component and the fleet simulator both use it, so that a simulated pole runs what a real one runs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.uplink;
