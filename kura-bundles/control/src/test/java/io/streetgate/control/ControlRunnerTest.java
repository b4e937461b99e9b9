package io.streetgate.control;

import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.LoopGuard;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.streetgate.control.Street.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control loop on its own thread, as the component runs it, on a night street at 01:00 (lamps at the
 * profile's 40 %, safe level 80 %) stepping every 100 ms: whatever a step throws, an {@link Error} included,
 * the loop goes on, the lamps go to their fail-safe level while it cannot decide, and come back after.
 * Faults are injected through the street (a failing light sensor state, a failing health registry) and a
 * clock that can be made to throw; no timing is asserted, only conditions awaited with a generous deadline.
 */
class ControlRunnerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    final Street street = new Street();
    final FakeOutputs outputs = new FakeOutputs();
    final FailingClock clock = new FailingClock(local("2026-12-02T01:00:00"));
    ControlRunner runner;

    /** The wall clock moved to a winter night, that throws while {@link #failure} is set. */
    static final class FailingClock extends Clock {
        final Duration offset;
        volatile Error failure;

        FailingClock(Instant start) {
            this.offset = Duration.between(Instant.now(), start);
        }

        @Override
        public Instant instant() {
            Error e = failure;
            if (e != null) {
                throw e;
            }
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            Thread.sleep(10);
        }
    }

    void start() throws InterruptedException {
        TimeBase time = TimeBase.of(clock);
        street.light(time.now());
        runner = new ControlRunner(time, street, Duration.ofMillis(100),
                () -> street.loop(Street.control(Duration.ofMillis(100)), outputs, dir, time.now()));
        await("lamp-1 at its 01:00 level", () -> outputs.level("lamp-1") == 0.4);
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    /** Passes move: the loop was not cancelled. */
    void awaitMorePasses(long more) throws InterruptedException {
        long from = runner.passes();
        await(more + " more passes after " + from, () -> runner.passes() >= from + more);
    }

    @Test
    void anErrorInAStepPutsTheLampsAtTheirFailSafeLevelAndTheLoopGoesOn() throws Exception {
        start();
        street.stepError = new StackOverflowError("injected into the light sensor's state");
        await("lamp-1 at its safe level", () -> outputs.level("lamp-1") == 0.8);
        await("control faulty", () -> street.health.get("control").state() == HealthState.FAULTY);
        assertTrue(street.health.get("control").reason().contains("StackOverflowError"),
                street.health.get("control").toString());
        awaitMorePasses(5);
        assertEquals(0.8, outputs.level("lamp-1"), "held at the safe level while every step fails");
        assertEquals("fail-safe", street.details.get("actuator/lamp-1").get("reason"));

        street.stepError = null;
        await("lamp-1 back on its schedule", () -> outputs.level("lamp-1") == 0.4);
        await("control ok", () -> street.health.get("control").state() == HealthState.OK);
        assertTrue(((Number) street.details.get("control").get("step_failures")).longValue() >= 5,
                street.details.get("control").toString());
    }

    @Test
    void aReportThatThrowsIsCaughtAndCountedAndTheLampsKeepWhatTheStepDecided() throws Exception {
        start();
        int writes = outputs.written.get("lamp-1").size();
        street.reportError = new NoClassDefFoundError("injected into the health registry");
        await("three failed passes", () -> runner.failedPasses() >= 3);
        await("loop/control faulty", () -> street.health.get("loop/control").state() == HealthState.FAULTY);
        assertTrue(street.health.get("loop/control").reason().contains("NoClassDefFoundError"),
                street.health.get("loop/control").toString());
        awaitMorePasses(5);
        List<Double> sinceTheError = outputs.written.get("lamp-1").subList(writes, outputs.written.get("lamp-1").size());
        assertFalse(sinceTheError.contains(0.8), "a failed report is no reason to leave the schedule: " + sinceTheError);
        assertEquals(0.4, outputs.level("lamp-1"));

        street.reportError = null;
        int reports = street.reports.size();
        await("reports again", () -> street.reports.size() > reports);
        await("loop/control ok", () -> street.health.get("loop/control").state() == HealthState.OK);
        assertTrue(((Number) street.details.get("loop/control").get("failed_passes")).longValue() >= 3);
        assertEquals(LoopGuard.MINIMUM_STUCK_AFTER.toMillis(), street.details.get("loop/control").get(LoopGuard.STUCK_AFTER_MS));
    }

    @Test
    void aPassThatFailsBeforeItsStepPutsTheLampsAtTheirFailSafeLevel() throws Exception {
        start();
        clock.failure = new AssertionError("the clock is broken");
        await("lamp-1 at its safe level", () -> outputs.level("lamp-1") == 0.8);
        await("three failed passes", () -> runner.failedPasses() >= 3);
        assertTrue(String.valueOf(street.details.get("actuator/lamp-1").get("detail")).contains("the clock is broken"),
                street.details.get("actuator/lamp-1").toString());
        clock.failure = null;
        await("lamp-1 back on its schedule", () -> outputs.level("lamp-1") == 0.4);
        awaitMorePasses(3);
    }

    @Test
    void closingTakesTheLoopOutOfTheStatus() throws Exception {
        start();
        await("loop/control reported", () -> street.health.containsKey("loop/control"));
        runner.close();
        assertFalse(street.health.containsKey("loop/control"));
    }
}
