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
 * @see #builder() the settings by name, with the site file's defaults
 */
public record CoapConfig(String bind, boolean dtlsEnabled, int dtlsPort, boolean plainEnabled, int plainPort,
                         String keyFile, String rpkFile, List<String> observe, List<String> quantities,
                         int maxPayload, int maxRecords, Duration maxAge, Duration maxAhead, double rate, int burst,
                         int maxSeries, Duration seriesIdle) {

    public CoapConfig {
        observe = List.copyOf(observe);
        quantities = List.copyOf(quantities);
    }

    /** A configuration with every key at the site file's default ({@link CoapSettings}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some keys of it by name. */
    public Builder toBuilder() {
        return new Builder().bind(bind).dtls(dtlsEnabled, dtlsPort).plain(plainEnabled, plainPort).keyFile(keyFile)
                .rpkFile(rpkFile).observe(observe).quantities(quantities).maxPayload(maxPayload).maxRecords(maxRecords)
                .maxAge(maxAge).maxAhead(maxAhead).rate(rate, burst).maxSeries(maxSeries).seriesIdle(seriesIdle);
    }

    /**
     * The keys of {@code coap:} by name. It starts from the defaults {@link CoapSettings} defines (the one
     * definition the site file is read with), so {@code coap: {}} reads as {@code builder().build()}.
     */
    public static final class Builder {
        private String bind = CoapSettings.BIND.defaultValue();
        private boolean dtlsEnabled = SettingDefaults.bool(CoapSettings.DTLS_ENABLED);
        private int dtlsPort = SettingDefaults.integer(CoapSettings.DTLS_PORT);
        private boolean plainEnabled = SettingDefaults.bool(CoapSettings.PLAIN_ENABLED);
        private int plainPort = SettingDefaults.integer(CoapSettings.PLAIN_PORT);
        private String keyFile = CoapSettings.KEY_FILE.defaultValue();
        private String rpkFile = CoapSettings.RPK_FILE.defaultValue();
        private List<String> observe = List.of();
        private List<String> quantities = List.of();
        private int maxPayload = SettingDefaults.integer(CoapSettings.MAX_PAYLOAD);
        private int maxRecords = SettingDefaults.integer(CoapSettings.MAX_RECORDS);
        private Duration maxAge = SettingDefaults.duration(CoapSettings.MAX_AGE);
        private Duration maxAhead = SettingDefaults.duration(CoapSettings.MAX_AHEAD);
        private double rate = SettingDefaults.decimal(CoapSettings.RATE);
        private int burst = SettingDefaults.integer(CoapSettings.BURST);
        private int maxSeries = SettingDefaults.integer(CoapSettings.MAX_SERIES);
        private Duration seriesIdle = SettingDefaults.duration(CoapSettings.SERIES_IDLE);

        private Builder() {
        }

        /** The address both endpoints bind to. */
        public Builder bind(String address) {
            this.bind = address;
            return this;
        }

        /** Whether the DTLS 1.2 endpoint runs, and its UDP port. */
        public Builder dtls(boolean enabled, int port) {
            this.dtlsEnabled = enabled;
            this.dtlsPort = port;
            return this;
        }

        /** Whether plain CoAP runs (trusted links only), and its UDP port. */
        public Builder plain(boolean enabled, int port) {
            this.plainEnabled = enabled;
            this.plainPort = port;
            return this;
        }

        /** Empty for {@code <state dir>/coap/node-keys}. */
        public Builder keyFile(String path) {
            this.keyFile = path;
            return this;
        }

        /** Empty for the default. */
        public Builder rpkFile(String path) {
            this.rpkFile = path;
            return this;
        }

        /** Nodes the gateway observes, {@code node-id=coap(s)://host:port/path}. */
        public Builder observe(List<String> nodes) {
            this.observe = nodes;
            return this;
        }

        /** SenML names to quantities, {@code name=quantity[:unit]}. */
        public Builder quantities(List<String> names) {
            this.quantities = names;
            return this;
        }

        /** Bytes. */
        public Builder maxPayload(int bytes) {
            this.maxPayload = bytes;
            return this;
        }

        public Builder maxRecords(int records) {
            this.maxRecords = records;
            return this;
        }

        /** The oldest reading accepted. */
        public Builder maxAge(Duration age) {
            this.maxAge = age;
            return this;
        }

        /** How far ahead of the gateway's clock a reading may be. */
        public Builder maxAhead(Duration ahead) {
            this.maxAhead = ahead;
            return this;
        }

        /** Requests per second one node may make, sustained, and at once. */
        public Builder rate(double perSecond, int burst) {
            this.rate = perSecond;
            this.burst = burst;
            return this;
        }

        /** Distinct series one node may hold at once. */
        public Builder maxSeries(int series) {
            this.maxSeries = series;
            return this;
        }

        public Builder seriesIdle(Duration idle) {
            this.seriesIdle = idle;
            return this;
        }

        public CoapConfig build() {
            return new CoapConfig(bind, dtlsEnabled, dtlsPort, plainEnabled, plainPort, keyFile, rpkFile, observe,
                    quantities, maxPayload, maxRecords, maxAge, maxAhead, rate, burst, maxSeries, seriesIdle);
        }
    }
}
