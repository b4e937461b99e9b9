package io.streetgate.gateway.time;

import io.streetgate.gateway.api.ClockCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A clock is believed when it is not before its floor and has not gone back further than the tolerance. */
class ClockRuleTest {

    private static final Instant BUILT = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant SAVED = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant COLD_BOOT = Instant.parse("1970-01-01T00:00:42Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(10);
    private static final String UNKNOWN = "";

    @Test
    void aBoardWithoutRealTimeClockThatBootsAt1970WaitsUntilTimeSyncSetsTheClock() {
        ClockRule rule = new ClockRule(BUILT, Optional.empty(), TOLERANCE);
        ClockCheck.State cold = rule.observe(COLD_BOOT, UNKNOWN);
        assertFalse(cold.plausible());
        assertEquals("waiting", cold.label());
        assertEquals(BUILT, cold.floor());
        assertEquals("build", cold.floorFrom());
        assertTrue(cold.reason().contains("1970-01-01T00:00:42Z") && cold.reason().contains("time sync"),
                cold.reason());
        ClockCheck.State synced = rule.observe(Instant.parse("2026-12-07T12:00:00Z"), UNKNOWN);
        assertTrue(synced.plausible());
        assertEquals("plausible", synced.label());
        assertEquals("", synced.reason());
    }

    @Test
    void theSavedClockLessTheToleranceIsTheFloorWhenItIsLaterThanTheBuild() {
        ClockRule rule = new ClockRule(BUILT, Optional.of(SAVED), TOLERANCE);
        ClockCheck.State afterBuildBeforeSave = rule.observe(Instant.parse("2026-12-01T00:00:00Z"), UNKNOWN);
        assertFalse(afterBuildBeforeSave.plausible(), "a clock after the build but before the last stop is wrong");
        assertEquals(SAVED.minus(TOLERANCE), afterBuildBeforeSave.floor());
        assertEquals("saved clock", afterBuildBeforeSave.floorFrom());
        assertTrue(rule.observe(SAVED.plusSeconds(30), UNKNOWN).plausible());
    }

    @Test
    void aClockStepSlightlyBackAcrossARestartIsStillBelieved() {
        ClockRule rule = new ClockRule(BUILT, Optional.of(SAVED), TOLERANCE);
        assertTrue(rule.observe(SAVED.minusSeconds(3), UNKNOWN).plausible(), "time sync stepped it back by 3 s");
        assertFalse(new ClockRule(BUILT, Optional.of(SAVED), TOLERANCE)
                .observe(SAVED.minus(TOLERANCE).minusSeconds(1), UNKNOWN).plausible());
    }

    @Test
    void aSavedClockBeforeTheBuildDoesNotLowerTheFloor() {
        ClockRule rule = new ClockRule(BUILT, Optional.of(BUILT.minus(Duration.ofDays(400))), TOLERANCE);
        ClockCheck.State s = rule.observe(BUILT.minus(Duration.ofDays(1)), UNKNOWN);
        assertFalse(s.plausible());
        assertEquals(BUILT, s.floor());
        assertEquals("build", s.floorFrom());
    }

    @Test
    void aClockThatGoesBackWithinTheToleranceIsStillBelieved() {
        ClockRule rule = new ClockRule(BUILT, Optional.empty(), TOLERANCE);
        Instant t = Instant.parse("2026-12-07T12:00:00Z");
        assertTrue(rule.observe(t, UNKNOWN).plausible());
        assertTrue(rule.observe(t.minus(TOLERANCE), UNKNOWN).plausible(), "a time sync step of a few minutes");
        assertEquals(Optional.of(t), rule.latestBelieved(), "the latest believed time does not go back");
    }

    @Test
    void aClockThatGoesBackBeyondTheToleranceWaitsUntilItPassesWhereItWasLessTheTolerance() {
        ClockRule rule = new ClockRule(BUILT, Optional.empty(), TOLERANCE);
        Instant t = Instant.parse("2026-12-07T12:00:00Z");
        rule.observe(t, UNKNOWN);
        ClockCheck.State back = rule.observe(t.minus(Duration.ofHours(3)), UNKNOWN);
        assertFalse(back.plausible());
        assertTrue(back.reason().contains("went back from 2026-12-07T12:00:00Z"), back.reason());
        assertFalse(rule.observe(t.minus(TOLERANCE).minusSeconds(1), UNKNOWN).plausible());
        assertTrue(rule.observe(t.minus(TOLERANCE), UNKNOWN).plausible());
    }

    @Test
    void timeSyncIsBelievedOverASavedClockThatRanAheadButNeverBelowTheBuild() {
        Instant ranAhead = Instant.parse("2031-01-01T00:00:00Z");
        ClockRule rule = new ClockRule(BUILT, Optional.of(ranAhead), TOLERANCE);
        Instant right = Instant.parse("2026-12-07T12:00:00Z");
        assertFalse(rule.observe(right, UNKNOWN).plausible(), "without a word from time sync the saved clock holds");
        ClockCheck.State synced = rule.observe(right, "systemd-timesyncd");
        assertTrue(synced.plausible());
        assertEquals("systemd-timesyncd", synced.syncedBy());
        assertEquals(BUILT, synced.floor(), "summaries after the build are not held by a saved clock that ran ahead");
        assertFalse(rule.observe(COLD_BOOT, "systemd-timesyncd").plausible(), "1970 is wrong whoever says it");
        assertTrue(rule.observe(right.minus(Duration.ofDays(2)), "systemd-timesyncd").plausible(),
                "time sync may set the clock back");
    }

    @Test
    void aSimulatedStreetsClockIsBelievedFromItsStartWhateverTheYear() {
        Instant start = Instant.parse("2021-06-21T19:30:00Z");
        ClockRule rule = ClockRule.simulated(start, TOLERANCE);
        ClockCheck.State s = rule.observe(start.plusSeconds(1), UNKNOWN);
        assertTrue(s.plausible());
        assertEquals("simulation start", s.floorFrom());
        assertFalse(rule.observe(start.minusSeconds(1), UNKNOWN).plausible());
    }
}
