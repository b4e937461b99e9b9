package io.streetgate.drivers.pi4j.veml7700;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gain and integration time choice, as plain logic: counts in, verdicts and settings out. */
class AutoRangeTest {

    static final double LUX_PER_COUNT = 0.0576;

    @Test
    void theResolutionTable() {
        // 0.0576 lx/count at x1/100 ms, halving per doubling of time, divided by the gain
        assertEquals(0.0576, new Setting(Gain.X1, IntegrationTime.MS100).luxPerCount(LUX_PER_COUNT), 1e-12);
        assertEquals(0.0036, new Setting(Gain.X2, IntegrationTime.MS800).luxPerCount(LUX_PER_COUNT), 1e-12);
        assertEquals(1.8432, new Setting(Gain.X1_8, IntegrationTime.MS25).luxPerCount(LUX_PER_COUNT), 1e-12);
        assertEquals(0.2304, new Setting(Gain.X1_4, IntegrationTime.MS100).luxPerCount(LUX_PER_COUNT), 1e-12);
    }

    @Test
    void itStartsAtTheLeastSensitiveGainAt100Ms() {
        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS100), new AutoRange().setting());
    }

    @Test
    void fewCountsRaiseTheGainFirstThenTheIntegrationTimeUntilTheDarkestSetting() {
        AutoRange range = new AutoRange();
        List<Setting> visited = new ArrayList<>();
        AutoRange.Verdict verdict;
        while ((verdict = range.judge(AutoRange.LOW_COUNTS)) == AutoRange.Verdict.MORE_SENSITIVE) {
            visited.add(range.setting());
        }

        assertEquals(List.of(new Setting(Gain.X1_4, IntegrationTime.MS100), new Setting(Gain.X1, IntegrationTime.MS100),
                new Setting(Gain.X2, IntegrationTime.MS100), new Setting(Gain.X2, IntegrationTime.MS200),
                new Setting(Gain.X2, IntegrationTime.MS400), new Setting(Gain.X2, IntegrationTime.MS800)), visited);
        assertEquals(AutoRange.Verdict.DARKEST, verdict);
    }

    @Test
    void manyCountsShortenTheIntegrationTimeAtTheLowestGainUntilTheBrightestSetting() {
        AutoRange range = new AutoRange();

        assertEquals(AutoRange.Verdict.LESS_SENSITIVE, range.judge(AutoRange.HIGH_COUNTS + 1));
        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS50), range.setting());
        assertEquals(AutoRange.Verdict.LESS_SENSITIVE, range.judge(40_000));
        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS25), range.setting());
        assertEquals(AutoRange.Verdict.BRIGHTEST, range.judge(20_000));
    }

    @Test
    void countsBetweenTheThresholdsAreAccepted() {
        AutoRange range = new AutoRange();

        assertEquals(AutoRange.Verdict.ACCEPT, range.judge(AutoRange.LOW_COUNTS + 1));
        assertEquals(AutoRange.Verdict.ACCEPT, range.judge(AutoRange.HIGH_COUNTS));
        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS100), range.setting());
    }

    @Test
    void aSaturatedCounterAtADarkSettingJumpsStraightBackToTheStart() {
        AutoRange range = new AutoRange();
        while (range.judge(10) == AutoRange.Verdict.MORE_SENSITIVE) {
            // dusk: all the way up
        }

        assertEquals(AutoRange.Verdict.LESS_SENSITIVE, range.judge(0xFFFF)); // the street light came on
        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS100), range.setting());
        assertEquals(AutoRange.Verdict.LESS_SENSITIVE, range.judge(12_000), "not saturated: one step at a time");
        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS50), range.setting());
    }

    @Test
    void forAnyIlluminanceItSettlesWithinTheLadderAndStaysThere() {
        for (double lux = 0.01; lux < 200_000; lux *= 1.37) {
            AutoRange range = new AutoRange();
            int measurements = 0;
            AutoRange.Verdict verdict;
            do {
                measurements++;
                verdict = range.judge(counts(lux, range.setting()));
            } while (verdict == AutoRange.Verdict.MORE_SENSITIVE || verdict == AutoRange.Verdict.LESS_SENSITIVE);
            Setting settled = range.setting();

            assertTrue(measurements <= AutoRange.steps(), lux + " lx took " + measurements);
            for (int again = 0; again < 3; again++) {
                range.judge(counts(lux, range.setting()));
                assertEquals(settled, range.setting(), lux + " lx: no oscillation");
            }
        }
    }

    static int counts(double lux, Setting setting) {
        return (int) Math.min(0xFFFF, Math.round(lux / setting.luxPerCount(LUX_PER_COUNT)));
    }
}
