package io.streetgate.sim.bus;

import java.time.Instant;

/** Runs simulator actions at instants of gateway time (edges on GPIO lines, the next minute's passers-by). */
public interface Timeline {

    /** Gateway time now. */
    Instant now();

    /** Runs {@code action} once gateway time reaches {@code when}; actions due at the same instant run in order. */
    void at(Instant when, Runnable action);
}
