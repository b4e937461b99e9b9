package io.streetgate.sim;

import java.time.Instant;

/** Lets tests in other packages schedule events on a {@link ManualClock}, as a street does. */
public final class TimelineAccess {

    private TimelineAccess() {
    }

    public static void schedule(ManualClock clock, Instant at, Runnable action) {
        clock.schedule(at, action);
    }
}
