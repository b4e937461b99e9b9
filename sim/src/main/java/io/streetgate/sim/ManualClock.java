package io.streetgate.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that moves only when told, for tests and step-by-step simulation. A {@link SimulatedStreet} on
 * this clock runs its events (PIR edges and their bounce) in the thread that advances the clock, each with
 * the clock set to the event's own instant, so a day of a street runs in milliseconds and always the same
 * way.
 */
public final class ManualClock extends Clock {

    private final ZoneId zone;
    private final State state;

    private static final class State {
        final EventQueue queue = new EventQueue();
        final ReentrantLock advancing = new ReentrantLock();
        volatile Instant now;

        State(Instant start) {
            this.now = start;
        }
    }

    public ManualClock(Instant start) {
        this(new State(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private ManualClock(State state, ZoneId zone) {
        this.state = state;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return state.now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same clock seen in another zone; it moves with this one. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new ManualClock(state, newZone);
    }

    /** Moves time forward, running the events due on the way. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move a clock back by " + duration);
        }
        advanceTo(state.now.plus(duration));
    }

    /** Moves time forward to {@code target} (never back), running the events due on the way in time order. */
    public void advanceTo(Instant target) {
        state.advancing.lock();
        try {
            while (true) {
                EventQueue.Event next;
                synchronized (state) {
                    next = state.queue.takeDue(target);
                    if (next == null) {
                        break;
                    }
                    if (next.at().isAfter(state.now)) {
                        state.now = next.at();
                    }
                }
                next.action().run();
            }
            if (target.isAfter(state.now)) {
                state.now = target;
            }
        } finally {
            state.advancing.unlock();
        }
    }

    /** Runs an action when the clock reaches an instant (at the next advance if that instant has passed). */
    void schedule(Instant at, Runnable action) {
        synchronized (state) {
            state.queue.add(at, action);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ManualClock c && c.state == state && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(state) ^ zone.hashCode();
    }

    @Override
    public String toString() {
        return "ManualClock[" + state.now + "]";
    }
}
