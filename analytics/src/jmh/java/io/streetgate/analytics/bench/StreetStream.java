package io.streetgate.analytics.bench;

import java.util.Random;

/**
 * The benchmark's input: 100 sensors at 1 Hz each, so a reading every 10 ms of event time, with values
 * around 20 (°C) and a rare spike for the quality filters to catch. Values are drawn once; time runs on.
 */
final class StreetStream {

    static final int SOURCES = 100;
    static final long STEP_MILLIS = 10;
    static final long START = 1_780_000_000_000L;

    final String[] sources = new String[SOURCES];
    final double[] values = new double[1 << 16];
    private long next;

    StreetStream() {
        Random random = new Random(42);
        for (int i = 0; i < SOURCES; i++) {
            sources[i] = "env-" + i;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(1000) == 0 ? 400 : 20 + random.nextGaussian();
        }
    }

    /** Index of the next reading; its time is START + index × STEP_MILLIS. */
    long next() {
        return next++;
    }

    String source(long i) {
        return sources[(int) (i % SOURCES)];
    }

    double value(long i) {
        return values[(int) (i & (values.length - 1))];
    }

    static long time(long i) {
        return START + i * STEP_MILLIS;
    }
}
