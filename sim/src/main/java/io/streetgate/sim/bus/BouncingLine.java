package io.streetgate.sim.bus;

import com.pi4j.io.gpio.digital.DigitalState;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A GPIO line driven by a contact or a slow output stage: every edge comes with two or three short toggles
 * within about 3 ms before it settles (domain facts, section 3 GPIO: reed contacts bounce for 0.1 to a few
 * ms), and short glitches can be put on it. Toggles are timeline events, so a driver sees them at their own
 * instants. Edges scheduled before {@link #cancelPending()} no longer apply. Callers synchronise.
 */
public final class BouncingLine {

    private final GpioLine line;
    private final Timeline timeline;
    private final SplittableRandom random;
    private long generation;

    public BouncingLine(GpioLine line, Timeline timeline, long seed) {
        this.line = Objects.requireNonNull(line, "line");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.random = new SplittableRandom(seed);
    }

    public GpioLine line() {
        return line;
    }

    /** Drives the new level now, then two or three toggles away and back within about 3 ms. */
    public void bouncyEdge(Instant at, DigitalState level) {
        long current = generation;
        line.drive(level);
        DigitalState other = opposite(level);
        int toggles = 2 + random.nextInt(2);
        long offsetMicros = 0;
        for (int i = 0; i < toggles; i++) {
            offsetMicros += 300 + random.nextInt(500);
            Instant away = at.plusNanos(offsetMicros * 1000);
            offsetMicros += 200 + random.nextInt(400);
            Instant back = at.plusNanos(offsetMicros * 1000);
            timeline.at(away, () -> driveIfCurrent(current, other));
            timeline.at(back, () -> driveIfCurrent(current, level));
        }
    }

    /** Schedules a bouncy edge at a later instant. */
    public void bouncyEdgeAt(Instant at, DigitalState level) {
        long current = generation;
        timeline.at(at, () -> {
            synchronized (this) {
                if (current == generation) {
                    bouncyEdge(at, level);
                }
            }
        });
    }

    /** A short pulse to {@code level} and back, as interference gives. */
    public void glitch(Instant at, DigitalState level, Duration length) {
        long current = generation;
        line.drive(level);
        timeline.at(at.plus(length), () -> driveIfCurrent(current, opposite(level)));
    }

    /** Drives a level now, without bounce. */
    public void drive(DigitalState level) {
        line.drive(level);
    }

    /** Pending toggles and scheduled edges are dropped (a fault took over). */
    public synchronized void cancelPending() {
        generation++;
    }

    private synchronized void driveIfCurrent(long expected, DigitalState level) {
        if (expected == generation) {
            line.drive(level);
        }
    }

    private static DigitalState opposite(DigitalState level) {
        return level == DigitalState.HIGH ? DigitalState.LOW : DigitalState.HIGH;
    }
}
