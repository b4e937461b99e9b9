package io.streetgate.gateway.time;

import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's clock check: it saves the latest believed time owner-only in the state folder, a cold boot at
 * 1970 after that waits for time sync, and the status shows the clock as the part {@code clock}.
 */
class ClockWatchTest {

    private static final Instant BUILT = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant RUNNING = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path state;

    private static TimeBase at(Instant t) {
        return TimeBase.of(Clock.fixed(t, ZoneOffset.UTC));
    }

    private ClockWatch watch(Instant now, HealthRegistryImpl health, boolean simulated) {
        return new ClockWatch(at(now), health, simulated, state, BUILT, state.resolve("no-sync-flag"));
    }

    private static ComponentStatus part(HealthRegistryImpl health) {
        return health.snapshot().stream().filter(p -> p.name().equals(ClockWatch.HEALTH)).findFirst().orElseThrow();
    }

    @Test
    void theClockSavedAtStopIsTheFloorAfterAColdBootAt1970() throws Exception {
        HealthRegistryImpl health = new HealthRegistryImpl();
        ClockWatch running = watch(RUNNING, health, false);
        running.tick();
        assertTrue(running.plausible());
        assertEquals(HealthState.OK, part(health).health().state());
        assertEquals("plausible", part(health).details().get("state"));
        assertEquals("plausible; floor 2026-11-30T00:00:00Z (build); set by unknown",
                part(health).details().get("summary"), "what streetgate status shows");
        running.deactivate();

        Path saved = state.resolve(ClockWatch.SAVED_FILE);
        assertEquals(RUNNING + "\n", Files.readString(saved));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
        assertFalse(Files.exists(state.resolve("." + ClockWatch.SAVED_FILE + ".tmp")), "replaced atomically");

        HealthRegistryImpl after = new HealthRegistryImpl();
        ClockWatch coldBoot = watch(Instant.parse("1970-01-01T00:00:09Z"), after, false);
        coldBoot.tick();
        assertFalse(coldBoot.plausible());
        assertEquals(RUNNING.minus(ClockRule.BACKWARDS_TOLERANCE), coldBoot.state().floor());
        assertEquals("saved clock", coldBoot.state().floorFrom());
        ComponentStatus clock = part(after);
        assertEquals(HealthState.DEGRADED, clock.health().state());
        assertEquals("waiting", clock.details().get("state"));
        assertEquals("unknown", clock.details().get("synced_by"));
        assertTrue(clock.health().reason().contains("waiting for time sync"), clock.health().reason());
        coldBoot.deactivate();
        assertEquals(RUNNING + "\n", Files.readString(saved), "a clock never believed is never saved");
    }

    @Test
    void aSavedClockThatIsNotATimeIsIgnoredAndWrittenAgain() throws Exception {
        Path saved = state.resolve(ClockWatch.SAVED_FILE);
        Files.writeString(saved, "yesterday\n");
        assertEquals(Optional.empty(), ClockWatch.readSaved(saved));
        Files.writeString(saved, "2026-12-07T12:00:00Z".repeat(10));
        assertEquals(Optional.empty(), ClockWatch.readSaved(saved), "a file larger than a time is not read");
        ClockWatch w = watch(RUNNING, new HealthRegistryImpl(), false);
        assertTrue(w.plausible(), "the build is the floor");
        w.deactivate();
        assertEquals(Optional.of(RUNNING), ClockWatch.readSaved(saved));
    }

    @Test
    void theSyncFlagOfSystemdTimesyncdNamesWhoSetTheClock() throws Exception {
        Path flag = Files.createFile(state.resolve("synchronized"));
        HealthRegistryImpl health = new HealthRegistryImpl();
        ClockWatch w = new ClockWatch(at(RUNNING), health, false, state, BUILT, flag);
        w.tick();
        assertEquals("systemd-timesyncd", w.state().syncedBy());
        assertEquals("systemd-timesyncd", part(health).details().get("synced_by"));
        w.deactivate();
    }

    @Test
    void aSimulatedStreetSavesNothing() {
        ClockWatch w = watch(Instant.parse("2021-06-21T19:30:00Z"), new HealthRegistryImpl(), true);
        w.tick();
        assertTrue(w.plausible(), "a simulation may start before the build");
        w.deactivate();
        assertFalse(Files.exists(state.resolve(ClockWatch.SAVED_FILE)));
    }

    @Test
    void theBuildTimeIsTheModificationTimeOfTheBundlesJar() throws Exception {
        Path jar = Files.createFile(state.resolve("gateway.jar"));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.from(BUILT));
        assertEquals(BUILT, ClockWatch.builtAt(jar.toUri().toString()));
        assertEquals(Instant.EPOCH, ClockWatch.builtAt("reference:inputstream:gateway"));
    }
}
