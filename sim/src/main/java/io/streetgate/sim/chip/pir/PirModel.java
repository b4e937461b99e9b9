package io.streetgate.sim.chip.pir;

import com.pi4j.io.gpio.digital.DigitalState;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.bus.BouncingLine;
import io.streetgate.sim.bus.GpioLine;
import io.streetgate.sim.bus.Timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A PIR motion module of the HC-SR501 kind driving a GPIO line (domain facts, section 3 GPIO; verify against
 * the module's datasheet): the output goes high when someone passes, stays high for the hold time
 * (retriggerable: another passer-by restarts it), then stays blind for the blocking time after it falls.
 * Each edge comes with a few milliseconds of bounce, as a contact or a slow output stage gives. Passers-by
 * arrive through {@link #passerBy(Instant)} from the scenario.
 */
public final class PirModel {

    /** Hold time at the potentiometer's shortest setting (about 3 s). */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(3);
    /** Blind time after the output falls (about 2.5 s). */
    public static final Duration DEFAULT_BLOCK = Duration.ofMillis(2500);
    /** Length of a CRC_ERROR glitch. */
    static final Duration GLITCH = Duration.ofMillis(1);

    private final BouncingLine line;
    private final Timeline timeline;
    private final Duration hold;
    private final Duration block;

    private boolean high;
    private Instant holdUntil = Instant.MIN;
    private Instant blindUntil = Instant.MIN;
    private SimFault fault;
    private long passersSeen;

    public PirModel(GpioLine line, Timeline timeline, long seed) {
        this(line, timeline, seed, DEFAULT_HOLD, DEFAULT_BLOCK);
    }

    public PirModel(GpioLine line, Timeline timeline, long seed, Duration hold, Duration block) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.line = new BouncingLine(line, timeline, seed);
        this.hold = hold;
        this.block = block;
    }

    /** Someone passes now (called by the timeline at the instant of passing). */
    public synchronized void passerBy(Instant at) {
        if (fault != null) {
            if (fault == SimFault.CRC_ERROR) {
                glitch(at);
            }
            return;
        }
        passersSeen++;
        if (high) {
            holdUntil = at.plus(hold); // retriggered: the output stays high
            Instant fallAt = holdUntil;
            timeline.at(fallAt, () -> fallIfDue(fallAt));
            return;
        }
        if (at.isBefore(blindUntil)) {
            return; // blocked after the last fall: this one goes unseen
        }
        high = true;
        holdUntil = at.plus(hold);
        line.bouncyEdge(at, DigitalState.HIGH);
        Instant fallAt = holdUntil;
        timeline.at(fallAt, () -> fallIfDue(fallAt));
    }

    /** How many passers-by reached the module while it was working (seen or blocked). */
    public synchronized long passersSeen() {
        return passersSeen;
    }

    /**
     * Injects a fault, or clears it with {@code null}: NACK leaves the line low (disconnected, pulled down),
     * STUCK holds it high, CRC_ERROR turns passers-by into 1 ms glitches.
     *
     * @throws IllegalArgumentException for TIMEOUT, GARBAGE and SHORT_FRAME, which a GPIO line cannot have
     */
    public synchronized void fault(SimFault newFault) {
        if (newFault == SimFault.TIMEOUT || newFault == SimFault.GARBAGE || newFault == SimFault.SHORT_FRAME) {
            throw new IllegalArgumentException("fault " + newFault
                    + " does not apply to a GPIO input (use NACK, STUCK or CRC_ERROR)");
        }
        fault = newFault;
        line.cancelPending(); // pending bounces and falls no longer apply
        Instant now = timeline.now();
        if (newFault == SimFault.STUCK) {
            high = true;
            line.drive(DigitalState.HIGH);
        } else if (newFault != null || high) {
            high = false;
            blindUntil = now;
            line.drive(DigitalState.LOW);
        }
    }

    private void fallIfDue(Instant fallAt) {
        synchronized (this) {
            if (!high || fault != null || !fallAt.equals(holdUntil)) {
                return; // retriggered since, or a fault took over
            }
            high = false;
            blindUntil = fallAt.plus(block);
            line.bouncyEdge(fallAt, DigitalState.LOW);
        }
    }

    private void glitch(Instant at) {
        if (!high) {
            line.glitch(at, DigitalState.HIGH, GLITCH);
        }
    }
}
