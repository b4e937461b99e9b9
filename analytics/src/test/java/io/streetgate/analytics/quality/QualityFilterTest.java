package io.streetgate.analytics.quality;

import io.streetgate.analytics.window.SeriesKey;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quality;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityFilterTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private static QualityFilter filter(QuantityRules rules) {
        return new QualityFilter(QualityConfig.builder().rules(Quantity.TEMPERATURE, rules).build());
    }

    private static Measurement temp(double v, long second) {
        return Measurement.of("env-1", Quantity.TEMPERATURE, v, T0.plusSeconds(second));
    }

    @Test
    void flagsOutOfRangeKeepsTheValueAndCountsTheReason() {
        // SHT4x operating range −40..125 °C (domain-facts section 6)
        QualityFilter f = filter(QuantityRules.builder().range(-40, 125).build());
        Measurement hot = f.apply(temp(130, 0));
        Measurement ok = temp(20, 1);

        assertTrue(hot.quality().has(QualityFlag.OUT_OF_RANGE));
        assertEquals(130, hot.value(), "never silently changed");
        assertSame(ok, f.apply(ok), "a good reading passes untouched");
        assertTrue(f.apply(temp(Double.NaN, 2)).quality().has(QualityFlag.OUT_OF_RANGE));
        assertTrue(f.apply(temp(-40, 3)).quality().isGood(), "limits are inclusive");
        QualityCounters c = f.counters();
        assertEquals(4, c.seen());
        assertEquals(2, c.rejected());
        assertEquals(2, c.count(QualityFlag.OUT_OF_RANGE));
        assertEquals(2, c.accepted());
    }

    @Test
    void rateOfChangeIsJudgedAgainstTheLastAcceptedReadingAndReanchorsOnARealStep() {
        QualityFilter f = filter(QuantityRules.builder().maxRatePerSecond(0.5).build());
        assertTrue(f.apply(temp(20, 0)).quality().isGood());
        assertTrue(f.apply(temp(20.4, 1)).quality().isGood());
        assertTrue(f.apply(temp(30, 2)).quality().has(QualityFlag.RATE_OF_CHANGE), "spike");
        assertTrue(f.apply(temp(20.6, 3)).quality().isGood(), "the return from a spike is fine");
        // a real step: three rejections, then the new level is the reference
        assertTrue(f.apply(temp(40, 4)).quality().has(QualityFlag.RATE_OF_CHANGE));
        assertTrue(f.apply(temp(40, 5)).quality().has(QualityFlag.RATE_OF_CHANGE));
        assertTrue(f.apply(temp(40, 6)).quality().has(QualityFlag.RATE_OF_CHANGE));
        assertTrue(f.apply(temp(40.1, 7)).quality().isGood());
        assertEquals(4, f.counters().count(QualityFlag.RATE_OF_CHANGE));
    }

    @Test
    void hampelFlagsAnOutlierAgainstTheMedianAndMadOfThePreviousReadings() {
        QualityFilter f = filter(QuantityRules.builder().hampel(3, 3.0, 0.0).build());
        double[] calm = {20.0, 20.2, 19.9, 20.1, 20.3, 19.8};
        for (int i = 0; i < calm.length; i++) {
            assertTrue(f.apply(temp(calm[i], i)).quality().isGood());
        }
        // median 20.05; |x − m| = .05 .15 .15 .05 .25 .25 -> MAD 0.15, σ̂ = 1.4826·0.15 = 0.22239, 3σ̂ = 0.66717
        assertTrue(f.apply(temp(20.05 + 0.66, 6)).quality().isGood(), "just inside 3σ̂");
        QualityFilter g = filter(QuantityRules.builder().hampel(3, 3.0, 0.0).build());
        for (int i = 0; i < calm.length; i++) {
            g.apply(temp(calm[i], i));
        }
        Measurement out = g.apply(temp(20.05 + 0.68, 6));
        assertTrue(out.quality().has(QualityFlag.OUTLIER), "just outside 3σ̂");
        assertEquals(20.73, out.value(), 1e-12);
    }

    @Test
    void hampelMinSigmaKeepsAQuantisedSignalFromFlaggingEveryStep() {
        QualityFilter f = filter(QuantityRules.builder().hampel(2, 3.0, 0.1).build());
        for (int i = 0; i < 4; i++) {
            f.apply(temp(20.0, i));
        }
        assertTrue(f.apply(temp(20.1, 4)).quality().isGood(), "MAD 0, but one resolution step is not an outlier");
        assertTrue(f.apply(temp(21.0, 5)).quality().has(QualityFlag.OUTLIER));
    }

    @Test
    void aStateGetsNoDefaultChecksButItsOwn() {
        Quantity mode = Quantity.define("test_fan_mode", Unit.COUNT, Quantity.Kind.STATE);
        QuantityRules stuck = QuantityRules.builder().stuck(2, Duration.ofSeconds(10), 0.0).build();
        QualityFilter byDefault = new QualityFilter(QualityConfig.builder().defaults(stuck).build());
        QualityFilter ownRule = new QualityFilter(QualityConfig.builder().defaults(stuck).rules(mode, stuck).build());
        for (long second = 0; second <= 60; second += 20) {
            Measurement m = Measurement.of("hvac-1", mode, 2, T0.plusSeconds(second));
            assertTrue(byDefault.apply(m).quality().isGood(), "an unchanged setting is not stuck at " + second);
            byDefault.apply(temp(21.3, second));
            ownRule.apply(m);
        }
        assertTrue(byDefault.apply(temp(21.3, 80)).quality().has(QualityFlag.STUCK), "a measurement still is");
        assertTrue(ownRule.apply(Measurement.of("hvac-1", mode, 2, T0.plusSeconds(80))).quality()
                .has(QualityFlag.STUCK), "a rule named for the state applies");
    }

    @Test
    void stuckNeedsBothSamplesAndDuration() {
        QualityFilter f = filter(QuantityRules.builder().stuck(4, Duration.ofSeconds(30), 0.0).build());
        assertTrue(f.apply(temp(21.3, 0)).quality().isGood());
        assertTrue(f.apply(temp(21.3, 10)).quality().isGood());
        assertTrue(f.apply(temp(21.3, 20)).quality().isGood());
        assertTrue(f.apply(temp(21.3, 25)).quality().isGood(), "4 samples but only 25 s");
        assertTrue(f.apply(temp(21.3, 30)).quality().has(QualityFlag.STUCK));
        assertTrue(f.apply(temp(21.4, 40)).quality().isGood(), "moving again");
    }

    @Test
    void flatLineAtARail() {
        // −45 °C is the raw 0 of a Sensirion SHT temperature: a bus or wiring fault (domain-facts section 6)
        QualityFilter f = filter(QuantityRules.builder().flatLine(List.of(-45.0), 0.01, 2).build());
        assertTrue(f.apply(temp(-45, 0)).quality().isGood());
        assertTrue(f.apply(temp(-45, 1)).quality().has(QualityFlag.FLAT_LINE));
        assertTrue(f.apply(temp(18, 2)).quality().isGood());
    }

    @Test
    void gapIsFlaggedButStillAggregatedAndMissedReadingsAreCounted() {
        QualityFilter f = filter(QuantityRules.builder().gap(Duration.ofSeconds(10), 1.5).build());
        f.apply(temp(20, 0));
        assertTrue(f.apply(temp(20, 14)).quality().isGood(), "jitter is not a gap");
        Measurement after = f.apply(temp(20, 54));
        assertTrue(after.quality().has(QualityFlag.GAP_BEFORE));
        assertFalse(Rejection.isRejected(after.quality()));
        assertEquals(3, f.counters().missedReadings(), "40 s at 10 s: three readings missing");
        assertEquals(0, f.counters().rejected());
    }

    @Test
    void driverFlagsAreCountedTooAndOutOfOrderReadingsOnlyGetTheRangeCheck() {
        QualityFilter f = filter(QuantityRules.builder().range(0, 50).maxRatePerSecond(0.1).build());
        f.apply(temp(20, 10));
        Measurement old = f.apply(temp(30, 5));
        assertTrue(old.quality().isGood(), "no rate check against a newer reading");
        f.apply(temp(20, 11).withQuality(Quality.of(QualityFlag.WARMING_UP)));
        QualityCounters c = f.counters();
        assertEquals(1, c.outOfOrder());
        assertEquals(1, c.count(QualityFlag.WARMING_UP));
        assertEquals(1, c.rejected());
        assertEquals(1, f.counters(new SeriesKey("env-1", Quantity.TEMPERATURE)).rejected());
    }

    @Test
    void configurationErrorsNameTheKeyTheValueAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantityRules.builder().range(50, 10).build());
        assertTrue(e.getMessage().contains("range.min = 50.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HampelRule(0, 3, 0));
        assertTrue(e.getMessage().contains("hampel.half-window = 0") && e.getMessage().contains("1..50"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new QualityConfig(java.util.Map.of("tempreature", QuantityRules.NONE), QuantityRules.NONE));
        assertTrue(e.getMessage().contains("analytics.quality.tempreature"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GapRule(Duration.ZERO, 2));
        assertThrows(IllegalArgumentException.class, () -> new StuckRule(1, Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class, () -> new FlatLineRule(List.of(), 0, 1));
    }
}
