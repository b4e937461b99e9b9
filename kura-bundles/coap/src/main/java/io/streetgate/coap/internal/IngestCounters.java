package io.streetgate.coap.internal;

import io.streetgate.coap.senml.MeasurementMapping;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the CoAP ingest did, counted by outcome, for the health report. Thread-safe. */
final class IngestCounters {

    /** Every outcome of a request or a DTLS handshake; refusals make the ingest degraded for a while. */
    enum Outcome {
        ACCEPTED(false, "accepted"),
        MALFORMED(true, "malformed"),
        UNSUPPORTED_FORMAT(true, "unsupported_content_format"),
        TOO_LARGE(true, "too_large"),
        UNKNOWN_NODE(true, "unknown_node"),
        FOREIGN_NAME(true, "foreign_name"),
        RATE_LIMITED(true, "rate_limited"),
        SERIES_CAP(true, "series_cap"),
        SINK_FAILED(true, "sink_failed"),
        HANDSHAKE_UNKNOWN_IDENTITY(true, "handshake_unknown_identity"),
        HANDSHAKE_WRONG_KEY(true, "handshake_wrong_key"),
        HANDSHAKE_FAILED(true, "handshake_failed"),
        NOTIFICATION(false, "notifications"),
        OBSERVE_FAILED(true, "observe_failed");

        final boolean refusal;
        final String key;

        Outcome(boolean refusal, String key) {
            this.refusal = refusal;
            this.key = key;
        }
    }

    private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
    private final Map<MeasurementMapping.Skip, AtomicLong> skipped = new EnumMap<>(MeasurementMapping.Skip.class);
    private final AtomicLong readings = new AtomicLong();
    private final AtomicReference<Instant> lastRefusal = new AtomicReference<>();
    private final AtomicReference<String> lastRefusalReason = new AtomicReference<>("");

    IngestCounters() {
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new AtomicLong());
        }
        for (MeasurementMapping.Skip s : MeasurementMapping.Skip.values()) {
            skipped.put(s, new AtomicLong());
        }
    }

    void count(Outcome outcome, Instant now, String reason) {
        outcomes.get(outcome).incrementAndGet();
        if (outcome.refusal) {
            lastRefusal.set(now);
            lastRefusalReason.set(outcome.key + ": " + reason);
        }
    }

    void accepted(MeasurementMapping.Result result) {
        outcomes.get(Outcome.ACCEPTED).incrementAndGet();
        readings.addAndGet(result.measurements().size());
        result.skipped().forEach((reason, n) -> skipped.get(reason).addAndGet(n));
    }

    long get(Outcome outcome) {
        return outcomes.get(outcome).get();
    }

    long readings() {
        return readings.get();
    }

    long skipped(MeasurementMapping.Skip reason) {
        return skipped.get(reason).get();
    }

    /** The last refusal's reason when it happened within {@code window} before {@code now}, else null. */
    String recentRefusal(Instant now, Duration window) {
        Instant last = lastRefusal.get();
        return last != null && last.isAfter(now.minus(window)) ? lastRefusalReason.get() : null;
    }

    /** Counters by name, for the status report (JSON-friendly). */
    Map<String, Object> details() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("readings", readings.get());
        for (Outcome o : Outcome.values()) {
            map.put(o.key, outcomes.get(o).get());
        }
        for (MeasurementMapping.Skip s : MeasurementMapping.Skip.values()) {
            map.put("skipped_" + s.name().toLowerCase(java.util.Locale.ROOT), skipped.get(s).get());
        }
        return map;
    }
}
