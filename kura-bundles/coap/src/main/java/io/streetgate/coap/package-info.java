/**
 * CoAP ingest for constrained nodes: the node key file ({@link io.streetgate.coap.NodeKeys}) that says which
 * nodes may post readings and how each proves who it is.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.streetgate.coap;
