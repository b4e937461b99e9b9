package io.streetgate.drivers.pi4j.support;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.time.TimeBase;

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

    /** How a wait for a chip passes. */
    public interface Pause {
        void pass(Duration chipTime) throws InterruptedException;
    }

    private final TimeBase timeBase;
    private final Pause pause;

    public DriverTime(TimeBase timeBase) {
        this(timeBase, null);
    }

    /**
     * A driver time whose waits pass another way: a benchmark on a stepped clock advances the clock instead of
     * sleeping, so that what is measured is the driver's own work, not the datasheet's conversion times.
     *
     * @param pause null for real sleeps scaled by the time base
     */
    public DriverTime(TimeBase timeBase, Pause pause) {
        this.timeBase = Objects.requireNonNull(timeBase, "timeBase");
        this.pause = pause;
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
            if (pause != null) {
                pause.pass(chipTime);
                return;
            }
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverFault.TIMEOUT, "interrupted while waiting " + chipTime.toMillis()
                    + " ms for the chip", e);
        }
    }
}
