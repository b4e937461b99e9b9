package io.streetgate.gateway.api.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FlatJsonWriterTest {

    private static String written(double d) {
        FlatJsonWriter w = new FlatJsonWriter(32);
        w.field("v", d);
        byte[] json = w.finish();
        String text = new String(json, StandardCharsets.US_ASCII);
        return text.substring("{\"v\":".length(), text.length() - 1);
    }

    @Test
    void decimalsOfUpToFourPlacesAreWrittenAsDoubleToStringWritesThem() {
        for (long m = -2_000_000; m <= 2_000_000; m++) { // every value from -200 to 200 in steps of 0.0001
            double d = m / 10_000.0;
            assertEquals(Double.toString(d), written(d), "m=" + m);
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2_000_000; i++) { // and across the whole plain range, 0.001 to 10^7
            int places = random.nextInt(5);
            double d = random.nextLong(-100_000_000_000L, 100_000_000_000L) / Math.pow(10, places);
            assertEquals(Double.toString(d), written(d), "d=" + d);
        }
    }

    @Test
    void otherDoublesAreLeftToDoubleToString() {
        double[] others = {0.0, -0.0, 1e-3 - 1e-12, 9.99999e-4, 1e7, 12345678.5, 0.1 + 0.2, 18.123456, Math.PI,
            Double.MIN_VALUE, Double.MAX_VALUE, 1.0E-5, 9_999_999.9999};
        for (double d : others) {
            assertEquals(Double.toString(d), written(d), "d=" + d);
        }
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 500_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                assertEquals(Double.toString(d), written(d));
            }
        }
    }
}
