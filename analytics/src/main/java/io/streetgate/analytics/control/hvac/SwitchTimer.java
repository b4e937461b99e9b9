package io.streetgate.analytics.control.hvac;

import java.time.Duration;
import java.time.Instant;

/**
 * A switched output that keeps its minimum on and off times: it changes state only when it has been in its
 * current state long enough. Not thread-safe.
 */
public final class SwitchTimer {

    private final Duration minimumOn;
    private final Duration minimumOff;
    private boolean on;
    private Instant since;

    /**
     * @param on    the state it is in
     * @param since since when (the start of the loop when unknown, so that the minimum holds across a restart)
     */
    public SwitchTimer(Duration minimumOn, Duration minimumOff, boolean on, Instant since) {
        this.minimumOn = minimumOn;
        this.minimumOff = minimumOff;
        this.on = on;
        this.since = since;
    }

    public boolean on() {
        return on;
    }

    public Instant since() {
        return since;
    }

    /** When it may change state next. */
    public Instant free() {
        return since.plus(on ? minimumOn : minimumOff);
    }

    /** Whether it may change state at {@code now}. */
    public boolean mayChange(Instant now) {
        return !now.isBefore(free());
    }

    /**
     * Moves when it last changed by a step of the wall clock (time sync setting it), so that its minimum time
     * keeps what it had left: a step forward does not end it at once, a step back does not stretch it.
     */
    public void shift(Duration step) {
        since = since.plus(step);
    }

    /**
     * Asks for a state; it changes only if the minimum time allows.
     *
     * @return the state now
     */
    public boolean request(boolean wanted, Instant now) {
        if (wanted != on && mayChange(now)) {
            on = wanted;
            since = now;
        }
        return on;
    }
}
