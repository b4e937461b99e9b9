package io.streetgate.analytics.air;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NowCast = Σ w^(i−1)·c_i / Σ w^(i−1), w = max(min/max, 0.5), newest hour first (shared/reference). */
class NowCastTest {

    @Test
    void aRisingEpisodeUsesTheMinimumWeightOfOneHalf() {
        double[] c = {13, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50};
        // min/max = 10/90 < 0.5, so w = 0.5; the terms 0.5^(i−1)·c_i, written out
        double numerator = 13 + 8 + 2.5 + 2.625 + 4.625 + 2 + 0.828125 + 0.640625 + 0.3515625 + 0.146484375
                + 0.078125 + 0.0244140625;
        double denominator = 2 - Math.pow(0.5, 11);
        assertEquals(numerator / denominator, NowCast.pm(c).orElseThrow(), 1e-12);
        assertEquals(17.414, NowCast.pm(c).orElseThrow(), 0.001);
    }

    @Test
    void aSteadyRecordUsesMinOverMax() {
        double[] c = {20, 22, 21, 20, 22, 21, 20, 22, 21, 20, 22, 21};
        double w = 20.0 / 22.0;
        double num = 0;
        double den = 0;
        for (int i = 0; i < c.length; i++) {
            num += Math.pow(w, i) * c[i];
            den += Math.pow(w, i);
        }
        assertEquals(num / den, NowCast.pm(c).orElseThrow(), 1e-12);
    }

    @Test
    void missingHoursKeepTheirAgeInTheWeights() {
        double[] c = {30, Double.NaN, 10};
        // w = max(10/30, 0.5) = 0.5; hour 3 weighs 0.5^2
        assertEquals((30 + 0.25 * 10) / (1 + 0.25), NowCast.pm(c).orElseThrow(), 1e-12);
    }

    @Test
    void needsTwoOfTheThreeMostRecentHours() {
        assertTrue(NowCast.pm(new double[] {Double.NaN, Double.NaN, 12, 12, 12}).isEmpty());
        assertTrue(NowCast.pm(new double[] {12, Double.NaN, Double.NaN, 12}).isEmpty());
        assertTrue(NowCast.pm(new double[] {Double.NaN, 12, 12}).isPresent());
        assertEquals(0.0, NowCast.pm(new double[] {0, 0, 0}).orElseThrow());
    }
}
