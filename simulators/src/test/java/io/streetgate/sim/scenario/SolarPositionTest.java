package io.streetgate.sim.scenario;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SolarPositionTest {

    final SolarPosition london = new SolarPosition(51.5074, -0.1278);

    @Test
    void londonAtTheJune2024SolsticeNoonIsAbout62Degrees() {
        // 90 - 51.51 + 23.44 = 61.93 degrees at solar noon (about 12:02 UTC at this longitude)
        assertEquals(61.93, london.elevation(Instant.parse("2024-06-20T12:02:00Z")), 0.1);
    }

    @Test
    void londonSunriseAndSunsetAtTheSolsticeAreAtMinus0833Degrees() {
        // published times for 20 June 2024: sunrise 04:43 BST (03:43 UTC), sunset 21:21 BST (20:21 UTC)
        assertEquals(SolarPosition.SUNRISE_ELEVATION, london.elevation(Instant.parse("2024-06-20T03:43:30Z")), 0.2);
        assertEquals(SolarPosition.SUNRISE_ELEVATION, london.elevation(Instant.parse("2024-06-20T20:21:30Z")), 0.2);
    }

    @Test
    void theSunIsNearTheZenithAtTheEquatorOnTheEquinoxAndBelowTheHorizonAtMidnight() {
        SolarPosition quito = new SolarPosition(0, 0);
        assertEquals(90, quito.elevation(Instant.parse("2024-03-20T12:07:00Z")), 0.5);
        assertEquals(-90, quito.elevation(Instant.parse("2024-03-21T00:07:00Z")), 0.5);
    }

    @Test
    void refusesPlacesOffTheGlobe() {
        assertThrows(IllegalArgumentException.class, () -> new SolarPosition(95, 0));
        assertThrows(IllegalArgumentException.class, () -> new SolarPosition(0, 181));
    }
}
