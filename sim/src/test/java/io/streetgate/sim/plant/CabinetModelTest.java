package io.streetgate.sim.plant;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cabinet warms with its heater and the sun, cools with its cooler and fan, and its CO2 follows the people in it. */
class CabinetModelTest {

    final Instant start = Instant.parse("2026-01-15T00:00:00Z");
    final AtomicBoolean heater = new AtomicBoolean();
    final AtomicBoolean cooler = new AtomicBoolean();
    final AtomicReference<Double> fan = new AtomicReference<>(0.0);
    final AtomicReference<Double> sun = new AtomicReference<>(0.0);
    final AtomicReference<Double> people = new AtomicReference<>(0.0);

    CabinetModel cabinet(double outdoor) {
        return new CabinetModel(CabinetModel.Spec.streetCabinet(), new CabinetModel.Inputs(at -> outdoor,
                at -> sun.get(), at -> people.get(), heater::get, cooler::get, fan::get), start);
    }

    @Test
    void itSettlesWhereItsGainsBalanceTheLossesThroughItsWalls() {
        CabinetModel c = cabinet(-5);
        // 60 W of equipment through 25 W/K of walls: 2.4 K above the street
        assertEquals(-2.6, c.temperature(start.plus(Duration.ofHours(12))), 0.01);
        heater.set(true);
        // plus 100 W of heater: 6.4 K above the street
        assertEquals(1.4, c.temperature(start.plus(Duration.ofHours(24))), 0.01);
        double[] run = c.runSeconds(start.plus(Duration.ofHours(24)));
        assertEquals(12 * 3600, run[0], 1e-6);
    }

    @Test
    void theCoolerTheFanAndTheSunMoveItTheWayTheyShould() {
        CabinetModel c = cabinet(30);
        double still = c.temperature(start.plus(Duration.ofHours(6)));
        sun.set(CabinetModel.clearSkyIrradiance(60));
        double sunny = c.temperature(start.plus(Duration.ofHours(12)));
        assertTrue(sunny > still + 10, "the sun on its walls warms it: " + still + " -> " + sunny);
        fan.set(1.0);
        double ventilated = c.temperature(start.plus(Duration.ofHours(18)));
        assertTrue(ventilated < sunny - 5, "the fan brings it towards the street: " + sunny + " -> " + ventilated);
        cooler.set(true);
        double cooled = c.temperature(start.plus(Duration.ofHours(24)));
        assertTrue(cooled < ventilated - 3, "the cooler takes heat out: " + ventilated + " -> " + cooled);
    }

    @Test
    void co2RisesWithPeopleAndTheFanDilutesIt() {
        CabinetModel c = cabinet(10);
        assertEquals(420, c.co2(start.plusSeconds(60)), 1e-6);
        people.set(1.0);
        // one person in 1 m³ with half an air change an hour: 420 + 0.0052e-3 m³/s x 1e6 / (0.5/3600 m³/s)
        assertEquals(420 + 0.0052e-3 * 1e6 / (0.5 / 3600), c.co2(start.plus(Duration.ofHours(24))), 1);
        fan.set(1.0);
        double fanOn = c.co2(start.plus(Duration.ofHours(25)));
        assertTrue(fanOn < 700, "100 m³/h dilutes it: " + fanOn);
    }

    @Test
    void oneLongStepGivesWhatManyShortStepsGive() {
        CabinetModel a = cabinet(5);
        CabinetModel b = cabinet(5);
        heater.set(true);
        for (int m = 1; m <= 180; m++) {
            a.temperature(start.plus(Duration.ofMinutes(m)));
        }
        assertEquals(a.temperature(start.plus(Duration.ofHours(3))), b.temperature(start.plus(Duration.ofHours(3))), 1e-9);
    }
}
