package io.streetgate.gateway.time;

import io.streetgate.gateway.api.ClockCheck;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the gateway's clock can be believed: it is not before a floor, and it has not gone back further than a
 * tolerance from the latest time it was believed at. The floor is the distribution's build time or the clock
 * saved at the last stop less the tolerance (the same rule across a restart), whichever is later: no true time
 * is earlier, and a board without a real-time clock that boots at 1970 is below it until time sync sets the
 * clock.
 * <p>
 * When the system says that time sync set the clock ({@code syncedBy} not empty), the sync is believed over
 * the saved clock and the backwards check (a saved clock from a clock that ran ahead must not hold the gateway
 * forever), but never over the build time. Plain logic: the gateway's {@link ClockWatch} feeds it readings.
 */
public final class ClockRule {

    /**
     * How far the clock may go back and still be believed: a time sync correcting a drifting clock steps it by
     * seconds, a restored saved clock by the minutes since it was saved.
     */
    public static final Duration BACKWARDS_TOLERANCE = Duration.ofMinutes(10);

    private final Instant built;
    private final Instant floor;
    private final String floorFrom;
    private final Duration tolerance;
    private Instant latest; // the latest reading believed, null before the first

    /**
     * @param built     the distribution's build time
     * @param saved     the clock saved at the last stop, if any
     * @param tolerance how far the clock may go back and still be believed
     */
    public ClockRule(Instant built, Optional<Instant> saved, Duration tolerance) {
        this(built, savedFloor(built, saved, tolerance).orElse(built),
                savedFloor(built, saved, tolerance).isPresent() ? "saved clock" : "build", tolerance);
    }

    private static Optional<Instant> savedFloor(Instant built, Optional<Instant> saved, Duration tolerance) {
        return saved.map(s -> s.minus(tolerance)).filter(s -> s.isAfter(built));
    }

    private ClockRule(Instant built, Instant floor, String floorFrom, Duration tolerance) {
        this.built = Objects.requireNonNull(built, "built");
        this.floor = floor;
        this.floorFrom = floorFrom;
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance " + tolerance + " is negative");
        }
        this.tolerance = tolerance;
    }

    /** A simulated street's clock: its start is the floor, as the operator chose it; only going back is wrong. */
    public static ClockRule simulated(Instant start, Duration tolerance) {
        return new ClockRule(start, start, "simulation start", tolerance);
    }

    /**
     * The state of a clock that reads {@code now}.
     *
     * @param syncedBy what set the clock, when the system says so; empty when it does not
     */
    public synchronized ClockCheck.State observe(Instant now, String syncedBy) {
        boolean synced = !syncedBy.isEmpty();
        Instant applies = synced ? built : floor;
        String from = synced ? "build" : floorFrom;
        if (now.isBefore(applies)) {
            return new ClockCheck.State(false, now, applies, from, syncedBy, "the clock reads " + now
                    + ", before the " + from + " time " + applies + ": waiting for time sync to set it "
                    + "(systemd-timesyncd or chrony with a reachable time server)");
        }
        if (!synced && latest != null && now.isBefore(latest.minus(tolerance))) {
            return new ClockCheck.State(false, now, applies, from, syncedBy, "the clock went back from " + latest
                    + " to " + now + ", more than " + tolerance.toMinutes() + " min: waiting until time sync "
                    + "says it is right or it passes " + latest.minus(tolerance));
        }
        if (latest == null || now.isAfter(latest)) {
            latest = now;
        }
        return new ClockCheck.State(true, now, applies, from, syncedBy, "");
    }

    /**
     * This rule as a {@link ClockCheck} of a clock that no time sync reports on (the clock of a process that is
     * not the gateway: a simulated fleet, a test).
     */
    public ClockCheck check(Supplier<Instant> now) {
        return () -> observe(now.get(), "");
    }

    /** The latest time the clock was believed at: what is saved for the next start. */
    public synchronized Optional<Instant> latestBelieved() {
        return Optional.ofNullable(latest);
    }
}
