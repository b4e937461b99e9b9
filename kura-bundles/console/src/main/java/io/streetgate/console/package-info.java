/**
 * The technician's web console (docs/console.md): accounts and sessions, the node's TLS certificate, the HTTPS
 * server and its pages' data. Plain Java and the JDK's HTTP server; the framework component in {@code internal}
 * wires it to the gateway's services.
 */
package io.streetgate.console;
