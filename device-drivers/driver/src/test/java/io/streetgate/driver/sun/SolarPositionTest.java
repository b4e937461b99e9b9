package io.streetgate.driver.sun;

import org.junit.jupiter.api.Test;

import java.time.Duration;
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
    void theCrossingsAreFoundToTheMinute() {
        // same published times as above: sunset 20:21 UTC, the next sunrise 03:43 UTC on 21 June
        Instant sunset = london.nextSunset(Instant.parse("2024-06-20T12:00:00Z")).orElseThrow();
        assertEquals(0, Duration.between(Instant.parse("2024-06-20T20:21:30Z"), sunset).toMinutes(), "sunset " + sunset);
        Instant sunrise = london.nextSunrise(sunset).orElseThrow();
        assertEquals(0, Duration.between(Instant.parse("2024-06-21T03:43:30Z"), sunrise).toMinutes(), "sunrise " + sunrise);
        // civil dusk is later than sunset, and the elevation there is -6 degrees
        Instant dusk = london.nextCrossing(sunset, SolarPosition.CIVIL_TWILIGHT_ELEVATION, false, Duration.ofDays(1))
                .orElseThrow();
        assertEquals(SolarPosition.CIVIL_TWILIGHT_ELEVATION, london.elevation(dusk), 0.01);
        assertEquals(true, dusk.isAfter(sunset.plus(Duration.ofMinutes(30))), "dusk " + dusk);
    }

    @Test
    void thereIsNoSunsetInTheMidnightSun() {
        // Tromso, 69.65 N: the sun stays above the horizon from late May to late July
        SolarPosition tromso = new SolarPosition(69.65, 18.96);
        assertEquals(java.util.Optional.empty(), tromso.nextSunset(Instant.parse("2024-06-21T00:00:00Z")));
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
