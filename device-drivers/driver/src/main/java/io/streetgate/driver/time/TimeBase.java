package io.streetgate.driver.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The gateway's time. Components read "now" from {@link #clock()} and turn periods of gateway time into
 * real delays with {@link #realDelayNanos(Duration)} when they schedule work. On a real gateway both are the
 * wall clock; on a simulated street gateway time can start at any instant and run faster.
 */
public final class TimeBase {

    private static final TimeBase SYSTEM = new TimeBase(Clock.systemUTC(), 1.0, System::nanoTime);

    private final Clock clock;
    private final double speed;
    private final LongSupplier nanos;

    private TimeBase(Clock clock, double speed, LongSupplier nanos) {
        this.clock = clock;
        this.speed = speed;
        this.nanos = nanos;
    }

    /** Wall-clock time at normal speed. */
    public static TimeBase system() {
        return SYSTEM;
    }

    /**
     * Time that starts at {@code start} now and runs {@code speed} times faster than the wall clock.
     *
     * @throws IllegalArgumentException if speed is not in 1..10000
     */
    public static TimeBase accelerated(Instant start, double speed) {
        if (!(speed >= 1.0 && speed <= 10_000.0)) {
            throw new IllegalArgumentException("speed " + speed + " is outside 1..10000");
        }
        long origin = System.nanoTime();
        return new TimeBase(new ScaledClock(Objects.requireNonNull(start, "start"), speed, origin, ZoneOffset.UTC),
                speed, () -> (long) ((System.nanoTime() - origin) * speed));
    }

    /**
     * A time base on any clock at normal speed (tests use a fixed or manually advanced clock). That clock is
     * the only time there is: {@link #nanos} follows it.
     */
    public static TimeBase of(Clock clock) {
        return new TimeBase(clock, 1.0, () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
    }

    /** A time base whose wall clock and monotonic clock move apart, as after time sync steps the wall clock. */
    public static TimeBase of(Clock clock, LongSupplier nanos) {
        return new TimeBase(clock, 1.0, nanos);
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Gateway time on a monotonic clock, in nanoseconds from an arbitrary origin, for measuring durations:
     * {@code System.nanoTime} on a real gateway, which time sync cannot step (after a cold boot it may move the
     * wall clock by hours, or back); on a simulated street, the simulation's time. Only differences within one
     * run mean anything.
     */
    public long nanos() {
        return nanos.getAsLong();
    }

    /** How many times faster than the wall clock gateway time runs. */
    public double speed() {
        return speed;
    }

    /** The real delay, in nanoseconds, that corresponds to a period of gateway time (at least 1 ms). */
    public long realDelayNanos(Duration gatewayTime) {
        long nanos = (long) (gatewayTime.toNanos() / speed);
        return Math.max(nanos, 1_000_000L);
    }

    /** A clock that runs {@code speed} times faster than {@link System#nanoTime()} from a start instant. */
    private static final class ScaledClock extends Clock {
        private final Instant start;
        private final double speed;
        private final long originNanos;
        private final ZoneId zone;

        ScaledClock(Instant start, double speed, long originNanos, ZoneId zone) {
            this.start = start;
            this.speed = speed;
            this.originNanos = originNanos;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new ScaledClock(start, speed, originNanos, newZone);
        }

        @Override
        public Instant instant() {
            long elapsed = System.nanoTime() - originNanos;
            return start.plusNanos((long) (elapsed * speed));
        }

        @Override
        public long millis() {
            return instant().toEpochMilli();
        }
    }
}
