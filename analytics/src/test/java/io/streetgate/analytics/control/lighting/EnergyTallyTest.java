package io.streetgate.analytics.control.lighting;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A night's energy against full-on, from the power model or the meter. */
class EnergyTallyTest {

    final Instant dusk = Instant.parse("2026-12-01T15:30:00Z");
    final LedDriverPower lamp = new LedDriverPower(60, 0.1, 0.5);

    @Test
    void theModelLampAtHalfLightAllNightSavesFortyFivePercent() {
        // P(0.5) = 60 W x (0.1 + 0.9 x 0.5) = 33 W against 60 W at full light
        EnergyTally tally = new EnergyTally(Map.of("lamp-1", lamp, "lamp-2", lamp), Optional.empty());
        Instant t = dusk.minusSeconds(600);
        tally.step(t, false, Map.of("lamp-1", 0.0, "lamp-2", 0.0));
        Optional<NightEnergy> night = Optional.empty();
        for (t = dusk; night.isEmpty(); t = t.plusSeconds(60)) {
            boolean lit = t.isBefore(dusk.plus(Duration.ofHours(16)));
            double level = lit ? 0.5 : 0;
            night = tally.step(t, lit, Map.of("lamp-1", level, "lamp-2", level));
            if (lit && t.equals(dusk.plus(Duration.ofHours(8)))) {
                NightEnergy halfway = tally.running(t).orElseThrow();
                assertFalse(halfway.complete());
                assertEquals(2 * 33 * 8, halfway.actualWh(), 1e-6);
            }
        }
        NightEnergy n = night.get();
        assertTrue(n.complete());
        assertEquals(dusk, n.start());
        assertEquals(dusk.plus(Duration.ofHours(16)), n.end());
        assertEquals(16, n.litHours(), 1e-9);
        assertEquals(2 * 33 * 16, n.actualWh(), 1e-6);
        assertEquals(2 * 60 * 16, n.fullOnWh(), 1e-6);
        assertEquals(45, n.savedPercent(), 1e-9);
        assertEquals("model", n.source());
        assertEquals("energy", n.kind());
        assertEquals(45.0, n.fields().get("savedPercent"));
        assertTrue(tally.running(t).isEmpty(), "no night by day");
    }

    @Test
    void withAMeterTheActualEnergyIsMetered() {
        EnergyTally tally = new EnergyTally(Map.of("lamp-1", lamp), Optional.of("meter-1"));
        tally.meter(1000.0, dusk.minusSeconds(30));
        tally.step(dusk, true, Map.of("lamp-1", 1.0));
        tally.meter(1000.2, dusk.plus(Duration.ofHours(4)));
        NightEnergy n = tally.step(dusk.plus(Duration.ofHours(4)), false, Map.of("lamp-1", 0.0)).orElseThrow();
        assertEquals(200, n.actualWh(), 1e-6);
        assertEquals(240, n.fullOnWh(), 1e-6);
        assertEquals("meter:meter-1", n.source());
    }

    @Test
    void standbyIsWhatAnOffDriverDraws() {
        assertEquals(0.5, lamp.watts(0));
        assertEquals(60, lamp.watts(1));
        assertEquals(6 + 54 * 0.3, lamp.watts(0.3), 1e-9);
    }
}
