package io.streetgate.site;

import java.time.Duration;
import java.util.List;

/**
 * CoAP ingest from constrained nodes ({@code coap:} in the site file; docs/coap.md).
 *
 * @param bind         the address both endpoints bind to
 * @param dtlsEnabled  whether the DTLS 1.2 endpoint runs (on by default)
 * @param dtlsPort     its UDP port
 * @param plainEnabled whether plain CoAP runs (off by default; trusted links only)
 * @param plainPort    its UDP port
 * @param keyFile      the node key file; empty for {@code <state dir>/coap/node-keys}
 * @param rpkFile      the gateway's key pair for raw public keys; empty for the default
 * @param observe      nodes the gateway observes, {@code node-id=coap(s)://host:port/path}
 * @param quantities   SenML names to quantities, {@code name=quantity[:unit]}
 * @param maxPayload   largest payload in bytes
 * @param maxRecords   most records per payload
 * @param maxAge       oldest reading accepted
 * @param maxAhead     how far ahead of the gateway's clock a reading may be
 * @param rate         requests per second one node may make, sustained
 * @param burst        requests one node may make at once
 * @param maxSeries    distinct series (source and quantity) one node may hold at once
 * @param seriesIdle   how long a series its node stopped posting still counts against the cap
 */
public record CoapConfig(String bind, boolean dtlsEnabled, int dtlsPort, boolean plainEnabled, int plainPort,
                         String keyFile, String rpkFile, List<String> observe, List<String> quantities,
                         int maxPayload, int maxRecords, Duration maxAge, Duration maxAhead, double rate, int burst,
                         int maxSeries, Duration seriesIdle) {

    public CoapConfig {
        observe = List.copyOf(observe);
        quantities = List.copyOf(quantities);
    }
}
