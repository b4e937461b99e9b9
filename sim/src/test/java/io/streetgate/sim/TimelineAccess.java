package io.streetgate.sim;

import java.time.Instant;

/** Lets tests in other packages schedule events on a {@link ManualClock}, as a street does. */
public final class TimelineAccess {

    private TimelineAccess() {
    }

    public static void schedule(ManualClock clock, Instant at, Runnable action) {
        clock.schedule(at, action);
    }

    /** The timeline a street on this clock uses: events run as the clock is advanced. */
    public static io.streetgate.sim.bus.Timeline of(ManualClock clock) {
        return new ManualTimeline(clock);
    }
}
