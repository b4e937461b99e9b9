package io.streetgate.uplink.forward;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.Backoff;
import io.streetgate.uplink.link.LinkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The connection's life as the operator sees it: when the next attempt is due (jittered back-off after a
 * failed attempt or a lost connection), what is logged (once per kind of failure, not per retry), and the link's
 * health with its reason. The sender thread drives it; the figures are read from any thread.
 */
final class Reconnects {

    static final String LINK_HEALTH = "uplink/mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final Backoff backoff;
    private final HealthRegistry health;
    private final TimeBase time;
    private final String describeLink;
    /** Adds the sender's own figures (published, acknowledged, window) to the link's health details. */
    private final Consumer<Map<String, Object>> figures;
    private final AtomicLong connections = new AtomicLong();
    private long nextAttemptNanos;
    private LinkException.Kind lastFailureKind;
    private volatile String lastError = "";
    private volatile boolean connected;
    private boolean waitingForClock;

    Reconnects(Backoff backoff, HealthRegistry health, TimeBase time, String describeLink,
               Consumer<Map<String, Object>> figures) {
        this.backoff = backoff;
        this.health = health;
        this.time = time;
        this.describeLink = describeLink;
        this.figures = figures;
    }

    /** How long until the next attempt; 0 or less when it is due. */
    long untilNextAttemptNanos() {
        return nextAttemptNanos - System.nanoTime();
    }

    void connecting() {
        report(Health.degraded("connecting to " + describeLink, time.now()));
    }

    /** Connected: the back-off starts again, and the link is healthy (before the births: they carry it). */
    void connected() {
        connections.incrementAndGet();
        backoff.connected(System.nanoTime());
        connected = true;
        lastFailureKind = null;
        waitingForClock = false;
        report(Health.ok(time.now()));
    }

    void attemptFailed(LinkException e) {
        Duration delay = backOff(e.getMessage());
        if (e.kind() != lastFailureKind) {
            if (e.needsOperator()) {
                LOG.error("Uplink: {}", e.getMessage());
            } else {
                LOG.warn("Uplink: {}; retrying with back-off (next in {} ms)", e.getMessage(), delay.toMillis());
            }
            lastFailureKind = e.kind();
        }
        String next = "; next attempt in " + Math.max(1, delay.toSeconds()) + " s (attempt " + backoff.attempts() + ")";
        report(e.needsOperator() ? Health.faulty(e.getMessage() + next, time.now())
                : Health.degraded(e.getMessage() + next, time.now()));
    }

    void lost(String reason, long waiting) {
        connected = false;
        Duration delay = backOff(reason);
        LOG.warn("Uplink connection lost: {}; {} message(s) wait in the store; reconnecting in {} ms", reason, waiting,
                delay.toMillis());
        report(Health.degraded("connection lost: " + reason + "; reconnecting", time.now()));
    }

    /** The clock is not plausible: nothing is attempted until it is (logged once per wait). */
    void waitingForClock(String reason) {
        if (!waitingForClock) {
            LOG.warn("Uplink: waiting for a plausible clock before connecting ({})", reason);
            waitingForClock = true;
        }
        report(Health.degraded("waiting for a plausible clock: " + reason, time.now()));
    }

    /** A failure inside the sender itself (the connection, if any, is restarted by the caller). */
    void failed(String error) {
        lastError = error;
    }

    void stopped() {
        connected = false;
        health.remove(LINK_HEALTH);
    }

    boolean isConnected() {
        return connected;
    }

    long connections() {
        return connections.get();
    }

    String lastError() {
        return lastError;
    }

    private Duration backOff(String error) {
        backoff.lost(System.nanoTime());
        Duration delay = backoff.next();
        nextAttemptNanos = System.nanoTime() + delay.toNanos();
        lastError = error;
        return delay;
    }

    private void report(Health h) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("broker", describeLink);
        d.put("connected", connected);
        d.put("connections", connections.get());
        figures.accept(d);
        if (!lastError.isEmpty()) {
            d.put("lastError", lastError);
        }
        health.report(LINK_HEALTH, h, d);
    }
}
