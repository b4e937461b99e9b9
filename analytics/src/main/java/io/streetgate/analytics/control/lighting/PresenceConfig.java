package io.streetgate.analytics.control.lighting;

import java.time.Duration;
import java.util.Objects;

/**
 * How presence raises the lamps: to {@code level} within {@code rampUp} of a detection, held for {@code hold}
 * after the last detection, then faded back to the base level over {@code fade}. Neighbouring lamps go to
 * {@code neighbourLevel}. Typical vendor settings: up within 1-2 s, hold 30-120 s, fade 10-60 s
 * (../shared/reference, adaptive street lighting).
 *
 * @param level          the raised level, 0..1
 * @param rampUp         time from the base level to the raised level (0: at once)
 * @param hold           how long after the last detection the raised level holds
 * @param fade           time from the raised level back to the base level (0: at once)
 * @param neighbourLevel the level neighbours are raised to; 0 for none
 */
public record PresenceConfig(double level, Duration rampUp, Duration hold, Duration fade, double neighbourLevel) {

    public PresenceConfig {
        if (!(level > 0 && level <= 1)) {
            throw new IllegalArgumentException("control.lighting.presence.level = " + level + " is not valid: use above 0 and at most 1");
        }
        if (!(neighbourLevel >= 0 && neighbourLevel <= 1)) {
            throw new IllegalArgumentException("control.lighting.presence.neighbour-level = " + neighbourLevel
                    + " is not valid: use 0..1 (0: neighbours are not raised)");
        }
        Objects.requireNonNull(rampUp, "rampUp");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(fade, "fade");
        if (rampUp.isNegative() || hold.isNegative() || fade.isNegative()) {
            throw new IllegalArgumentException("presence ramp-up, hold and fade must not be negative");
        }
    }

    /** Up within 2 s to full light, held 60 s, faded over 30 s; neighbours to 70 %. */
    public static PresenceConfig typical() {
        return new PresenceConfig(1.0, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30), 0.7);
    }
}
