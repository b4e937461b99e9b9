package io.streetgate.console;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.site.SiteFile;
import io.streetgate.site.osgi.SiteTrial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The site file's apply on trial: a file that keeps the gateway healthy stays, one that breaks a part that
 * worked goes back to the last good file by itself, and both are audited. The gateway behind it is a stand-in
 * whose parts' health the test sets (the distribution's ConsoleIT breaks a real sensor through the page).
 */
class SiteFileEditorTest {

    private static final String GOOD = "node:\n  id: pole-0042\n";
    private static final String CHANGED = "node:\n  id: pole-0042\n  site: harbour-street\n";
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<ComponentStatus> parts = new CopyOnWriteArrayList<>();
    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicInteger looks = new AtomicInteger();
    private final Clock clock = Clock.systemUTC();
    private SiteFileEditor editor;

    private final GatewayView gateway = new GatewayView() {
        @Override
        public Map<String, Object> node() {
            return Map.of("node", "pole-0042");
        }

        @Override
        public List<ComponentStatus> parts() {
            looks.incrementAndGet();
            return List.copyOf(parts);
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public CommandResult command(String name, String target, Map<String, Object> arguments, String origin) {
            throw new UnsupportedOperationException("the site file page sends no command");
        }

        @Override
        public List<Map<String, Object>> selfTestDevices() {
            return List.of();
        }

        @Override
        public Map<String, Object> selfTest(String deviceId, Duration timeout, String origin) {
            throw new UnsupportedOperationException("the site file page runs no self-test");
        }

        @Override
        public Path siteFile() {
            return dir.resolve("site.yaml");
        }

        @Override
        public SiteFile.Result checkSite(String text) {
            return SiteFile.parse(text, "site.yaml", DeviceCatalog.of(List.of()), dir);
        }

        @Override
        public Map<String, Object> scanDefaults() {
            throw new IllegalStateException("the site file page scans nothing");
        }

        @Override
        public List<Map<String, Object>> scan(int firstUnit, int lastUnit, Duration unitTimeout) {
            throw new IllegalStateException("the site file page scans nothing");
        }

        @Override
        public SiteFile.Result reloadSite() {
            reloads.incrementAndGet();
            return checkSite("");
        }
    };

    @AfterEach
    void close() {
        if (editor != null) {
            editor.close();
        }
    }

    private SiteFileEditor editor(Duration trial) throws Exception {
        if (!Files.exists(dir.resolve("site.yaml"))) {
            Files.writeString(dir.resolve("site.yaml"), GOOD);
        }
        editor = new SiteFileEditor(gateway, dir, new ConsoleAudit(dir, clock), clock, trial, Duration.ofMillis(200));
        return editor;
    }

    @Test
    void timeSyncSteppingTheWallClockDuringATrialDoesNotCutItShort() throws Exception {
        Files.writeString(dir.resolve("site.yaml"), GOOD);
        MutableClock wall = new MutableClock(Instant.parse("1970-01-01T00:00:42Z"));
        AtomicLong nanos = new AtomicLong();
        parts.add(part("sensor/env-1", Health.ok(Instant.EPOCH)));
        editor = new SiteFileEditor(gateway, dir, new ConsoleAudit(dir, wall), wall, nanos::get, Duration.ofSeconds(60),
                Duration.ofMillis(200));
        editor.apply(CHANGED, "ana");
        parts.set(0, part("sensor/env-1", Health.faulty("starting", Instant.EPOCH)));
        wall.advance(Duration.ofDays(20_000)); // a cold boot at 1970, then time sync sets the clock
        int seen = looks.get();
        await("the console judging the trial twice after the step", () -> looks.get() >= seen + 2);
        assertEquals("trial", apply(editor).get("state"), "a step of the wall clock is not trial time");
        assertEquals(CHANGED, Files.readString(dir.resolve("site.yaml")), "the file on trial stays");
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        await("the rollback after 60 s of monotonic time", () -> "rolled_back".equals(apply(editor).get("state")));
        assertEquals(GOOD, Files.readString(dir.resolve("site.yaml")));
    }

    private static ComponentStatus part(String name, Health health) {
        return new ComponentStatus(name, health, Map.of());
    }

    @Test
    void aFileThatKeepsTheGatewayHealthyIsAppliedAndTheLastGoodOneKept() throws Exception {
        parts.add(part("pipeline", Health.ok(Instant.EPOCH)));
        SiteFileEditor e = editor(Duration.ofSeconds(60));
        assertEquals("trial", e.apply(CHANGED, "ana").get("state"));
        assertEquals(CHANGED, Files.readString(dir.resolve("site.yaml")));
        await("the gateway reading its file again", () -> reloads.get() == 1);
        assertEquals(GOOD, Files.readString(dir.resolve(SiteTrial.LAST_GOOD)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve(SiteTrial.LAST_GOOD))));
        await("the apply's outcome", () -> !"trial".equals(apply(e).get("state")));
        assertEquals("applied", apply(e).get("state"));
        assertEquals(CHANGED, Files.readString(dir.resolve("site.yaml")));
        assertFalse(Files.exists(dir.resolve(SiteTrial.RECORD)), "the trial is over");
        assertTrue(audit().contains("\"action\":\"site.apply\"") && audit().contains("\"outcome\":\"done\""), audit());
    }

    @Test
    void aFileThatBreaksAPartThatWorkedIsRolledBackByItselfAndSaysWhy() throws Exception {
        parts.add(part("sensor/env-1", Health.ok(Instant.EPOCH)));
        parts.add(part("uplink", Health.degraded("broker unreachable", Instant.EPOCH)));
        SiteFileEditor e = editor(Duration.ofSeconds(2));
        e.apply(CHANGED, "ana");
        parts.set(0, part("sensor/env-1", Health.faulty("no answer at 0x77", Instant.EPOCH)));
        await("the rollback", () -> "rolled_back".equals(apply(e).get("state")));
        assertEquals(GOOD, Files.readString(dir.resolve("site.yaml")), "the last good file is back");
        await("the gateway reading the last good file", () -> reloads.get() == 2);
        String detail = String.valueOf(apply(e).get("detail"));
        assertTrue(detail.contains("sensor/env-1 faulty: no answer at 0x77"), detail);
        assertFalse(detail.contains("uplink"), "the uplink was degraded before the apply: not the file's doing");
        assertTrue(audit().contains("\"action\":\"site.rollback\"") && audit().contains("no answer at 0x77"), audit());
    }

    @Test
    void anInvalidTextIsRefusedAndTheFileLeftAlone() throws Exception {
        SiteFileEditor e = editor(Duration.ofSeconds(60));
        Http.Refusal r = assertThrows(Http.Refusal.class, () -> e.apply("node:\n  id: Pole 42\n", "ana"));
        assertEquals(422, r.status);
        assertTrue(r.getMessage().contains("site.yaml:2: node.id: 'Pole 42'"), r.getMessage());
        assertEquals(GOOD, Files.readString(dir.resolve("site.yaml")));
        assertEquals(0, reloads.get());
        assertEquals(409, assertThrows(Http.Refusal.class, () -> e.apply(GOOD, "ana")).status,
                "the unchanged file is not an apply");
    }

    @Test
    void aTrialOpenWhenTheConsoleStoppedIsFinishedByTheNextConsoleWithAWholeTrial() throws Exception {
        parts.add(part("sensor/env-1", Health.ok(Instant.EPOCH)));
        SiteFileEditor first = editor(Duration.ofSeconds(1));
        first.apply(CHANGED, "ana");
        first.close();
        Thread.sleep(1500);   // the first trial's time is up while no console watches it (a power cut)
        // the gateway starting again: env-1 not ok yet
        parts.set(0, part("sensor/env-1", Health.faulty("starting", Instant.EPOCH)));
        SiteFileEditor next = editor(Duration.ofSeconds(30));
        Thread.sleep(1500);   // past the next console's first look at the parts
        assertEquals("trial", apply(next).get("state"), "a whole trial again, not the rest of the old one");
        parts.set(0, part("sensor/env-1", Health.ok(Instant.EPOCH)));
        await("the trial passing in the next console", () -> "applied".equals(apply(next).get("state")));
        assertEquals(CHANGED, Files.readString(dir.resolve("site.yaml")));
    }

    @Test
    void aFileStillBrokenWhenTheNextConsoleStartsIsRolledBackByIt() throws Exception {
        parts.add(part("sensor/env-1", Health.ok(Instant.EPOCH)));
        SiteFileEditor first = editor(Duration.ofSeconds(2));
        first.apply(CHANGED, "ana");
        first.close();
        parts.set(0, part("sensor/env-1", Health.faulty("no answer at 0x77", Instant.EPOCH)));
        SiteFileEditor next = editor(Duration.ofSeconds(2));
        await("the rollback by the next console", () -> "rolled_back".equals(apply(next).get("state")));
        assertEquals(GOOD, Files.readString(dir.resolve("site.yaml")));
    }

    @Test
    void anApplyWhileTheOtaAgentHasAFileOnTrialIsRefusedNamingIt() throws Exception {
        SiteFileEditor e = editor(Duration.ofSeconds(60));
        SiteTrial ota = new SiteTrial(SiteTrial.gateway(gateway::siteFile, gateway::checkSite, reloads::incrementAndGet,
                gateway::parts), dir.resolve("ota"), clock, Duration.ZERO);
        ota.begin("ota:spring-2030", CHANGED, Duration.ofMinutes(5));
        Http.Refusal r = assertThrows(Http.Refusal.class, () -> e.apply(GOOD + "# note\n", "ana"));
        assertEquals(409, r.status);
        assertTrue(r.getMessage().startsWith("the apply by ota:spring-2030 is on trial until"), r.getMessage());
        assertEquals(CHANGED, Files.readString(dir.resolve("site.yaml")), "the OTA trial's file stays");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> apply(SiteFileEditor e) {
        return (Map<String, Object>) e.view().get("apply");
    }

    private String audit() throws Exception {
        return Files.readString(dir.resolve("audit.log"));
    }

    private static void await(String what, Supplier<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what);
    }
}
