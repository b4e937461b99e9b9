package io.streetgate.sim.modbus;

import java.time.Instant;

/** Shapes of a day for the device models: hours since midnight (UTC) and smooth bumps around an hour. */
final class Daily {

    private Daily() {
    }

    /** Hours since midnight UTC, 0 (inclusive) to 24. */
    static double hours(Instant t) {
        return Math.floorMod(t.getEpochSecond(), 86_400L) / 3600.0 + t.getNano() / 3.6e12;
    }

    /** A bump of height 1 at {@code centre} hours with a width of {@code sigma} hours, wrapping at midnight. */
    static double bump(double hours, double centre, double sigma) {
        double d = Math.abs(hours - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-0.5 * (d / sigma) * (d / sigma));
    }

    /** A slow deterministic wobble in -1..1, different for each {@code seed}. */
    static double wobble(Instant t, double periodSeconds, int seed) {
        double x = t.getEpochSecond() / periodSeconds;
        return 0.6 * Math.sin(2 * Math.PI * x + seed) + 0.4 * Math.sin(2 * Math.PI * 2.7 * x + 1.3 * seed);
    }

    /** Seconds from {@code last} to {@code now}, never negative; 0 on the first call (last null). */
    static double seconds(Instant last, Instant now) {
        if (last == null || now.isBefore(last)) {
            return 0;
        }
        return (now.toEpochMilli() - last.toEpochMilli()) / 1000.0;
    }
}
