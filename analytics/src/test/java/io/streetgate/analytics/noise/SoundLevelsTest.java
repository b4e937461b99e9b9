package io.streetgate.analytics.noise;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LAeq and Lden reference values from the formulas in shared/reference (END 2002/49/EC Annex I). */
class SoundLevelsTest {

    @Test
    void laeqIsAnEnergyAverageNotAnArithmeticMean() {
        // 10·log10((10^6 + 10^7)/2) = 10·log10(5.5·10^6) = 67.40 dB, where the arithmetic mean would be 65
        assertEquals(67.4036, SoundLevels.laeq(60, 70), 1e-4);
        assertEquals(70.0, SoundLevels.laeq(70, 70, 70), 1e-12);
        // doubling the energy adds 3.01 dB
        assertEquals(63.0103, SoundLevels.laeq(new double[] {60, 60}, new double[] {1, 1}) + 3.0103, 1e-4);
    }

    @Test
    void laeqWeighsUnequalDurationsByTime() {
        // 1 s at 80 dB and 9 s at 60 dB: 10·log10((10^8 + 9·10^6)/10) = 70.37 dB
        assertEquals(10 * Math.log10((1e8 + 9e6) / 10), SoundLevels.laeq(new double[] {80, 60}, new double[] {1, 9}), 1e-12);
        assertEquals(70.374, SoundLevels.laeq(new double[] {80, 60}, new double[] {1, 9}), 1e-3);
    }

    @Test
    void ldenOfAKnownDay() {
        // the penalties make 65/60/55 dB equivalent in every period: Lden = 65 dB exactly
        assertEquals(65.0, SoundLevels.lden(65, 60, 55), 1e-9);
        // 60/50/50: (12·10^6 + 4·10^5.5 + 8·10^6)/24 = 886 037.96 -> 59.475 dB
        double expected = 10 * Math.log10((12 * 1e6 + 4 * Math.pow(10, 5.5) + 8 * 1e6) / 24);
        assertEquals(expected, SoundLevels.lden(60, 50, 50), 1e-12);
        assertEquals(59.475, SoundLevels.lden(60, 50, 50), 1e-3);
    }

    @Test
    void memberStatePeriodsMoveTheWeightsWithTheHours() {
        // a 3-hour evening (19-22): day 12 h, evening 3 h, night 9 h
        LdenPeriods shortEvening = new LdenPeriods(LocalTime.of(7, 0), LocalTime.of(19, 0), LocalTime.of(22, 0));
        assertEquals(12, shortEvening.dayHours());
        assertEquals(3, shortEvening.eveningHours());
        assertEquals(9, shortEvening.nightHours());
        double expected = 10 * Math.log10((12 * 1e6 + 3 * Math.pow(10, 5.5) + 9 * 1e6) / 24);
        assertEquals(expected, shortEvening.lden(60, 50, 50), 1e-12);
        assertEquals(LdenPeriods.Period.NIGHT, LdenPeriods.END_DEFAULT.periodOf(LocalTime.of(3, 0)));
        assertEquals(LdenPeriods.Period.NIGHT, LdenPeriods.END_DEFAULT.periodOf(LocalTime.of(23, 0)));
        assertEquals(LdenPeriods.Period.EVENING, LdenPeriods.END_DEFAULT.periodOf(LocalTime.of(22, 59)));
        assertEquals(LdenPeriods.Period.DAY, LdenPeriods.END_DEFAULT.periodOf(LocalTime.of(7, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> new LdenPeriods(LocalTime.of(7, 0), LocalTime.of(23, 0), LocalTime.of(19, 0)));
    }
}
