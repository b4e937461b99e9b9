package io.streetgate.sim;

import io.streetgate.sim.bus.Timeline;

import java.time.Instant;

/** Events on a {@link ManualClock}: they run as the clock is advanced. */
final class ManualTimeline implements Timeline {

    private final ManualClock clock;

    ManualTimeline(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void at(Instant when, Runnable action) {
        clock.schedule(when, action);
    }
}
