package io.streetgate.site;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code coap:} section; without it the gateway takes no CoAP readings. */
final class CoapSection {

    private CoapSection() {
    }

    static Optional<CoapConfig> read(YamlSection s) {
        if (s.node() == null) {
            return Optional.empty();
        }
        String bind = s.text(CoapSettings.BIND);
        YamlSection dtls = s.section("dtls");
        boolean dtlsOn = dtls.bool(CoapSettings.DTLS_ENABLED).orElse(true);
        int dtlsPort = dtls.integer(CoapSettings.DTLS_PORT).orElse(5684);
        dtls.rejectUnknownKeys(List.of("enabled", "port"));
        YamlSection plain = s.section("plain");
        boolean plainOn = plain.bool(CoapSettings.PLAIN_ENABLED).orElse(false);
        int plainPort = plain.integer(CoapSettings.PLAIN_PORT).orElse(5683);
        plain.rejectUnknownKeys(List.of("enabled", "port"));
        if (!dtlsOn && !plainOn) {
            s.problem("dtls", null, "and plain are both off; enable dtls (the default) or plain");
        }
        if (dtlsOn && plainOn && dtlsPort == plainPort) {
            plain.problem("port", Integer.toString(plainPort), "is also the DTLS port; give them different ports");
        }
        String keyFile = s.text(CoapSettings.KEY_FILE);
        String rpkFile = s.text(CoapSettings.RPK_FILE);
        List<String> observe = s.scalars(CoapSettings.OBSERVE.name());
        for (String entry : observe) {
            // the node id itself is checked against the key file by the ingest (ids may be URNs: urn:dev:ow:...)
            if (!entry.matches("[^=\\s]+=coaps?://\\S+")) {
                s.problem("observe", entry, "is not node-id=coap://host:port/path (or coaps://)");
            }
        }
        List<String> quantities = s.scalars(CoapSettings.QUANTITIES.name());
        for (String entry : quantities) {
            if (!entry.matches("[^=\\s]+=[a-z][a-z0-9_]*(:[^\\s]+)?")) {
                s.problem("quantities", entry, "is not name=quantity or name=quantity:unit, e.g. moisture=soil_moisture:%");
            }
        }
        YamlSection limits = s.section("limits");
        int maxPayload = limits.integer(CoapSettings.MAX_PAYLOAD).orElse(4096);
        int maxRecords = limits.integer(CoapSettings.MAX_RECORDS).orElse(100);
        Duration maxAge = limits.duration(CoapSettings.MAX_AGE).orElse(Duration.ofDays(7));
        Duration maxAhead = limits.duration(CoapSettings.MAX_AHEAD).orElse(Duration.ofMinutes(10));
        double rate = limits.decimal(CoapSettings.RATE).orElse(1.0);
        int burst = limits.integer(CoapSettings.BURST).orElse(20);
        int maxSeries = limits.integer(CoapSettings.MAX_SERIES).orElse(64);
        Duration seriesIdle = limits.duration(CoapSettings.SERIES_IDLE).orElse(Duration.ofDays(2));
        limits.rejectUnknownKeys(List.of("max-payload", "max-records", "max-age", "max-ahead", "rate", "burst",
                "max-series", "series-idle"));
        s.rejectUnknownKeys(List.of("bind", "dtls", "plain", "key-file", "rpk-file", "observe", "quantities",
                "limits"));
        if (!s.clean()) {
            return Optional.empty();
        }
        return Optional.of(CoapConfig.builder().bind(bind.trim()).dtls(dtlsOn, dtlsPort).plain(plainOn, plainPort)
                .keyFile(keyFile.trim()).rpkFile(rpkFile.trim()).observe(observe).quantities(quantities)
                .maxPayload(maxPayload).maxRecords(maxRecords).maxAge(maxAge).maxAhead(maxAhead).rate(rate, burst)
                .maxSeries(maxSeries).seriesIdle(seriesIdle).build());
    }
}
