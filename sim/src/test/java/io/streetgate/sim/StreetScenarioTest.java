package io.streetgate.sim;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.sun.SolarPosition;
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
    void quantitiesByNameIncludeTheNamedOnesAndTheStreetsActivityAndNothingElse() {
        Instant t = day.plusSeconds(5000);
        assertEquals(OptionalDouble.of(amsterdam.temperature(t)), amsterdam.value(Quantity.TEMPERATURE, "any", t));
        assertEquals(OptionalDouble.of(amsterdam.ambientLux(t)), amsterdam.value(Quantity.ILLUMINANCE, "any", t));
        assertEquals(OptionalDouble.of(amsterdam.activity().pm2_5(t)), amsterdam.value(Quantity.PM2_5, "any", t));
        for (Quantity q : java.util.List.of(Quantity.PM1, StreetScenario.PM4, Quantity.PM10, Quantity.CO2,
                Quantity.SOUND_LEVEL, Quantity.FLOW)) {
            assertTrue(amsterdam.value(q, "any", t).isPresent(), q.name());
        }
        assertEquals(OptionalDouble.empty(), amsterdam.value(Quantity.ACTIVE_POWER, "any", t));
    }

    @Test
    void trafficBringsParticulatesCo2AndNoiseAtRushHourOnWeekdays() {
        double rushPm = 0;
        double nightPm = 0;
        double rushCo2 = 0;
        double nightCo2 = 0;
        double dayNoise = 0;
        double nightNoise = 0;
        int days = 0;
        for (int d = 0; d < 28; d++) {
            Instant date = day.plus(Duration.ofDays(d));
            java.time.DayOfWeek dow = date.atZone(java.time.ZoneOffset.UTC).getDayOfWeek();
            if (dow == java.time.DayOfWeek.SATURDAY || dow == java.time.DayOfWeek.SUNDAY) {
                continue;
            }
            days++;
            Instant rush = date.plus(Duration.ofMinutes(7 * 60 + 40)); // about 08:00 local solar time at 4.9 E
            Instant night = date.plus(Duration.ofMinutes(2 * 60 + 40));
            rushPm += amsterdam.activity().pm2_5(rush);
            nightPm += amsterdam.activity().pm2_5(night);
            rushCo2 += amsterdam.activity().co2(rush);
            nightCo2 += amsterdam.activity().co2(night);
            dayNoise += laeq(amsterdam, "kerb", rush, Duration.ofMinutes(10));
            nightNoise += laeq(amsterdam, "kerb", night, Duration.ofMinutes(10));
        }
        assertTrue(rushPm / days > nightPm / days + 8, "PM2.5 rush " + rushPm / days + " night " + nightPm / days);
        assertTrue(rushCo2 / days > nightCo2 / days + 20, "CO2 rush " + rushCo2 / days + " night " + nightCo2 / days);
        assertTrue(dayNoise / days > nightNoise / days + 8, "LAeq rush " + dayNoise / days + " night " + nightNoise / days);
        assertTrue(amsterdam.activity().pm10(day) > amsterdam.activity().pm2_5(day));
        assertTrue(amsterdam.activity().pm1(day) < amsterdam.activity().pm2_5(day));
    }

    /** The energy average over a span, one sample a second. */
    static double laeq(StreetScenario street, String zone, Instant from, Duration span) {
        double energy = 0;
        for (int s = 0; s < span.toSeconds(); s++) {
            energy += Math.pow(10, street.activity().soundLevel(zone, from.plusSeconds(s)) / 10);
        }
        return 10 * Math.log10(energy / span.toSeconds());
    }

    @Test
    void waterFlowHasANightMinimumAndOccasionalUse() {
        double nightMinimum = Double.MAX_VALUE;
        double litres = 0;
        for (int s = 0; s < 86_400; s += 10) {
            Instant t = day.plusSeconds(s);
            double flow = amsterdam.activity().waterFlow("house", t);
            litres += flow * 1000 * 10;
            if (s >= 2 * 3600 && s < 4 * 3600) {
                nightMinimum = Math.min(nightMinimum, flow);
            }
        }
        assertEquals(1.5 / 3600 / 1000, nightMinimum, 1e-12, "the dripping cistern alone at night");
        assertTrue(litres > 80 && litres < 1500, "a household's day: " + litres + " l");
    }
}
