package io.streetgate.ota.osgi;

import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.gateway.time.ClockRule;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OTA agent's passes (its polls of the repository) wait for a plausible clock, judged by the gateway's own
 * {@link ClockRule}: after a cold boot at 1970 with a clock saved this morning it does not poll and says why in
 * the part {@code ota}; once time sync sets the clock it polls.
 */
class OtaClockWaitTest {

    private static final Instant BUILT = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant SAVED = Instant.parse("2026-12-07T09:50:00Z");
    private static final Instant BOOT = Instant.parse("1970-01-01T00:00:42Z");
    private static final Instant SYNCED = Instant.parse("2026-12-07T12:03:11Z");

    private final AtomicReference<Instant> wall = new AtomicReference<>(BOOT);
    private final ClockCheck clock = new ClockRule(BUILT, Optional.of(SAVED), ClockRule.BACKWARDS_TOLERANCE)
            .check(wall::get);
    private final HealthRegistryImpl health = new HealthRegistryImpl();
    private final AtomicInteger polls = new AtomicInteger();
    private final ClockWait wait = new ClockWait(clock, health, TimeBase.system(), "ota");

    private boolean pass() {
        return wait.run(polls::incrementAndGet, () -> Map.of("running", "1.3.0"));
    }

    private ComponentStatus ota() {
        return health.snapshot().stream().filter(p -> p.name().equals("ota")).findFirst().orElseThrow();
    }

    @Test
    void onA1970ClockTheAgentDoesNotPollAndSaysWhyThenPollsOnceTimeSyncSetsTheClock() {
        assertFalse(pass());
        assertFalse(pass());
        assertEquals(0, polls.get(), "no poll on a clock before the saved one");
        assertEquals(HealthState.DEGRADED, ota().health().state());
        assertEquals("waiting for a plausible clock: the clock reads 1970-01-01T00:00:42Z, before the saved clock "
                + "time 2026-12-07T09:40:00Z: waiting for time sync to set it (systemd-timesyncd or chrony with a "
                + "reachable time server)", ota().health().reason());
        assertEquals("1.3.0", ota().details().get("running"));

        wall.set(SYNCED);
        assertTrue(pass());
        assertEquals(1, polls.get(), "it polls once the clock is plausible");
    }

    @Test
    void aClockSetBackAnHourStopsThePollsUntilItPassesWhereItWas() {
        wall.set(SYNCED);
        assertTrue(pass());
        wall.set(SYNCED.minus(Duration.ofHours(1))); // still after the saved clock: only going back is wrong
        assertFalse(pass(), "a clock 1 h back is not believed");
        assertTrue(ota().health().reason().startsWith("waiting for a plausible clock: the clock went back from "
                + SYNCED), ota().health().reason());
        wall.set(SYNCED.plusSeconds(1));
        assertTrue(pass());
        assertEquals(2, polls.get());
    }
}
