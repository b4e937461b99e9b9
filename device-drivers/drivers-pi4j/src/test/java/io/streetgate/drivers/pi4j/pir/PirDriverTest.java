package io.streetgate.drivers.pi4j.pir;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.ScriptedScenario;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.StreetScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.GPIO;
import static io.streetgate.drivers.pi4j.StreetFixture.START;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PIR driver on a simulated module whose edges bounce; the clock is stepped, so every run is the same. */
class PirDriverTest {

    StreetFixture fixture;

    PirDriver driver(Map<String, String> options, Duration... passers) throws DriverException {
        ScriptedScenario scenario = new ScriptedScenario();
        for (Duration after : passers) {
            scenario.passers.add(START.plus(after));
        }
        fixture = new StreetFixture(scenario, device("pir", "pir", GPIO, 17, options));
        return fixture.driver("pir");
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static double presence(List<Measurement> readings) {
        return readings.get(0).value();
    }

    static double events(List<Measurement> readings) {
        return readings.get(1).value();
    }

    void advance(Duration d) {
        fixture.clock.advance(d);
    }

    @Test
    void aPasserByIsOneMotionEventDespiteTheBounce() throws DriverException {
        PirDriver pir = driver(Map.of(), Duration.ofSeconds(10));
        assertEquals(List.of(Quantity.PRESENCE, Quantity.MOTION_EVENTS), pir.init().quantities());
        advance(Duration.ofSeconds(30));

        List<Measurement> readings = pir.read();

        assertEquals(1, presence(readings));
        assertEquals(1, events(readings));
        assertEquals(START.plusSeconds(30), readings.get(0).timestamp());
        assertEquals(List.of(0.0, 0.0), pir.read().stream().map(Measurement::value).toList(), "nothing since");
    }

    @Test
    void presenceHoldsWhileTheLineIsHigh() throws DriverException {
        PirDriver pir = driver(Map.of(), Duration.ofSeconds(10));
        pir.init();
        advance(Duration.ofSeconds(11));
        assertEquals(1, events(pir.read()));

        advance(Duration.ofMillis(500)); // the module holds its output for about 3 s
        List<Measurement> stillHigh = pir.read();
        assertEquals(1, presence(stillHigh));
        assertEquals(0, events(stillHigh));
        advance(Duration.ofSeconds(5));
        assertEquals(0, presence(pir.read()));
    }

    @Test
    void separatePassersByAreSeparateEvents() throws DriverException {
        PirDriver pir = driver(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));
        pir.init();
        advance(Duration.ofMinutes(1));

        assertEquals(3, events(pir.read()));
    }

    @Test
    void aWholeDayOfTheStreetRunsInSteppedTimeWithMoreMotionByDayThanByNight() throws DriverException {
        // London, autumn equinox week: dark before about 05:30 UTC and after 18:30 UTC
        StreetFixture day = StreetFixture.following(new StreetScenario(51.5, -0.12, 9).withFootfall(90, 6),
                device("pir", "pir", GPIO, 17, Map.of()));
        fixture = day;
        PirDriver pir = day.driver("pir");
        pir.init();
        double[] perHour = new double[24];
        for (int hour = 0; hour < 24; hour++) {
            day.clock.advance(Duration.ofHours(1));
            perHour[(18 + hour + 1) % 24] = events(pir.read()); // the fixture starts at 18:00 UTC
        }

        double night = perHour[1] + perHour[2] + perHour[3];
        double noon = perHour[11] + perHour[12] + perHour[13];
        assertTrue(noon > 3 * night, "by day " + noon + ", by night " + night);
        assertTrue(noon > 150, "about 270 people pass between 11:00 and 14:00, a few unseen in the blocking time: " + noon);
    }

    @Test
    void aLineStuckHighLongerThanTheLimitIsImplausibleUntilItRecovers() throws DriverException {
        PirDriver pir = driver(Map.of("stuck_high", "30m"));
        pir.init();
        fixture.street.injectFault("pir", SimFault.STUCK);
        advance(Duration.ofMinutes(29));
        assertEquals(1, presence(pir.read()), "high, but not yet for too long");

        advance(Duration.ofMinutes(2));
        DriverException e = assertThrows(DriverException.class, pir::read);
        assertEquals(DriverFault.IMPLAUSIBLE, e.fault());
        assertTrue(e.getMessage().startsWith("GPIO 17 has been active for 31 min"), e.getMessage());

        fixture.street.clearFault("pir");
        advance(Duration.ofSeconds(1));
        assertEquals(0, presence(pir.read()));
    }

    @Test
    void glitchesShorterThanTheDebounceAreNotMotion() throws DriverException {
        PirDriver pir = driver(Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(25));
        pir.init();
        fixture.street.injectFault("pir", SimFault.CRC_ERROR);
        advance(Duration.ofMinutes(1));

        assertEquals(List.of(0.0, 0.0), pir.read().stream().map(Measurement::value).toList());
    }

    @Test
    void aDisconnectedModuleSeesNobody() throws DriverException {
        PirDriver pir = driver(Map.of(), Duration.ofSeconds(5));
        pir.init();
        fixture.street.injectFault("pir", SimFault.NACK);
        advance(Duration.ofMinutes(1));

        assertEquals(0, events(pir.read()));
    }

    @Test
    void readingsDuringTheWarmUpAreFlagged() throws DriverException {
        PirDriver pir = driver(Map.of("warm_up", "45s"));
        pir.init();
        advance(Duration.ofSeconds(30));
        assertTrue(pir.read().stream().allMatch(m -> m.quality().has(QualityFlag.WARMING_UP)));
        advance(Duration.ofSeconds(30));
        assertTrue(pir.read().stream().allMatch(m -> m.quality().isGood()));
    }

    @Test
    void anActiveLowModuleCountsFallingEdges() throws DriverException {
        PirDriver pir = driver(Map.of("active", "low"));
        pir.init(); // the line idles low: active-low reads that as motion in progress

        assertEquals(1, presence(pir.read()));
    }

    @Test
    void selfTestReadsTheLine() throws DriverException {
        SelfTestResult result = driver(Map.of()).selfTest();

        assertTrue(result.passed(), result.toString());
        assertEquals("GPIO 17 reads LOW", result.checks().get(0).detail());
    }

    @Test
    void selfTestOfARunningDriverFailsOnAStuckLine() throws DriverException {
        PirDriver pir = driver(Map.of("stuck_high", "1m"));
        pir.init();
        fixture.street.injectFault("pir", SimFault.STUCK);
        advance(Duration.ofMinutes(5));

        SelfTestResult result = pir.selfTest();

        assertFalse(result.passed());
        assertEquals("not stuck active", result.checks().get(1).name());
    }
}
