package io.streetgate.drivers.pi4j.support;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.time.TimeBase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A driver's time: readings are stamped from the gateway clock, and waits for a chip (conversion times) are
 * turned into real sleeps through the {@link TimeBase}, which on a real gateway is the wall clock and on an
 * accelerated simulated street shortens them as much as the simulated chips' time.
 */
public final class DriverTime {

    private final TimeBase timeBase;

    public DriverTime(TimeBase timeBase) {
        this.timeBase = Objects.requireNonNull(timeBase, "timeBase");
    }

    public Instant now() {
        return timeBase.now();
    }

    public Clock clock() {
        return timeBase.clock();
    }

    /** The real time, in nanoseconds, that a span of chip (gateway) time takes; at least 1 ms. */
    public long realNanos(Duration chipTime) {
        return timeBase.realDelayNanos(chipTime);
    }

    /**
     * Waits for a chip.
     *
     * @throws DriverException TIMEOUT when the thread is interrupted (its interrupt flag is kept)
     */
    public void pause(Duration chipTime) throws DriverException {
        long nanos = timeBase.realDelayNanos(chipTime);
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverFault.TIMEOUT, "interrupted while waiting " + chipTime.toMillis()
                    + " ms for the chip", e);
        }
    }
}
