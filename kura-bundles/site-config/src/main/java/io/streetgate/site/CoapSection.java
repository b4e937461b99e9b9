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
        String bind = s.scalar("bind").orElse("127.0.0.1");
        YamlSection dtls = s.section("dtls");
        boolean dtlsOn = dtls.bool("enabled", true).orElse(true);
        int dtlsPort = dtls.integer("port", 1, 65535, 5684).orElse(5684);
        dtls.rejectUnknownKeys(List.of("enabled", "port"));
        YamlSection plain = s.section("plain");
        boolean plainOn = plain.bool("enabled", false).orElse(false);
        int plainPort = plain.integer("port", 1, 65535, 5683).orElse(5683);
        plain.rejectUnknownKeys(List.of("enabled", "port"));
        if (!dtlsOn && !plainOn) {
            s.problem("dtls", null, "and plain are both off; enable dtls (the default) or plain");
        }
        if (dtlsOn && plainOn && dtlsPort == plainPort) {
            plain.problem("port", Integer.toString(plainPort), "is also the DTLS port; give them different ports");
        }
        String keyFile = s.scalar("key-file").orElse("");
        String rpkFile = s.scalar("rpk-file").orElse("");
        List<String> observe = s.scalars("observe");
        for (String entry : observe) {
            // the node id itself is checked against the key file by the ingest (ids may be URNs: urn:dev:ow:...)
            if (!entry.matches("[^=\\s]+=coaps?://\\S+")) {
                s.problem("observe", entry, "is not node-id=coap://host:port/path (or coaps://)");
            }
        }
        List<String> quantities = s.scalars("quantities");
        for (String entry : quantities) {
            if (!entry.matches("[^=\\s]+=[a-z][a-z0-9_]*(:[^\\s]+)?")) {
                s.problem("quantities", entry, "is not name=quantity or name=quantity:unit, e.g. moisture=soil_moisture:%");
            }
        }
        YamlSection limits = s.section("limits");
        int maxPayload = limits.integer("max-payload", 64, 65536, 4096).orElse(4096);
        int maxRecords = limits.integer("max-records", 1, 10_000, 100).orElse(100);
        Duration maxAge = limits.duration("max-age", Duration.ofHours(1), Duration.ofDays(365), Duration.ofDays(7))
                .orElse(Duration.ofDays(7));
        Duration maxAhead = limits.duration("max-ahead", Duration.ZERO, Duration.ofDays(1), Duration.ofMinutes(10))
                .orElse(Duration.ofMinutes(10));
        double rate = limits.decimal("rate", 0.001, 10_000, 1.0).orElse(1.0);
        int burst = limits.integer("burst", 1, 10_000, 20).orElse(20);
        int maxSeries = limits.integer("max-series", 1, 10_000, 64).orElse(64);
        Duration seriesIdle = limits.duration("series-idle", Duration.ofHours(1), Duration.ofDays(30),
                Duration.ofDays(2)).orElse(Duration.ofDays(2));
        limits.rejectUnknownKeys(List.of("max-payload", "max-records", "max-age", "max-ahead", "rate", "burst",
                "max-series", "series-idle"));
        s.rejectUnknownKeys(List.of("bind", "dtls", "plain", "key-file", "rpk-file", "observe", "quantities",
                "limits"));
        if (!s.clean()) {
            return Optional.empty();
        }
        return Optional.of(new CoapConfig(bind.trim(), dtlsOn, dtlsPort, plainOn, plainPort, keyFile.trim(),
                rpkFile.trim(), observe, quantities, maxPayload, maxRecords, maxAge, maxAhead, rate, burst, maxSeries,
                seriesIdle));
    }
}
