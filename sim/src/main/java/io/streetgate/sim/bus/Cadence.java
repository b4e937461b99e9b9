package io.streetgate.sim.bus;

import java.time.Duration;
import java.util.Objects;

/**
 * A device's own rhythm, counted lazily: how many of its periods have ended since it last looked (a UART
 * sensor's report every second, a radar's every 100 ms, a CO2 sensor's result every 5 s). Between two looks
 * its time moves by the larger of the wall-clock and the gateway-clock steps, so it keeps going while a
 * stepped test clock stands still, runs no faster than either clock, and keeps up with an accelerated one.
 */
public final class Cadence {

    private final SimTime time;
    private final Duration period;
    private SimTime.Stamp last;
    private long elapsedNanos;
    private long counted;

    public Cadence(SimTime time, Duration period) {
        this.time = Objects.requireNonNull(time, "time");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period " + period + " must be positive");
        }
        this.period = period;
        restart();
    }

    /** Starts counting periods from now. */
    public void restart() {
        restart(Duration.ZERO);
    }

    /** Starts counting periods once {@code delay} has passed (a wake-up time before the first). */
    public void restart(Duration delay) {
        last = time.stamp();
        elapsedNanos = -delay.toNanos();
        counted = 0;
    }

    /** Whole periods ended since the (re)start. */
    public long periods() {
        SimTime.Stamp now = time.stamp();
        long real = now.nanos() - last.nanos();
        long gateway = Duration.between(last.at(), now.at()).toNanos();
        elapsedNanos += Math.max(0, Math.max(real, gateway));
        last = now;
        return elapsedNanos < 0 ? 0 : elapsedNanos / period.toNanos();
    }

    /**
     * The periods that have ended since the last call, at most {@code max} (older ones are skipped, as a
     * receiver that was not listening would have missed them).
     */
    public int due(int max) {
        long periods = periods();
        long fresh = periods - counted;
        counted = periods;
        return (int) Math.max(0, Math.min(max, fresh));
    }
}
