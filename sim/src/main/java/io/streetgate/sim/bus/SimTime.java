package io.streetgate.sim.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Time as a simulated chip sees it. Scenario values follow the gateway's clock; conversion times (a few
 * milliseconds of physics) pass in whichever runs faster, the wall clock or the gateway clock. So a driver
 * that sleeps for the datasheet's conversion time finds the result ready whether the gateway clock is the
 * wall clock, an accelerated clock, or a test clock that stands still.
 */
public final class SimTime {

    private final Clock clock;
    private final LongSupplier nanoTicker;

    public SimTime(Clock clock) {
        this(clock, System::nanoTime);
    }

    /** Time on a clock and a nanosecond ticker of its own: a ticker that stands still makes time move only with the clock. */
    public SimTime(Clock clock, LongSupplier nanoTicker) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTicker = nanoTicker;
    }

    /** A moment on both time lines. */
    public record Stamp(long nanos, Instant at) {
    }

    public Stamp stamp() {
        return new Stamp(nanoTicker.getAsLong(), clock.instant());
    }

    /** Gateway time now. */
    public Instant now() {
        return clock.instant();
    }

    public Clock clock() {
        return clock;
    }

    /** How long since {@code since}: the longer of the wall-clock and the gateway-clock time. */
    public Duration elapsed(Stamp since) {
        Duration real = Duration.ofNanos(nanoTicker.getAsLong() - since.nanos());
        Duration gateway = Duration.between(since.at(), clock.instant());
        return real.compareTo(gateway) >= 0 ? real : gateway;
    }

    /** Whether {@code period} has passed since {@code since} on the wall clock or on the gateway clock. */
    public boolean hasElapsed(Stamp since, Duration period) {
        long realNanos = nanoTicker.getAsLong() - since.nanos();
        if (realNanos >= period.toNanos()) {
            return true;
        }
        return Duration.between(since.at(), clock.instant()).compareTo(period) >= 0;
    }
}
