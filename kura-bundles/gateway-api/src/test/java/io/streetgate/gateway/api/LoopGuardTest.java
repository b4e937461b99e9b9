package io.streetgate.gateway.api;

import io.streetgate.driver.Health;
import io.streetgate.driver.HealthState;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A guarded loop survives whatever a pass throws, says so without flooding the log, and reports its heartbeat. */
class LoopGuardTest {

    private static final Instant T = Instant.parse("2026-12-02T01:00:00Z");

    /** The gateway's health registry as a map, counting reports. */
    static final class Registry implements HealthRegistry {
        final Map<String, ComponentStatus> parts = new ConcurrentHashMap<>();
        final AtomicLong reports = new AtomicLong();

        @Override
        public void report(String name, Health health, Map<String, Object> details) {
            reports.incrementAndGet();
            parts.put(name, new ComponentStatus(name, health, details));
        }

        @Override
        public void reportAll(List<ComponentStatus> statuses) {
            statuses.forEach(s -> report(s.name(), s.health(), s.details()));
        }

        @Override
        public void remove(String name) {
            parts.remove(name);
        }

        @Override
        public List<ComponentStatus> snapshot() {
            return new ArrayList<>(parts.values());
        }
    }

    private final Registry health = new Registry();
    private final RecordingLogger log = new RecordingLogger();
    private final AtomicLong nanos = new AtomicLong();
    private final LoopGuard guard = new LoopGuard("control", Duration.ofSeconds(3), "the actuators go to their "
            + "fail-safe state", health, TimeBase.of(Clock.fixed(T, ZoneOffset.UTC)),
            new ThrottledLog(log, Duration.ofMinutes(1), nanos::get), nanos::get);

    private ComponentStatus part() {
        return health.parts.get("loop/control");
    }

    @Test
    void anErrorInAPassIsCaughtCountedRecoveredFromAndTheLoopGoesOn() {
        List<Throwable> recovered = new ArrayList<>();
        StackOverflowError error = new StackOverflowError("deep");
        assertFalse(guard.run(() -> {
            throw error;
        }, recovered::add));
        assertEquals(List.of(error), recovered);
        assertEquals(1, guard.failedPasses());
        assertEquals(HealthState.FAULTY, part().health().state());
        assertTrue(part().health().reason().contains("java.lang.StackOverflowError: deep")
                && part().health().reason().endsWith("the actuators go to their fail-safe state"), part().toString());
        assertEquals("java.lang.StackOverflowError: deep", part().details().get("last_failure"));

        assertTrue(guard.run(() -> { }, recovered::add));
        assertEquals(1, recovered.size(), "no recovery after a good pass");
        assertEquals(HealthState.OK, part().health().state());
        assertEquals(2L, part().details().get(LoopGuard.PASSES));
        assertEquals(1L, part().details().get("failed_passes"));
        assertEquals(T.toString(), part().details().get("last_pass"));
        assertEquals(Map.of("pass", T.toString()), part().details().get("last"));
    }

    @Test
    void aRecoveryThatThrowsIsCaughtAndCountedInTheLog() {
        assertFalse(guard.run(() -> {
            throw new IllegalStateException("pass");
        }, e -> {
            throw new NoClassDefFoundError("recovery");
        }));
        assertTrue(guard.run(() -> { }, e -> { }), "the loop goes on");
        assertEquals(2, guard.passes());
    }

    @Test
    void aFailureOnEveryPassIsLoggedOnceAMinuteNotOncePerPass() {
        for (int pass = 0; pass < 100; pass++) {
            nanos.addAndGet(Duration.ofMillis(100).toNanos());
            guard.run(() -> {
                throw new AssertionError("broken");
            }, e -> { });
        }
        List<RecordingLogger.Line> errors = log.at(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).withStack(), "the first with its stack trace");
        assertTrue(errors.get(0).message().contains("the actuators go to their fail-safe state, and the loop goes on"),
                errors.get(0).message());

        nanos.addAndGet(Duration.ofSeconds(51).toNanos()); // a minute after the first line
        guard.run(() -> {
            throw new AssertionError("still broken");
        }, e -> { });
        errors = log.at(Level.ERROR);
        assertEquals(2, errors.size(), errors.toString());
        assertFalse(errors.get(1).withStack());
        assertTrue(errors.get(1).message().contains("100 time(s) since the last line; the latest: "
                + "java.lang.AssertionError: still broken"), errors.get(1).message());

        guard.run(() -> { }, e -> { });
        guard.run(() -> { }, e -> { });
        List<RecordingLogger.Line> infos = log.at(Level.INFO);
        assertEquals(1, infos.size(), infos.toString());
        assertTrue(infos.get(0).message().contains("again after 101 failure(s) in a row"), infos.get(0).message());
        assertEquals(101L, part().details().get("failed_passes"));
    }

    @Test
    void theHeartbeatIsReportedAtMostOnceASecondAndWhenTheOutcomeChanges() {
        for (int pass = 0; pass < 50; pass++) {
            guard.run(() -> { }, e -> { });
        }
        assertEquals(1, health.reports.get(), "the first pass, then nothing new within the second");
        assertEquals(1L, part().details().get(LoopGuard.PASSES));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        guard.run(() -> { }, e -> { });
        assertEquals(2, health.reports.get());
        assertEquals(51L, part().details().get(LoopGuard.PASSES));
        guard.run(() -> {
            throw new OutOfMemoryError("test");
        }, e -> { });
        assertEquals(3, health.reports.get(), "a failed pass is reported at once");
        assertEquals(3000L, part().details().get(LoopGuard.STUCK_AFTER_MS), "the bound it was given");
    }

    @Test
    void theStuckBoundIsThreePeriodsAndAtLeastTheMinimum() {
        assertEquals(LoopGuard.MINIMUM_STUCK_AFTER, LoopGuard.stuckAfter(Duration.ofSeconds(1).toNanos()));
        assertEquals(Duration.ofMinutes(3), LoopGuard.stuckAfter(Duration.ofMinutes(1).toNanos()));
    }

    @Test
    void closingTheLoopRemovesItsPart() {
        guard.run(() -> { }, e -> { });
        assertSame(HealthState.OK, part().health().state());
        guard.close();
        assertTrue(health.parts.isEmpty());
    }
}
