package io.streetgate.gateway.api;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Logs a failure that may repeat on every pass of a loop without flooding the journal: at most one line per
 * interval, with the stack trace when it is the first failure after a quiet interval, else with how many
 * failures there were since the last line and the latest. When the loop works again after failing, one line
 * says so (also at most one per interval). Thread-safe.
 */
public final class ThrottledLog {

    /** At most one failure line, and one recovery line, per this interval. */
    public static final Duration EVERY = Duration.ofMinutes(1);

    private final Logger log;
    private final long everyNanos;
    private final LongSupplier nanoTime;
    private long failuresInRow;
    private long unlogged;
    private boolean failureLogged;
    private long failureLoggedNanos;
    private boolean recoveryLogged;
    private long recoveryLoggedNanos;

    public ThrottledLog(Logger log) {
        this(log, EVERY, System::nanoTime);
    }

    ThrottledLog(Logger log, Duration every, LongSupplier nanoTime) {
        this.log = log;
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A failure of {@code what} (e.g. "Control step failed; the actuators go to their fail-safe state"). */
    public synchronized void failed(String what, Throwable failure) {
        long now = nanoTime.getAsLong();
        failuresInRow++;
        if (failureLogged && now - failureLoggedNanos < everyNanos) {
            unlogged++;
            return;
        }
        if (unlogged == 0) {
            log.error(what, failure);
        } else {
            log.error("{} ({} time(s) since the last line; the latest: {})", what, unlogged + 1, failure.toString());
        }
        failureLogged = true;
        failureLoggedNanos = now;
        unlogged = 0;
    }

    /** {@code what} works again (e.g. "Control steps succeed"): said after failures, at most once per interval. */
    public synchronized void recovered(String what) {
        if (failuresInRow == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!recoveryLogged || now - recoveryLoggedNanos >= everyNanos) {
            log.info("{} again after {} failure(s) in a row", what, failuresInRow);
            recoveryLogged = true;
            recoveryLoggedNanos = now;
        }
        failuresInRow = 0;
    }
}
