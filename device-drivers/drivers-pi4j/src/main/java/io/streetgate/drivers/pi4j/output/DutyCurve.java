package io.streetgate.drivers.pi4j.output;

/**
 * From a dimming level to a PWM duty cycle and back. Level 0 is off (0 % duty, or 100 % on an inverted
 * output); levels above 0 run linearly from {@code minDuty} to {@code maxDuty} (an LED driver's PWM input often
 * needs a minimum duty to light at all, and a maximum keeps a lamp under its rating). Inverted outputs (an
 * open-collector stage between the Pi and the driver) have the duty taken from 100 %. The curve is linear
 * in duty: a perceptual curve is the control policy's business (domain facts, section 3: "apply the
 * perceptual curve in software").
 *
 * @param minDuty  duty cycle at the lowest level above 0, percent
 * @param maxDuty  duty cycle at level 1, percent
 * @param inverted whether the output stage inverts
 */
public record DutyCurve(double minDuty, double maxDuty, boolean inverted) {

    public DutyCurve {
        if (!(minDuty >= 0 && maxDuty <= 100 && minDuty <= maxDuty)) {
            throw new IllegalArgumentException("min_duty " + minDuty + " and max_duty " + maxDuty
                    + " must satisfy 0 <= min_duty <= max_duty <= 100");
        }
    }

    /** The duty cycle, percent, that the output pin carries for a level 0..1. */
    public double duty(double level) {
        double duty = level == 0 ? 0 : minDuty + (maxDuty - minDuty) * level;
        return inverted ? 100 - duty : duty;
    }

    /** The level a duty cycle on the pin stands for: 0 below the minimum, clamped to 0..1. */
    public double level(double pinDuty) {
        double duty = inverted ? 100 - pinDuty : pinDuty;
        if (duty < minDuty || duty <= 0) {
            return 0;
        }
        if (maxDuty == minDuty) {
            return 1;
        }
        return Math.max(0, Math.min(1, (duty - minDuty) / (maxDuty - minDuty)));
    }
}
