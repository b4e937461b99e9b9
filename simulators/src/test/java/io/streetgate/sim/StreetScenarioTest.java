package io.streetgate.sim;

import io.streetgate.driver.Quantity;
import io.streetgate.sim.scenario.SolarPosition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreetScenarioTest {

    final StreetScenario amsterdam = new StreetScenario(52.37, 4.90, 1);
    final Instant day = Instant.parse("2024-09-15T00:00:00Z");

    @Test
    void sameSeedSameStreetOtherSeedOtherWeather() {
        Instant t = day.plus(Duration.ofHours(14));
        StreetScenario again = new StreetScenario(52.37, 4.90, 1);
        StreetScenario other = new StreetScenario(52.37, 4.90, 2);

        assertEquals(amsterdam.temperature(t), again.temperature(t));
        assertEquals(amsterdam.passersBy("z", day, day.plusSeconds(3600)), again.passersBy("z", day, day.plusSeconds(3600)));
        assertNotEquals(amsterdam.temperature(t), other.temperature(t));
    }

    @Test
    void lightFollowsTheSunThroughTwilight() {
        Instant noon = day.plus(Duration.ofMinutes(11 * 60 + 40));
        Instant midnight = day.plus(Duration.ofMinutes(23 * 60 + 40));

        assertTrue(amsterdam.ambientLux(noon) > 10_000, "daylight at noon: " + amsterdam.ambientLux(noon));
        assertTrue(amsterdam.ambientLux(midnight) < 1, "dark at midnight: " + amsterdam.ambientLux(midnight));
        // civil dusk: the sun at -6 degrees leaves a few lux
        Instant dusk = firstInstantBelow(day.plus(Duration.ofHours(15)), SolarPosition.CIVIL_TWILIGHT_ELEVATION);
        assertTrue(amsterdam.ambientLux(dusk) > 0.5 && amsterdam.ambientLux(dusk) < 4, "at civil dusk: " + amsterdam.ambientLux(dusk));
        assertTrue(amsterdam.isDay(dusk.minusSeconds(60)));
        assertTrue(!amsterdam.isDay(dusk.plusSeconds(60)));
    }

    Instant firstInstantBelow(Instant from, double elevation) {
        Instant t = from;
        while (amsterdam.solarElevation(t) > elevation) {
            t = t.plusSeconds(10);
        }
        return t;
    }

    @Test
    void afternoonsAreWarmerAndDrierThanDawnsOnAverage() {
        double warmer = 0;
        double drier = 0;
        for (int d = 0; d < 60; d++) {
            Instant date = day.plus(Duration.ofDays(d));
            Instant afternoon = date.plus(Duration.ofHours(14)); // about 15:00 solar time at 4.9 E
            Instant dawn = date.plus(Duration.ofHours(3));
            warmer += amsterdam.temperature(afternoon) - amsterdam.temperature(dawn);
            drier += amsterdam.relativeHumidity(dawn) - amsterdam.relativeHumidity(afternoon);
        }
        assertEquals(6, warmer / 60, 1.5, "the daily range");
        assertTrue(drier / 60 > 5, "relative humidity falls as it warms");
    }

    @Test
    void valuesStayWithinPhysicalBounds() {
        for (Instant t = day; t.isBefore(day.plus(Duration.ofDays(365))); t = t.plus(Duration.ofMinutes(97))) {
            double rh = amsterdam.relativeHumidity(t);
            double p = amsterdam.pressure(t);
            double lux = amsterdam.ambientLux(t);
            assertTrue(rh >= 0 && rh <= 100, "RH " + rh);
            assertTrue(p > 98_000 && p < 104_000, "pressure " + p);
            assertTrue(lux > 0 && lux < 130_000, "lux " + lux);
            assertTrue(amsterdam.temperature(t) > -15 && amsterdam.temperature(t) < 35);
        }
    }

    @Test
    void moreWalkersByDayThanByNight() {
        StreetScenario street = amsterdam.withFootfall(120, 6);
        int byDay = street.passersBy("door", day.plus(Duration.ofHours(10)), day.plus(Duration.ofHours(14))).size();
        int byNight = street.passersBy("door", day.plus(Duration.ofHours(0)), day.plus(Duration.ofHours(4))).size();

        assertEquals(480, byDay, 90);
        assertEquals(24, byNight, 20);
    }

    @Test
    void quantitiesByNameIncludeTheNamedOnesAndNothingElseYet() {
        Instant t = day.plusSeconds(5000);
        assertEquals(OptionalDouble.of(amsterdam.temperature(t)), amsterdam.value(Quantity.TEMPERATURE, "any", t));
        assertEquals(OptionalDouble.of(amsterdam.ambientLux(t)), amsterdam.value(Quantity.ILLUMINANCE, "any", t));
        assertEquals(OptionalDouble.empty(), amsterdam.value(Quantity.PM2_5, "any", t));
    }
}
