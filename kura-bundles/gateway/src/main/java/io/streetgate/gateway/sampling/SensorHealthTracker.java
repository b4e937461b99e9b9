package io.streetgate.gateway.sampling;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Health;
import io.streetgate.driver.HealthState;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of one sensor from its read results, and when to try it next. Plain logic, no threads.
 * <ul>
 * <li>A failed read makes the sensor degraded; {@value #FAULTY_AFTER} failures in a row make it faulty.</li>
 * <li>A faulty sensor is retried with exponential back-off, from its period up to {@link #MAX_BACKOFF},
 *     and must be initialised again before it is read.</li>
 * <li>"No new data yet" is not a failure: it is retried after a quarter period.</li>
 * <li>A configuration fault cannot heal by retrying: the sensor stays faulty and is not retried.</li>
 * <li>One good read makes it ok again.</li>
 * </ul>
 */
final class SensorHealthTracker {

    static final int FAULTY_AFTER = 3;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Duration period;
    private final Map<DriverFault, Long> failuresByFault = new EnumMap<>(DriverFault.class);
    private Health health;
    private int consecutiveFailures;
    private long goodReads;
    private Instant lastGoodRead;
    private boolean needsInit = true;
    private boolean giveUp;

    SensorHealthTracker(Duration period, Instant now) {
        this.period = period;
        this.health = new Health(HealthState.DEGRADED, "starting", now);
    }

    /** Records a good read; returns true when the health state changed. */
    boolean success(Instant now) {
        consecutiveFailures = 0;
        goodReads++;
        lastGoodRead = now;
        needsInit = false;
        return setHealth(Health.ok(now));
    }

    /**
     * Records that the driver was initialised: the next attempts read, without initialising again, until a
     * failure says so. A sensor whose first result comes some time after its start (an SPS30's, a second) would
     * otherwise be reset before every read and never have one.
     */
    void initialised() {
        needsInit = false;
    }

    /** Records a failed attempt; returns true when the health state changed. */
    boolean failure(DriverException e, Instant now) {
        DriverFault fault = e.fault();
        if (fault == DriverFault.NOT_READY) {
            return false;
        }
        failuresByFault.merge(fault, 1L, Long::sum);
        consecutiveFailures++;
        String reason = fault + ": " + e.getMessage();
        if (!fault.isTransient()) {
            giveUp = true;
            needsInit = true;
            return setHealth(Health.faulty(reason + " (not retried: fix the site file or the wiring)", now));
        }
        if (consecutiveFailures >= FAULTY_AFTER) {
            needsInit = true;
            return setHealth(Health.faulty(reason + " (" + consecutiveFailures + " failures in a row)", now));
        }
        return setHealth(Health.degraded(reason, now));
    }

    /** How long to wait, in gateway time, before the next attempt after the last outcome. */
    Duration nextDelay(DriverException lastFailure) {
        if (lastFailure != null && lastFailure.fault() == DriverFault.NOT_READY) {
            return period.dividedBy(4);
        }
        if (consecutiveFailures < FAULTY_AFTER) {
            return period;
        }
        int doublings = Math.min(consecutiveFailures - FAULTY_AFTER + 1, 20);
        Duration backoff = period.multipliedBy(1L << doublings);
        Duration cap = period.compareTo(MAX_BACKOFF) > 0 ? period : MAX_BACKOFF;
        return backoff.compareTo(cap) > 0 ? cap : backoff;
    }

    boolean needsInit() {
        return needsInit;
    }

    /** Whether retrying is pointless (a configuration fault). */
    boolean gaveUp() {
        return giveUp;
    }

    Health health() {
        return health;
    }

    Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("good_reads", goodReads);
        d.put("consecutive_failures", consecutiveFailures);
        Map<String, Long> byFault = new LinkedHashMap<>();
        failuresByFault.forEach((k, v) -> byFault.put(k.name().toLowerCase(), v));
        d.put("failures", byFault);
        if (lastGoodRead != null) {
            d.put("last_good_read", lastGoodRead.toString());
        }
        return d;
    }

    private boolean setHealth(Health next) {
        boolean changed = next.state() != health.state();
        if (changed || !next.reason().equals(health.reason())) {
            health = changed ? next : new Health(next.state(), next.reason(), health.since());
        }
        return changed;
    }
}
