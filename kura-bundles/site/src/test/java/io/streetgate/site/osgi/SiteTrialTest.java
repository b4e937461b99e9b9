package io.streetgate.site.osgi;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.site.SiteFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A site file on trial, as the console's page and the OTA agent's site-file targets both run it. */
class SiteTrialTest {

    private static final String GOOD = "node:\n  id: pole-0042\n";
    private static final String CHANGED = "node:\n  id: pole-0042\n  site: harbour-street\n";

    @TempDir
    Path dir;
    private final List<ComponentStatus> parts = new CopyOnWriteArrayList<>();
    private final AtomicInteger reloads = new AtomicInteger();

    private SiteTrial trial(String ownDir) throws Exception {
        return trial(ownDir, Clock.systemUTC(), System::nanoTime, Duration.ZERO);
    }

    private SiteTrial trial(String ownDir, Clock wall, LongSupplier nanos, Duration settle)
            throws Exception {
        if (!Files.exists(dir.resolve("site.yaml"))) {
            Files.writeString(dir.resolve("site.yaml"), GOOD);
        }
        return new SiteTrial(SiteTrial.gateway(() -> dir.resolve("site.yaml"),
                text -> SiteFile.parse(text, "site.yaml", DeviceCatalog.of(List.of()), dir), reloads::incrementAndGet,
                () -> List.copyOf(parts)), dir.resolve(ownDir), wall, nanos, settle);
    }

    @Test
    void oneTrialAtATimeWhoeverOwnsItAndTheOtherIsToldWhose() throws Exception {
        SiteTrial console = trial("console");
        SiteTrial ota = trial("ota");
        SiteTrial.Trial on = ota.begin("ota:spring-2030", CHANGED, Duration.ofMinutes(5));
        assertEquals(CHANGED, Files.readString(dir.resolve("site.yaml")));
        assertEquals(GOOD, Files.readString(dir.resolve("ota").resolve(SiteTrial.LAST_GOOD)));
        SiteTrial.Refused refused = assertThrows(SiteTrial.Refused.class,
                () -> console.begin("console:ana", GOOD + "# x\n", Duration.ofMinutes(1)));
        assertEquals("the apply by ota:spring-2030 is on trial until " + on.until() + "; wait for its outcome",
                refused.getMessage());
        assertEquals(CHANGED, Files.readString(dir.resolve("site.yaml")), "the refused apply wrote nothing");
        assertEquals("ota:spring-2030", console.current().orElseThrow().owner(), "both see the one record");
        ota.pass();
        assertTrue(console.current().isEmpty());
        console.begin("console:ana", GOOD, Duration.ofMinutes(1));
        assertEquals("console:ana", ota.current().orElseThrow().owner());
    }

    @Test
    void aRollBackPutsTheLastGoodFileBackEndsTheTrialAndHasTheGatewayReadIt() throws Exception {
        parts.add(new ComponentStatus("sensor/env-1", Health.ok(Instant.EPOCH), Map.of()));
        parts.add(new ComponentStatus("uplink", Health.degraded("broker unreachable", Instant.EPOCH), Map.of()));
        SiteTrial ota = trial("ota");
        SiteTrial.Trial on = ota.begin("ota:c1", CHANGED, Duration.ofMinutes(5));
        parts.set(0, new ComponentStatus("sensor/env-1", Health.faulty("no answer at 0x77", Instant.EPOCH), Map.of()));
        List<String> problems = ota.problems(on);
        assertEquals(List.of("sensor/env-1 faulty: no answer at 0x77"), problems,
                "the uplink was degraded before the trial: not the file's doing");
        assertFalse(ota.passes(on, problems));
        String detail = ota.rollBack(problems, Duration.ofMinutes(5));
        assertEquals("not healthy within 300 s (sensor/env-1 faulty: no answer at 0x77); the last good file is back",
                detail);
        assertEquals(GOOD, Files.readString(dir.resolve("site.yaml")));
        assertTrue(ota.current().isEmpty());
        assertEquals(1, reloads.get());
    }

    @Test
    void aTrialAgainAfterARestartHasAWholeBoundFromNow() throws Exception {
        SiteTrial ota = trial("ota");
        SiteTrial.Trial on = ota.begin("ota:c1", CHANGED, Duration.ofMinutes(5));
        SiteTrial.Trial again = ota.again(on, Duration.ofMinutes(7));
        assertEquals(Duration.ofMinutes(7), Duration.between(again.started(), again.until()));
        assertEquals(new SiteTrial.Trial(again.owner(), again.started(), again.until(), again.notOkBefore()),
                ota.current().orElseThrow(), "the record holds the renewed trial's times");
    }

    @Test
    void timeSyncSteppingTheWallClockForwardDuringATrialNeitherEndsItNorLetsItPassUnsettled() throws Exception {
        AtomicLong nanos = new AtomicLong(7_000_000_000L);
        Instant coldBoot = Instant.parse("1970-01-01T00:00:42Z");
        SiteTrial.Trial on = ota(coldBoot, nanos).begin("ota:c1", CHANGED, Duration.ofMinutes(5));
        // time sync sets the clock: the same run (the same monotonic clock), its wall clock 20,000 days later
        SiteTrial synced = ota(coldBoot.plus(Duration.ofDays(20_000)), nanos);
        assertFalse(synced.over(on), "a step of the wall clock is not trial time: the good file stays");
        assertFalse(synced.passes(on, List.of()), "nor is it the time the gateway needs to settle");
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(synced.passes(on, List.of()), "settled after 5 s of monotonic time");
        nanos.addAndGet(Duration.ofMinutes(5).minusSeconds(6).toNanos());
        assertFalse(synced.over(on), "4 min 59 s into a 5 min trial");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(synced.over(on), "over after its 5 min of monotonic time");
        assertEquals(Instant.parse("1970-01-01T00:05:42Z"), synced.current().orElseThrow().until(),
                "the record keeps the wall-clock bound it was given, for the page and a restart");
    }

    @Test
    void aWallClockSetBackDuringATrialDoesNotMakeItLastLonger() throws Exception {
        AtomicLong nanos = new AtomicLong(-3_000_000_000L); // nanoTime may be negative: only differences count
        Instant noon = Instant.parse("2026-12-07T12:00:00Z");
        SiteTrial.Trial on = ota(noon, nanos).begin("ota:c1", CHANGED, Duration.ofMinutes(5));
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertTrue(ota(noon.minus(Duration.ofHours(3)), nanos).over(on),
                "5 min of monotonic time end a 5 min trial, though the wall clock reads earlier than its start");
    }

    @Test
    void aTrialResumedAfterARestartIsMeasuredOnTheMonotonicClockFromItsRenewal() throws Exception {
        AtomicLong nanos = new AtomicLong(0);
        Instant noon = Instant.parse("2026-12-07T12:00:00Z");
        ota(noon, nanos).begin("ota:c1", CHANGED, Duration.ofMinutes(5));
        // a restart: a new run, whose monotonic clock has its own origin
        nanos.set(123_456_789_000L);
        SiteTrial restarted = ota(noon.plus(Duration.ofMinutes(10)), nanos);
        SiteTrial.Trial again = restarted.again(restarted.current().orElseThrow(), Duration.ofMinutes(5));
        assertFalse(ota(noon.plus(Duration.ofHours(6)), nanos).over(again),
                "the wall clock's step does not end the resumed trial");
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertTrue(restarted.over(again));
    }

    @Test
    void aSensorOfTheFileMustHaveStartedAndReadBeforeTheTrialPasses() {
        ComponentStatus unread = new ComponentStatus("sensor/env-1", Health.ok(Instant.EPOCH), Map.of("good_reads", 0));
        assertEquals(List.of("sensor/env-1 has not read yet"), SiteTrial.trialProblems(Set.of(), List.of("env-1"),
                List.of(unread)));
        assertEquals(List.of("sensor/env-2 has not started"), SiteTrial.trialProblems(Set.of(), List.of("env-2"),
                List.of()));
        ComponentStatus read = new ComponentStatus("sensor/env-1", Health.ok(Instant.EPOCH), Map.of("good_reads", 3));
        assertEquals(List.of(), SiteTrial.trialProblems(Set.of(), List.of("env-1"), List.of(read)));
    }

    /** The OTA agent's trial on a wall clock that reads {@code wall} and the run's monotonic clock. */
    private SiteTrial ota(Instant wall, AtomicLong nanos) throws Exception {
        return trial("ota", Clock.fixed(wall, ZoneOffset.UTC), nanos::get, Duration.ofSeconds(5));
    }
}
