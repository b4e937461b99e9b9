package io.streetgate.gateway.sampling;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.HealthState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SensorHealthTrackerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(10);
    private static final DriverException NACK = new DriverException(DriverFault.NO_DEVICE, "no ACK at 0x76");

    @Test
    void oneFailureDegradesThreeInARowMakeFaultyAndOneGoodReadHeals() {
        SensorHealthTracker t = new SensorHealthTracker(PERIOD, T0);
        t.success(T0);
        assertEquals(HealthState.OK, t.health().state());

        assertTrue(t.failure(NACK, T0.plusSeconds(10)));
        assertEquals(HealthState.DEGRADED, t.health().state());
        assertEquals("NO_DEVICE: no ACK at 0x76", t.health().reason());
        assertFalse(t.failure(NACK, T0.plusSeconds(20)), "still degraded: no state change");
        assertTrue(t.failure(NACK, T0.plusSeconds(30)));
        assertEquals(HealthState.FAULTY, t.health().state());
        assertTrue(t.needsInit(), "a faulty sensor is initialised again before the next read");

        assertTrue(t.success(T0.plusSeconds(40)));
        assertEquals(HealthState.OK, t.health().state());
        assertEquals(T0.plusSeconds(40), t.health().since());
    }

    @Test
    void aFaultySensorIsRetriedWithExponentialBackOffUpToFiveMinutes() {
        SensorHealthTracker t = new SensorHealthTracker(PERIOD, T0);
        assertEquals(PERIOD, t.nextDelay(null));
        t.failure(NACK, T0);
        t.failure(NACK, T0);
        assertEquals(PERIOD, t.nextDelay(NACK), "degraded sensors keep their period");
        t.failure(NACK, T0);
        assertEquals(Duration.ofSeconds(20), t.nextDelay(NACK));
        t.failure(NACK, T0);
        assertEquals(Duration.ofSeconds(40), t.nextDelay(NACK));
        for (int i = 0; i < 30; i++) {
            t.failure(NACK, T0);
        }
        assertEquals(Duration.ofMinutes(5), t.nextDelay(NACK));
    }

    @Test
    void aSensorInitialisedButNotReadyYetIsReadAgainWithoutAnotherInit() {
        SensorHealthTracker t = new SensorHealthTracker(PERIOD, T0);
        assertTrue(t.needsInit(), "a new sensor is initialised first");
        t.initialised();
        assertFalse(t.failure(new DriverException(DriverFault.NOT_READY, "no new result yet"), T0));
        assertFalse(t.needsInit(), "its first result is on its way: a new init would reset it");
        assertEquals(PERIOD.dividedBy(4), t.nextDelay(new DriverException(DriverFault.NOT_READY, "no new result yet")));
        t.failure(NACK, T0);
        t.failure(NACK, T0);
        t.failure(NACK, T0);
        assertTrue(t.needsInit(), "a faulty sensor is initialised again");
    }

    @Test
    void noNewDataYetIsNotAFailure() {
        SensorHealthTracker t = new SensorHealthTracker(PERIOD, T0);
        t.success(T0);
        DriverException notReady = new DriverException(DriverFault.NOT_READY, "conversion running");

        assertFalse(t.failure(notReady, T0.plusSeconds(1)));
        assertEquals(HealthState.OK, t.health().state());
        assertEquals(Duration.ofMillis(2500), t.nextDelay(notReady));
    }

    @Test
    void aConfigurationFaultIsNotRetried() {
        SensorHealthTracker t = new SensorHealthTracker(PERIOD, T0);
        t.failure(new DriverException(DriverFault.WRONG_DEVICE, "chip id 0x58 is a BMP280"), T0);

        assertEquals(HealthState.FAULTY, t.health().state());
        assertTrue(t.gaveUp());
        assertTrue(t.health().reason().contains("chip id 0x58 is a BMP280"));
    }

    @Test
    void failuresAreCountedByFault() {
        SensorHealthTracker t = new SensorHealthTracker(PERIOD, T0);
        t.failure(NACK, T0);
        t.failure(new DriverException(DriverFault.CHECKSUM, "CRC 0x12 != 0x92"), T0);
        t.success(T0);

        Map<String, Object> d = t.details();
        assertEquals(Map.of("no_device", 1L, "checksum", 1L), d.get("failures"));
        assertEquals(1L, d.get("good_reads"));
        assertEquals(0, d.get("consecutive_failures"));
    }
}
