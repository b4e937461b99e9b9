/**
 * The uplink for callers outside this bundle: {@link io.streetgate.uplink.Uplink} opens an uplink on its store
 * file with {@link io.streetgate.uplink.UplinkSettings} and a {@link io.streetgate.uplink.Broker}, sends, starts,
 * reports how it is doing and stops. Its signatures name only this package, the gateway API, site and
 * the privacy gate's message: the store, the sender, the formats and the MQTT link stay private to the bundle.
 * The fleet simulator uses it, so that a simulated pole runs what a real one runs (the gateway's own
 * store-forwarder component assembles the same parts inside the bundle). {@link io.streetgate.uplink.BrokerClient}
 * is a plain client connected the way the uplink connects, and {@link io.streetgate.uplink.NoticeTopics} where
 * nodes hear OTA campaign notices: {@code ota campaign run} uses both.
 * 2.0.0: {@code UplinkAssembly} (which named the bundle's private types) left this package.
 * 2.1.0: {@code BrokerClient}, {@code NoticeTopics}, {@code Broker.password} and {@code Broker.ownerOnly}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package io.streetgate.uplink;
