package io.streetgate.analytics.control.lighting;

/**
 * The electrical power an LED luminaire draws at a dimming level: its rated power at full light, a share that
 * does not dim away (the driver's own losses and the controller, so that power falls less than light when
 * dimmed), and the standby power when the driver is on but the light is off. A straight line between the
 * two ends is what LED drivers' power-versus-dimming curves look like to within a few percent above about
 * 10 % (typical datasheet curves; check the driver's own). EU Ecodesign Regulation 2019/2020 caps the standby
 * power of control gear at 0.5 W (verify for the installed driver).
 *
 * @param ratedWatts    input power at level 1, W
 * @param fixedShare    the share of the rated power drawn at the lowest dimming level, 0..1 (e.g. 0.1)
 * @param standbyWatts  input power when off but powered, W
 */
public record LedDriverPower(double ratedWatts, double fixedShare, double standbyWatts) {

    public LedDriverPower {
        if (!(ratedWatts > 0 && ratedWatts <= 10_000)) {
            throw new IllegalArgumentException("rated power " + ratedWatts + " W is outside 0..10000 W");
        }
        if (!(fixedShare >= 0 && fixedShare < 1)) {
            throw new IllegalArgumentException("fixed share " + fixedShare + " is outside 0..1");
        }
        if (!(standbyWatts >= 0 && standbyWatts < ratedWatts)) {
            throw new IllegalArgumentException("standby power " + standbyWatts + " W must be 0 or more and below the rated power");
        }
    }

    /** A typical street luminaire of this rated power: 10 % does not dim away, 0.5 W standby. */
    public static LedDriverPower typical(double ratedWatts) {
        return new LedDriverPower(ratedWatts, 0.1, Math.min(0.5, ratedWatts / 10));
    }

    /** Input power at a level (0 = off, standby). */
    public double watts(double level) {
        if (level <= 0) {
            return standbyWatts;
        }
        double l = Math.min(1, level);
        return ratedWatts * (fixedShare + (1 - fixedShare) * l);
    }
}
