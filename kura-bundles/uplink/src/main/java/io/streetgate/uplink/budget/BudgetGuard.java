package io.streetgate.uplink.budget;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.uplink.payload.Outgoing;
import io.streetgate.uplink.store.DropPolicy;
import io.streetgate.uplink.store.StoredMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The sender's side of a {@link ByteBudget}: what it counts for each publication ({@link #wireBytes}), whether a
 * stored message may go, and the part {@code uplink/budget} of {@code streetgate status} (used, allowance and
 * forecast), reported at most every few seconds.
 */
public final class BudgetGuard {

    public static final String HEALTH = "uplink/budget";
    /**
     * Bytes around a QoS 1 PUBLISH besides its topic and payload, with its PUBACK: MQTT 5.0 section 3.3 (fixed
     * header 1, remaining length up to 4, topic length 2, packet id 2, properties length 1) and section 3.4
     * (PUBACK 4); TLS 1.3, RFC 8446 section 5.2 (record header 5, content type 1, AES-GCM tag 16) for each, one
     * record each way. An estimate, not a count at the socket: TCP/IP headers and TLS handshakes are not in it;
     * docs/performance.md compares it with the bytes counted at the socket.
     */
    public static final int OVERHEAD = 10 + 4 + 2 * 22;
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final ByteBudget budget;
    private final HealthRegistry health;
    private Instant reported = Instant.MIN;
    private boolean holdingBack;
    private Instant since;

    public BudgetGuard(ByteBudget budget, HealthRegistry health) {
        this.budget = budget;
        this.health = health;
    }

    /** The bytes a publication costs on the link, estimated. */
    public static long wireBytes(Outgoing o) {
        return o.payload().length + (long) o.topic().length() + OVERHEAD;
    }

    /** Whether a stored message may go now; if not, the caller drops it. */
    public boolean allows(StoredMessage m, Instant now) {
        return budget.allows(m.priority(), now);
    }

    /** Counts a publication. */
    public void sent(Outgoing o, Instant now) {
        budget.sent(wireBytes(o), o.origin() == null ? ByteBudget.OWN : o.origin().priority(), now);
    }

    /** Reports the figures to the status, at most every 5 s. */
    public void report(Instant now) {
        if (now.isBefore(reported.plus(REPORT_EVERY))) {
            return;
        }
        reported = now;
        ByteBudget.Figures f = budget.figures(now);
        boolean holding = f.lowestSent() != DropPolicy.OTHER;
        if (since == null || holding != holdingBack) {
            since = now;
            holdingBack = holding;
        }
        String figures = String.format(Locale.ROOT, "%s of %s used %s; forecast %s", human(f.used()),
                human(f.allowance()), f.period() == ByteBudget.Period.DAY ? "today" : "this month",
                human(f.forecast()));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("summary", figures); // what streetgate status shows beside an ok state
        d.put("used", f.used());
        d.put("allowance", f.allowance());
        d.put("forecast", f.forecast());
        d.put("period", f.period().label());
        d.put("periodStart", f.start());
        d.put("periodEnd", f.end());
        d.put("lowestClassSent", f.lowestSent());
        health.report(HEALTH, holding ? Health.degraded(figures + "; holding back drop classes below "
                + f.lowestSent(), since) : Health.ok(since), d);
    }

    /** The sender stops: the count is saved and the part leaves the status. */
    public void close(Instant now) {
        budget.flush(now);
        health.remove(HEALTH);
    }

    /** kB below a megabyte, MB above (powers of 1000, as data plans count). */
    private static String human(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
