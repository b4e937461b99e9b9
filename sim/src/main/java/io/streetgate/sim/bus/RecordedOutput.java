package io.streetgate.sim.bus;

import io.streetgate.sim.SimFault;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway set on one simulated output (a relay's GPIO line or a lamp's PWM channel), newest last.
 * The history keeps the last {@value #CAPACITY} settings; older ones are dropped and counted. Faults: NACK makes
 * every setting fail (the PWM chip or GPIO line is gone: {@code No such device}); STUCK makes the output
 * ignore settings and keep reporting the one it has.
 */
public final class RecordedOutput {

    public static final int CAPACITY = 10_000;

    /**
     * One setting.
     *
     * @param at        gateway time it was set
     * @param on        whether the output is on (digital high, PWM running)
     * @param dutyCycle PWM duty cycle in percent (0 or 100 for a digital output)
     * @param frequency PWM frequency in Hz (0 for a digital output)
     */
    public record Setting(Instant at, boolean on, double dutyCycle, int frequency) {
    }

    private final String name;
    private final Deque<Setting> history = new ArrayDeque<>();
    private long dropped;
    private volatile SimFault fault;

    RecordedOutput(String name) {
        this.name = name;
    }

    /** e.g. {@code gpio 17} or {@code pwm 0}. */
    public String name() {
        return name;
    }

    synchronized void record(Setting setting) {
        if (history.size() == CAPACITY) {
            history.removeFirst();
            dropped++;
        }
        history.addLast(setting);
    }

    public synchronized Optional<Setting> current() {
        return Optional.ofNullable(history.peekLast());
    }

    public synchronized List<Setting> history() {
        return List.copyOf(history);
    }

    /** Injects a fault (NACK or STUCK), or clears it with {@code null}. */
    public void fault(SimFault newFault) {
        if (newFault != null && newFault != SimFault.NACK && newFault != SimFault.STUCK) {
            throw new IllegalArgumentException("fault " + newFault + " does not apply to an output (use NACK or STUCK)");
        }
        fault = newFault;
    }

    SimFault fault() {
        return fault;
    }

    /** How many settings fell out of the bounded history. */
    public synchronized long dropped() {
        return dropped;
    }
}
