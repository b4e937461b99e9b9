package io.streetgate.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Brute-force protection for logins and the one-time code: after {@link #FREE_FAILURES} wrong attempts in a
 * row for the same key (an account name, a client address) the key is locked, first for
 * {@link #FIRST_LOCK}, then twice as long after each further failure, at most {@link #MAX_LOCK}. While locked,
 * even the right password is refused. A success clears the key.
 */
public final class LoginThrottle {

    public static final int FREE_FAILURES = 5;
    public static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    public static final Duration MAX_LOCK = Duration.ofMinutes(15);
    /** Keys remembered at most; the oldest unlocked ones are forgotten first. */
    static final int MAX_KEYS = 4096;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final int freeFailures;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(Clock clock) {
        this(clock, FREE_FAILURES);
    }

    /** @param freeFailures wrong attempts before the first lock (client addresses get more than accounts) */
    public LoginThrottle(Clock clock, int freeFailures) {
        this.clock = clock;
        this.freeFailures = freeFailures;
    }

    /** How long the key stays locked; empty when an attempt may be made now. */
    public synchronized Optional<Duration> locked(String key) {
        Failures f = failures.get(key);
        Instant now = clock.instant();
        if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    /** Counts a wrong attempt; returns the lock it caused, if any. */
    public synchronized Optional<Duration> failed(String key) {
        Failures before = failures.getOrDefault(key, new Failures(0, null));
        int count = before.count() + 1;
        Instant until = null;
        Duration lock = null;
        if (count >= freeFailures) {
            int doublings = Math.min(count - freeFailures, 10);
            lock = FIRST_LOCK.multipliedBy(1L << doublings);
            if (lock.compareTo(MAX_LOCK) > 0) {
                lock = MAX_LOCK;
            }
            until = clock.instant().plus(lock);
        }
        failures.put(key, new Failures(count, until));
        forgetOldest();
        return Optional.ofNullable(lock);
    }

    public synchronized void succeeded(String key) {
        failures.remove(key);
    }

    private void forgetOldest() {
        var it = failures.entrySet().iterator();
        Instant now = clock.instant();
        while (failures.size() > MAX_KEYS && it.hasNext()) {
            Failures f = it.next().getValue();
            if (f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
                it.remove();
            }
        }
    }
}
