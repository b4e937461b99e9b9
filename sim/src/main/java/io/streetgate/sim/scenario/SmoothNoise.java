package io.streetgate.sim.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * Deterministic slow variation in -1..1 as a function of time: random values at knots a fixed spacing
 * apart, joined by a smooth (cosine) curve. The same seed gives the same curve whatever order it is asked in.
 */
public final class SmoothNoise {

    private final long seed;
    private final long spacingMillis;

    public SmoothNoise(long seed, Duration spacing) {
        if (spacing.isNegative() || spacing.isZero()) {
            throw new IllegalArgumentException("knot spacing " + spacing + " must be positive");
        }
        this.seed = seed;
        this.spacingMillis = spacing.toMillis();
    }

    public double at(Instant t) {
        long millis = t.toEpochMilli();
        long knot = Math.floorDiv(millis, spacingMillis);
        double fraction = (double) (millis - knot * spacingMillis) / spacingMillis;
        double blend = (1 - Math.cos(Math.PI * fraction)) / 2;
        return knotValue(knot) * (1 - blend) + knotValue(knot + 1) * blend;
    }

    private double knotValue(long knot) {
        long bits = mix(seed ^ (knot * 0x9E3779B97F4A7C15L));
        return (bits >>> 11) * 0x1.0p-53 * 2 - 1;
    }

    /** SplitMix64's finaliser: spreads nearby inputs over all 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
