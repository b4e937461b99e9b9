package io.streetgate.sim.chip.watermeter;

import com.pi4j.io.gpio.digital.DigitalState;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.bus.BouncingLine;
import io.streetgate.sim.bus.GpioLine;
import io.streetgate.sim.bus.Timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A water meter's pulse output (a reed contact closing to ground, pulled up at the gateway) driving a GPIO
 * line: the water that flows (m³/s, from the scenario) turns the register, and each {@code litresPerPulse}
 * closes the contact for a moment (100 ms, or half the spacing when pulses come faster), with contact bounce
 * at both edges (domain facts, section 3 GPIO). Flow is integrated a minute ahead, second by second; the
 * volume carried over between minutes is kept, so no water is lost or counted twice.
 *
 * <p>Faults: NACK is a cut cable (the line rests at its pull-up, no pulses); STUCK a contact welded closed (the
 * line stays low); CRC_ERROR interference (1 ms glitches to low between pulses, which a debounce must reject).
 */
public final class PulseMeterModel {

    static final Duration CLOSURE = Duration.ofMillis(100);
    static final Duration STEP = Duration.ofSeconds(1);
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration GLITCH = Duration.ofMillis(1);
    static final int GLITCHES_A_MINUTE = 6;

    private final BouncingLine line;
    private final Timeline timeline;
    private final ToDoubleFunction<Instant> flow;
    private final double litresPerPulse;
    private final boolean idleHigh;

    private double carried;
    private long pulses;
    private double litres;
    private SimFault fault;
    private volatile boolean stopped;

    /**
     * @param flow           the flow through the meter, m³/s, at an instant
     * @param litresPerPulse the meter's pulse value
     * @param idleHigh       whether the line rests high (a contact to ground with a pull-up) or low
     */
    public PulseMeterModel(GpioLine line, Timeline timeline, long seed, ToDoubleFunction<Instant> flow,
                           double litresPerPulse, boolean idleHigh) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.line = new BouncingLine(line, timeline, seed);
        this.flow = Objects.requireNonNull(flow, "flow");
        if (!(litresPerPulse > 0)) {
            throw new IllegalArgumentException("litres per pulse " + litresPerPulse + " must be positive");
        }
        this.litresPerPulse = litresPerPulse;
        this.idleHigh = idleHigh;
        this.line.drive(idle());
    }

    /** Starts the meter: from now on it schedules its pulses minute by minute. */
    public void start() {
        Instant now = timeline.now();
        timeline.at(now, () -> plan(now));
    }

    /** Stops planning further minutes. */
    public void stop() {
        stopped = true;
    }

    /** Pulses the register has given so far (whether or not the line carried them to the gateway). */
    public synchronized long pulses() {
        return pulses;
    }

    /** The water integrated so far, litres: up to the end of the minute planned last (a minute ahead). */
    public synchronized double litres() {
        return litres;
    }

    /** Injects a fault, or clears it with {@code null}. */
    public synchronized void fault(SimFault newFault) {
        if (newFault == SimFault.TIMEOUT || newFault == SimFault.GARBAGE || newFault == SimFault.SHORT_FRAME) {
            throw new IllegalArgumentException("fault " + newFault
                    + " does not apply to a GPIO input (use NACK, STUCK or CRC_ERROR)");
        }
        fault = newFault;
        line.cancelPending();
        line.drive(newFault == SimFault.STUCK ? closed() : idle());
    }

    /** Integrates the minute from {@code from} and schedules its pulses, then the next minute. */
    private void plan(Instant from) {
        if (stopped) {
            return;
        }
        Instant to = from.plus(MINUTE);
        synchronized (this) {
            Instant previousPulse = null;
            for (Instant t = from; t.isBefore(to); t = t.plus(STEP)) {
                double stepLitres = Math.max(0, flow.applyAsDouble(t)) * 1000 * STEP.toMillis() / 1000.0;
                litres += stepLitres;
                double before = carried;
                carried += stepLitres;
                while (carried >= litresPerPulse) {
                    carried -= litresPerPulse;
                    double share = stepLitres == 0 ? 0 : (litresPerPulse - before) / stepLitres;
                    before -= litresPerPulse;
                    Instant at = t.plusNanos((long) (Math.max(0, Math.min(1, share)) * STEP.toNanos()));
                    Duration closure = previousPulse == null ? CLOSURE
                            : min(CLOSURE, Duration.between(previousPulse, at).dividedBy(2));
                    schedulePulse(at, closure);
                    previousPulse = at;
                }
            }
            if (fault == SimFault.CRC_ERROR) {
                for (int i = 0; i < GLITCHES_A_MINUTE; i++) {
                    Instant at = from.plusSeconds(5 + 10L * i);
                    timeline.at(at, () -> glitch(at));
                }
            }
        }
        timeline.at(to, () -> plan(to));
    }

    private void schedulePulse(Instant at, Duration closure) {
        timeline.at(at, () -> {
            synchronized (this) {
                pulses++; // the register turns whatever happens to the cable
                if (fault == null || fault == SimFault.CRC_ERROR) {
                    line.bouncyEdge(at, closed());
                    line.bouncyEdgeAt(at.plus(closure), idle());
                }
            }
        });
    }

    private synchronized void glitch(Instant at) {
        if (fault == SimFault.CRC_ERROR && line.line().state() == idle()) {
            line.glitch(at, closed(), GLITCH);
        }
    }

    private DigitalState idle() {
        return idleHigh ? DigitalState.HIGH : DigitalState.LOW;
    }

    private DigitalState closed() {
        return idleHigh ? DigitalState.LOW : DigitalState.HIGH;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
