package io.streetgate.sim.plant;

import io.streetgate.sim.bus.RecordedOutput;
import io.streetgate.sim.bus.SimBoard;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * A street lamp: an LED luminaire whose driver draws power by the level the gateway set (the simulated platform
 * gives it the same curve, the control's {@code LedDriverPower}, that the gateway uses to estimate energy without
 * a meter), with the energy it has used since the simulation started. Thread-safe.
 */
public final class LampModel {

    private final String id;
    /** Input power at a level 0..1, W. */
    private final DoubleUnaryOperator power;
    private final DoubleSupplier level;
    private Instant last;
    private double lastLevel;
    private double energyWh;

    /**
     * @param level the level the lamp's output is at now, 0..1 (read at every update)
     */
    public LampModel(String id, DoubleUnaryOperator power, DoubleSupplier level) {
        this.id = Objects.requireNonNull(id, "id");
        this.power = Objects.requireNonNull(power, "power");
        this.level = Objects.requireNonNull(level, "level");
    }

    /** The level of a PWM channel of the board: its duty cycle while running, 0 when stopped or never set. */
    public static DoubleSupplier pwmLevel(SimBoard board, int channel) {
        return () -> board.pwm(channel).flatMap(RecordedOutput::current)
                .map(s -> s.on() ? Math.max(0, Math.min(1, s.dutyCycle() / 100)) : 0.0).orElse(0.0);
    }

    /** The level of a relay line of the board: 1 while high. */
    public static DoubleSupplier relayLevel(SimBoard board, int pin) {
        return () -> board.digitalOutput(pin).flatMap(RecordedOutput::current).map(s -> s.on() ? 1.0 : 0.0).orElse(0.0);
    }

    public String id() {
        return id;
    }

    /**
     * Brings the lamp to {@code now}: the time since the last update is counted at the level it had then, and
     * the level is read anew.
     */
    public synchronized void update(Instant now) {
        if (last != null && now.isAfter(last)) {
            energyWh += power.applyAsDouble(lastLevel) * Duration.between(last, now).toNanos() / 1e9 / 3600;
        }
        if (last == null || now.isAfter(last)) {
            last = now;
        }
        lastLevel = Math.max(0, Math.min(1, level.getAsDouble()));
    }

    /** The input power now, W. */
    public synchronized double watts(Instant now) {
        update(now);
        return power.applyAsDouble(lastLevel);
    }

    /** The energy used since the first update, Wh. */
    public synchronized double energyWh(Instant now) {
        update(now);
        return energyWh;
    }

    /** The light output ratio now (the level; 0 when off). */
    public synchronized double lightOutput(Instant now) {
        update(now);
        return lastLevel;
    }
}
