package io.streetgate.analytics.control.lighting;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Periods of the night in night order, noon to noon. */
class DimmingProfileTest {

    final DimmingProfile profile = StreetLights.PROFILE;

    @Test
    void theDuskPeriodHoldsUntilTheFirstClockPeriodThenEachInNightOrder() {
        assertEquals(1.0, profile.periodAt(LocalTime.of(17, 0)).level());
        assertTrue(profile.periodAt(LocalTime.of(17, 0)).atDusk());
        assertEquals(0.7, profile.periodAt(LocalTime.of(22, 0)).level());
        assertEquals(0.7, profile.periodAt(LocalTime.of(23, 59)).level());
        assertEquals(0.4, profile.periodAt(LocalTime.MIDNIGHT).level());
        assertEquals(0.4, profile.periodAt(LocalTime.of(4, 59)).level());
        assertEquals(1.0, profile.periodAt(LocalTime.of(5, 0)).level());
        assertEquals(1.0, profile.periodAt(LocalTime.of(11, 59)).level());
        // a summer dusk after 22:00 starts in the 22:00 period
        assertEquals(0.7, profile.periodAt(LocalTime.of(22, 30)).level());
        assertEquals(0.4, profile.lowest());
    }

    @Test
    void aProfileStartsAtDuskAndRunsInNightOrder() {
        assertThrows(IllegalArgumentException.class, () -> new DimmingProfile(List.of(
                new DimmingProfile.Period(LocalTime.of(22, 0), 0.5))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DimmingProfile(List.of(
                DimmingProfile.Period.atDusk(1.0), new DimmingProfile.Period(LocalTime.of(1, 0), 0.5),
                new DimmingProfile.Period(LocalTime.of(23, 0), 0.6))));
        assertTrue(e.getMessage().contains("not after 01:00 in night order"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DimmingProfile.Period.atDusk(0));
    }
}
