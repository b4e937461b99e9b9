package io.streetgate.drivers.modbus.map;

/**
 * How an actuator level 0..1 becomes a value of a writable entry: {@code min + level · (max - min)}, rounded
 * to a whole number when the entry takes {@code steps} (a mode or fan stage), then written as the entry's
 * registers. A lamp level on a DALI gateway is the light output ratio itself (0..1) and the entry's transform
 * turns it into an arc power level.
 *
 * @param min   the value at level 0, in the entry's unit
 * @param max   the value at level 1
 * @param steps whether only whole values are valid
 */
public record Actuation(double min, double max, boolean steps) {

    public Actuation {
        if (!(Double.isFinite(min) && Double.isFinite(max) && max > min)) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] is empty: write [low, high]");
        }
    }

    /** The entry's value for a level 0..1. */
    public double value(double level) {
        double v = min + level * (max - min);
        return steps ? Math.round(v) : v;
    }

    /** The level 0..1 a value stands for, clamped to the range. */
    public double level(double value) {
        double l = (value - min) / (max - min);
        return Math.max(0.0, Math.min(1.0, l));
    }
}
