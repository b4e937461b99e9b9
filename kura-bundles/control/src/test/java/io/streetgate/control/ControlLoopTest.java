package io.streetgate.control;

import io.streetgate.analytics.control.ActuatorState;
import io.streetgate.analytics.control.AuditRecord;
import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.lighting.NightEnergy;
import io.streetgate.driver.HealthState;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.streetgate.control.Street.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control loop on a simulated pole: a winter night stepped second by second with a manual clock. */
class ControlLoopTest {

    @TempDir
    Path dir;
    final Street street = new Street();
    final FakeOutputs outputs = new FakeOutputs();

    /** Steps the loop every second from {@code from} to {@code to}, with the light sensor and a warm cabinet reporting. */
    static void run(ControlLoop loop, Street street, Instant from, Instant to) {
        for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(1)) {
            if (t.getEpochSecond() % 5 == 0) {
                street.light(t);
                loop.inputs().accept(Measurement.of("cab-temp", Quantity.TEMPERATURE, 20, t));
                loop.inputs().accept(Measurement.of("cab-co2", Quantity.CO2, 600, t));
            }
            loop.step(t);
        }
    }

    static Command command(String name, String target, Map<String, Object> args, Instant at) {
        return new Command("c-" + at.getEpochSecond(), name, target, args, "local:cli:anna", at);
    }

    @Test
    void lampsFollowTheNightAndEveryActuatorsStateAndReasonIsReported() {
        Instant start = local("2026-12-01T15:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, local("2026-12-01T23:00:00"));
        assertEquals(0.7, outputs.level("lamp-1"));
        assertEquals(HealthState.OK, street.health.get("actuator/lamp-1").state());
        Map<String, Object> d = street.details.get("actuator/lamp-1");
        assertEquals(0.7, d.get("level"));
        assertEquals("schedule", d.get("reason"));
        assertTrue(String.valueOf(d.get("detail")).startsWith("period from 22:00 at 70 %"), d.toString());
        assertEquals("lamp", d.get("role"));
        assertEquals("ventilation", street.details.get("actuator/fan").get("role"));
        assertEquals(0.2, outputs.level("fan"), 1e-9, "minimum ventilation at 600 ppm");
        assertEquals(Boolean.TRUE, street.details.get("control").get("lit"));
        // upstream: a state when the reason or level changed, e.g. the lamps coming on at dusk and the 22:00 step
        List<ActuatorState> lamp1 = street.published(ActuatorState.class).stream()
                .filter(s -> s.actuatorId().equals("lamp-1")).toList();
        assertTrue(lamp1.stream().anyMatch(s -> s.level() == 1.0 && s.reason() == Reason.SCHEDULE), lamp1.toString());
        assertTrue(lamp1.stream().anyMatch(s -> s.level() == 0.7), lamp1.toString());
        assertTrue(lamp1.size() < 60, "not one per step: " + lamp1.size());
    }

    @Test
    void presenceRaisesTheLampAndItsNeighbourLocallyButNeverLeavesTheNode() {
        Instant start = local("2026-12-02T00:30:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(60));
        assertEquals(0.4, outputs.level("lamp-1"));
        Instant seen = start.plusSeconds(61);
        // one read of a PIR reports presence and its motion events: one detection, announced once
        loop.inputs().accept(Measurement.of("pir-1", Quantity.PRESENCE, 1, seen));
        loop.inputs().accept(Measurement.of("pir-1", Quantity.MOTION_EVENTS, 2, seen));
        run(loop, street, seen, seen.plusSeconds(10));
        assertEquals(1.0, outputs.level("lamp-1"));
        assertEquals(0.7, outputs.level("lamp-2"), 1e-9, "the neighbour at its neighbour level");
        assertEquals("presence", street.details.get("actuator/lamp-1").get("reason"));
        assertEquals(List.of("lamp-1->[lamp-2]"), street.announced);
        run(loop, street, seen.plusSeconds(11), seen.plusSeconds(120));
        assertEquals(0.4, outputs.level("lamp-1"), 1e-9, "held 60 s, faded over 30 s");
        assertTrue(street.published(ActuatorState.class).stream().noneMatch(s -> s.reason() == Reason.PRESENCE),
                "a raise for one passer-by is an occupancy count of one: it stays on the node");
    }

    @Test
    void anOverrideIsAcknowledgedAppliedAuditedAndExpires() throws Exception {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(10));
        Instant at = start.plusSeconds(11);
        CommandResult r = loop.command(command("actuator.override", "lamp-2",
                Map.of("level", 1.0, "for", "10m", "note", "accident"), at), at);
        assertTrue(r.accepted(), r.reason());
        assertEquals("lamp-2", r.details().get("actuator"));
        assertEquals(0.4, r.details().get("previous_level"));
        assertEquals("schedule", r.details().get("previous_reason"));
        assertEquals(at.plus(Duration.ofMinutes(10)).toString(), r.details().get("until"));
        assertEquals(1.0, outputs.level("lamp-2"), "applied at once");
        run(loop, street, at.plusSeconds(1), at.plusSeconds(599));
        assertEquals(1.0, outputs.level("lamp-2"));
        assertEquals("override", street.details.get("actuator/lamp-2").get("reason"));
        assertEquals("local:cli:anna", street.details.get("actuator/lamp-2").get("override_by"));
        run(loop, street, at.plusSeconds(600), at.plusSeconds(601));
        assertEquals(0.4, outputs.level("lamp-2"), "back to the schedule at the expiry");

        List<AuditRecord> audit = street.published(AuditRecord.class);
        assertEquals(List.of("override", "expired"), audit.stream().map(AuditRecord::action).toList());
        AuditRecord override = audit.get(0);
        assertEquals("local:cli:anna", override.origin());
        assertEquals(0.4, override.oldLevel());
        assertEquals(1.0, override.newLevel());
        assertEquals("accident", override.detail());
        assertEquals(1.0, audit.get(1).oldLevel());
        assertEquals(0.4, audit.get(1).newLevel());
        assertEquals("schedule", audit.get(1).newReason());
        List<String> log = new AuditLog(dir.resolve("audit.log"), 4096, "pole-0042").lines();
        assertEquals(2, log.size());
        assertTrue(log.get(0).contains("\"action\":\"override\"") && log.get(0).contains("\"origin\":\"local:cli:anna\""),
                log.get(0));
    }

    /**
     * Steps the loop every second of monotonic time from {@code from} to {@code to}, its wall clock reading
     * {@code wallAhead} more (time sync having stepped it), with the sensors reporting on the wall clock.
     */
    static void runOnSteppedClock(ControlLoop loop, Street street, AtomicLong nanos, Instant from, Instant to,
                                  Duration wallAhead) {
        for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(1)) {
            nanos.set(Duration.between(Instant.EPOCH, t).toNanos());
            Instant wall = t.plus(wallAhead);
            if (t.getEpochSecond() % 5 == 0) {
                street.light(wall);
                loop.inputs().accept(Measurement.of("cab-temp", Quantity.TEMPERATURE, 20, wall));
                loop.inputs().accept(Measurement.of("cab-co2", Quantity.CO2, 600, wall));
            }
            loop.step(wall);
        }
    }

    private static final Instant OVERRIDDEN_AT = local("2026-12-02T01:00:11");

    /** A loop on the monotonic clock {@code nanos}, run 11 s, then lamp-2 overridden to 1.0 for 10 min. */
    private ControlLoop loopWithOverride(AtomicLong nanos) {
        Instant start = OVERRIDDEN_AT.minusSeconds(11);
        nanos.set(Duration.between(Instant.EPOCH, start).toNanos());
        ControlLoop loop = street.loop(Street.control(), outputs, dir, start, nanos::get);
        runOnSteppedClock(loop, street, nanos, start, start.plusSeconds(10), Duration.ZERO);
        nanos.set(Duration.between(Instant.EPOCH, OVERRIDDEN_AT).toNanos());
        assertTrue(loop.command(command("actuator.override", "lamp-2", Map.of("level", 1.0, "for", "10m"),
                OVERRIDDEN_AT), OVERRIDDEN_AT).accepted());
        return loop;
    }

    @Test
    void anOverrideHoldsItsTimeThoughTimeSyncStepsTheWallClockForward() {
        AtomicLong nanos = new AtomicLong();
        ControlLoop loop = loopWithOverride(nanos);
        Instant at = OVERRIDDEN_AT;
        runOnSteppedClock(loop, street, nanos, at.plusSeconds(1), at.plusSeconds(60), Duration.ZERO);
        Duration step = Duration.ofHours(3);
        runOnSteppedClock(loop, street, nanos, at.plusSeconds(61), at.plusSeconds(599), step);
        assertEquals(1.0, outputs.level("lamp-2"), "9 min 59 s into a 10 min override, whatever the wall clock says");
        assertEquals(at.plus(Duration.ofMinutes(10)).plus(step).toString(),
                street.details.get("actuator/lamp-2").get("override_until"), "its end in the clock's new terms");
        runOnSteppedClock(loop, street, nanos, at.plusSeconds(600), at.plusSeconds(601), step);
        assertEquals("schedule", street.details.get("actuator/lamp-2").get("reason"), "ended after its 10 min");
        assertEquals(List.of("override", "expired"),
                street.published(AuditRecord.class).stream().map(AuditRecord::action).toList());
    }

    @Test
    void anOverrideEndsOnTimeThoughTheWallClockIsSetBack() {
        AtomicLong nanos = new AtomicLong();
        ControlLoop loop = loopWithOverride(nanos);
        Instant at = OVERRIDDEN_AT;
        Duration back = Duration.ofHours(-3);
        runOnSteppedClock(loop, street, nanos, at.plusSeconds(1), at.plusSeconds(599), back);
        assertEquals("override", street.details.get("actuator/lamp-2").get("reason"));
        runOnSteppedClock(loop, street, nanos, at.plusSeconds(600), at.plusSeconds(601), back);
        assertEquals("schedule", street.details.get("actuator/lamp-2").get("reason"),
                "ended after its 10 min, not 3 h later when the wall clock reaches its old end");
    }

    @Test
    void anOutputNoLoopDrivesGoesBackToItsLevelBeforeTheOverrideWhenItEnds() {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(10));
        Instant at = start.plusSeconds(11);
        assertTrue(loop.command(command("actuator.override", "spare", Map.of("level", 1.0, "for", "1m"), at), at)
                .accepted());
        assertEquals(1.0, outputs.level("spare"));
        Instant released = at.plusSeconds(5);
        CommandResult r = loop.command(command("actuator.release", "spare", Map.of(), released), released);
        assertTrue(r.accepted(), r.reason());
        assertEquals(0.0, outputs.level("spare"), "the gateway had never set it: off, as before the test");
        assertEquals("restored", street.details.get("actuator/spare").get("reason"));

        Instant second = released.plusSeconds(5);
        assertTrue(loop.command(command("actuator.override", "spare", Map.of("level", 1.0, "for", "20m"), second),
                second).accepted());
        Instant third = second.plusSeconds(5);
        assertTrue(loop.command(command("actuator.override", "spare", Map.of("level", 0.0, "for", "10m"), third),
                third).accepted(), "an override replacing another");
        run(loop, street, third.plusSeconds(1), third.plusSeconds(10));
        Instant fourth = third.plusSeconds(11);
        assertTrue(loop.command(command("actuator.override", "spare", Map.of("level", 1.0, "for", "1m"), fourth),
                fourth).accepted());
        run(loop, street, fourth.plusSeconds(1), fourth.plusSeconds(61));
        assertEquals(0.0, outputs.level("spare"), "back to the level before the first of the overrides in a row");
    }

    @Test
    void badCommandsAreRefusedWithTheReasonAuditedAndChangeNothing() {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(5));
        Instant at = start.plusSeconds(6);
        Map<String, String> refusals = new HashMap<>();
        refusals.put("no actuator 'lamp-9'", loop.command(command("actuator.override", "lamp-9",
                Map.of("level", 1, "for", "1m"), at), at).reason());
        refusals.put("needs an expiry", loop.command(command("actuator.override", "lamp-1",
                Map.of("level", 1), at), at).reason());
        refusals.put("below the M4 (0.75 cd/m²) floor", loop.command(command("actuator.override", "lamp-1",
                Map.of("level", 0.1, "for", "1m"), at), at).reason());
        refusals.put("longest allowed is 8h", loop.command(command("actuator.override", "lamp-1",
                Map.of("level", 1, "for", "2d"), at), at).reason());
        refusals.put("expired", loop.command(command("actuator.override", "lamp-1",
                Map.of("level", 1, "until", "2026-12-01T00:00:00Z"), at), at).reason());
        refusals.put("on/off output", loop.command(command("actuator.override", "heater",
                Map.of("level", 0.5, "for", "1m"), at), at).reason());
        refusals.put("no override in force", loop.command(command("actuator.release", "lamp-1", Map.of(), at), at).reason());
        refusals.forEach((expected, reason) -> assertTrue(reason.contains(expected), expected + " in: " + reason));
        assertEquals(0.4, outputs.level("lamp-1"));
        assertEquals(1, outputs.written.get("lamp-1").stream().distinct().count(), "never written anything else");
        assertEquals(7, street.published(AuditRecord.class).stream().filter(a -> a.action().equals("refused")).count());
    }

    @Test
    void anOutputThatCannotBeSetIsFaultyAndItsOverrideRefused() {
        outputs.missingTypes.add("relay");
        Instant start = local("2026-12-02T01:00:00");
        outputs.failing.add("lamp-2");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(30));
        assertEquals(HealthState.FAULTY, street.health.get("actuator/heater").state());
        assertTrue(street.health.get("actuator/heater").reason().contains("no driver module makes actuators of type 'relay'"));
        assertEquals(HealthState.FAULTY, street.health.get("actuator/lamp-2").state());
        assertTrue(street.health.get("actuator/lamp-2").reason().contains("TIMEOUT: no reply from lamp-2"));
        CommandResult r = loop.command(command("actuator.override", "lamp-2", Map.of("on", true, "for", "5m"),
                start.plusSeconds(31)), start.plusSeconds(31));
        assertFalse(r.accepted());
        assertTrue(r.reason().contains("cannot be set now"), r.reason());
        outputs.failing.clear();
        run(loop, street, start.plusSeconds(31), start.plus(Duration.ofMinutes(6)));
        assertEquals(0.4, outputs.level("lamp-2"), "retried with back-off and back");
        assertEquals(HealthState.OK, street.health.get("actuator/lamp-2").state());
    }

    @Test
    void aFaultyOrSilentLightSensorPutsTheLampsAtTheirSafeLevel() {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(30));
        street.lightSensorFaulty = true;
        run(loop, street, start.plusSeconds(31), start.plusSeconds(32));
        assertEquals(0.8, outputs.level("lamp-1"));
        assertEquals("fail-safe", street.details.get("actuator/lamp-1").get("reason"));
        assertEquals(HealthState.DEGRADED, street.health.get("actuator/lamp-1").state());
        street.lightSensorFaulty = false;
        run(loop, street, start.plusSeconds(33), start.plusSeconds(34));
        assertEquals(0.4, outputs.level("lamp-1"));
        street.lightSensorSilent = true;
        run(loop, street, start.plusSeconds(35), start.plus(Duration.ofMinutes(4)));
        assertEquals(0.8, outputs.level("lamp-1"), "silent for longer than its 2 minute timeout");
    }

    @Test
    void whenAStepFailsEveryActuatorGoesToItsFailSafeState() {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(10));
        street.explode = true;
        loop.step(start.plusSeconds(11));
        assertEquals(0.8, outputs.level("lamp-1"));
        assertEquals(0.0, outputs.level("heater"));
        assertEquals(0.5, outputs.level("fan"), "fail-safe ventilation");
        assertEquals(HealthState.FAULTY, street.health.get("control").state());
        assertTrue(street.health.get("control").reason().contains("analytics view gone"));
        street.explode = false;
        run(loop, street, start.plusSeconds(12), start.plusSeconds(13));
        assertEquals(0.4, outputs.level("lamp-1"), "back under control");
        assertEquals(HealthState.OK, street.health.get("control").state());
        assertEquals(1L, street.details.get("control").get("step_failures"));
    }

    @Test
    void anErrorInAStepIsCaughtLikeAnExceptionAndEveryActuatorGoesToItsFailSafeState() {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(10));
        street.stepError = new StackOverflowError("injected");
        loop.step(start.plusSeconds(11));
        assertEquals(0.8, outputs.level("lamp-1"));
        assertEquals(0.0, outputs.level("heater"));
        assertEquals(0.5, outputs.level("fan"), "fail-safe ventilation");
        assertEquals(HealthState.FAULTY, street.health.get("control").state());
        assertTrue(street.health.get("control").reason().contains("java.lang.StackOverflowError: injected"),
                street.health.get("control").reason());
        street.stepError = null;
        run(loop, street, start.plusSeconds(12), start.plusSeconds(13));
        assertEquals(0.4, outputs.level("lamp-1"), "back under control");
        assertEquals(HealthState.OK, street.health.get("control").state());
    }

    @Test
    void aReportThatFailsGoesToTheCallerAndTheActuatorsKeepWhatTheStepDecided() {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, start.plusSeconds(10));
        street.reportError = new NoClassDefFoundError("injected");
        long decided = loop.decided();
        assertThrows(NoClassDefFoundError.class, () -> loop.step(start.plusSeconds(11)));
        assertEquals(decided + 1, loop.decided(), "the step decided the actuators before its report failed");
        assertEquals(0.4, outputs.level("lamp-1"), "not put at the fail-safe level for a report");
        street.reportError = null;
        loop.step(start.plusSeconds(12));
        assertEquals(HealthState.OK, street.health.get("control").state());
    }

    /**
     * One report per step holds every actuator and the control's own state: a status read never sees a lamp
     * lit at dusk beside a schedule that still says dark (ControlRuntimeIT once did, when they were reported
     * one after the other).
     */
    @Test
    void eachStepReportsTheActuatorsAndTheControlsScheduleTogether() {
        Instant start = local("2026-12-01T15:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        run(loop, street, start, local("2026-12-01T17:00:00"));
        List<String> everyPart = new java.util.ArrayList<>(loop.actuators().stream().map(id -> "actuator/" + id).toList());
        everyPart.add("control");
        assertEquals(2 * 3600 + 1, street.reports.size(), "one report per step");
        boolean sawDusk = false;
        for (List<ComponentStatus> report : street.reports) {
            assertEquals(everyPart, report.stream().map(ComponentStatus::name).toList());
            Map<String, Object> lamp = report.get(0).details();
            Object lit = report.get(report.size() - 1).details().get("lit");
            boolean lampOnSchedule = "schedule".equals(lamp.get("reason")) && ((Number) lamp.get("level")).doubleValue() > 0;
            assertEquals(lampOnSchedule, Boolean.TRUE.equals(lit), "lamp-1 " + lamp + " beside lit=" + lit);
            sawDusk |= lampOnSchedule;
        }
        assertTrue(sawDusk, "the lamps came on at dusk");
    }

    @Test
    void afterARestartTheLampsKeepTheirLastSafeStateUntilTheLightSensorReports() {
        Instant start = local("2026-12-02T01:00:00");
        ControlLoop first = street.loop(outputs, dir, start);
        run(first, street, start, start.plusSeconds(30));
        first.inputs().accept(Measurement.of("pir-1", Quantity.PRESENCE, 1, start.plusSeconds(31)));
        run(first, street, start.plusSeconds(31), start.plusSeconds(40));
        assertEquals(1.0, outputs.level("lamp-1"), "raised when the gateway went down");

        // the gateway restarts two minutes later; its light sensor has not reported yet
        Instant again = start.plus(Duration.ofMinutes(2));
        FakeOutputs after = new FakeOutputs();
        Street restarted = new Street();
        ControlLoop second = restarted.loop(after, dir, again);
        assertEquals(0.4, after.level("lamp-1"), "the saved safe state is given back at once, not the presence raise");
        second.step(again.plusSeconds(1));
        assertEquals("restored", restarted.details.get("actuator/lamp-1").get("reason"));
        assertEquals(0.4, after.level("lamp-1"));
        restarted.light(again.plusSeconds(2));
        second.step(again.plusSeconds(2));
        assertEquals("schedule", restarted.details.get("actuator/lamp-1").get("reason"));
    }

    @Test
    void afterARestartTheWaitForTheLightSensorIsNotCutShortByAClockStep() {
        Instant start = local("2026-12-02T01:00:00");
        run(street.loop(outputs, dir, start), street, start, start.plusSeconds(30));
        // the gateway restarts; time sync sets its clock 3 h ahead a second later, before the sensor reports
        Instant again = start.plus(Duration.ofMinutes(2));
        AtomicLong nanos = new AtomicLong(42);
        Street restarted = new Street();
        ControlLoop second = restarted.loop(Street.control(), new FakeOutputs(), dir, again, nanos::get);
        Duration step = Duration.ofHours(3);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        second.step(again.plusSeconds(1).plus(step));
        assertEquals("restored", restarted.details.get("actuator/lamp-1").get("reason"),
                "1 s into the 2 min sensor-timeout: the lamps keep their saved state");
        nanos.addAndGet(Duration.ofSeconds(118).toNanos());
        second.step(again.plusSeconds(119).plus(step));
        assertEquals("restored", restarted.details.get("actuator/lamp-1").get("reason"), "1 s before the timeout");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        second.step(again.plusSeconds(120).plus(step));
        assertFalse("restored".equals(restarted.details.get("actuator/lamp-1").get("reason")),
                "the wait ends after its 2 min of monotonic time");
    }

    @Test
    void aRestartDoesNotShortCycleTheHeating() {
        Instant start = local("2026-01-15T03:00:00");
        ControlLoop first = street.loop(outputs, dir, start);
        for (Instant t = start; t.isBefore(start.plus(Duration.ofMinutes(10))); t = t.plusSeconds(1)) {
            first.inputs().accept(Measurement.of("cab-temp", Quantity.TEMPERATURE, 2, t));
            street.light(t);
            first.step(t);
        }
        assertEquals(1.0, outputs.level("heater"), "on after its 5 minute minimum off time");
        Instant switchedOn = start.plus(Duration.ofMinutes(5));
        // restart one minute after it came on; it is warm now, but the heater keeps its 3 minute minimum on time
        Instant again = switchedOn.plus(Duration.ofMinutes(1));
        FakeOutputs after = new FakeOutputs();
        Street restarted = new Street();
        ControlLoop second = restarted.loop(after, dir, again);
        assertEquals(1.0, after.level("heater"), "given back at once");
        for (Instant t = again; t.isBefore(again.plus(Duration.ofMinutes(3))); t = t.plusSeconds(1)) {
            second.inputs().accept(Measurement.of("cab-temp", Quantity.TEMPERATURE, 20, t));
            second.step(t);
            boolean minimumOnTimeOver = !t.isBefore(switchedOn.plus(Duration.ofMinutes(3)));
            if (!minimumOnTimeOver) {
                assertEquals(1.0, after.level("heater"), "still inside the minimum on time at " + t);
            }
        }
        assertEquals(0.0, after.level("heater"));
    }

    @Test
    void theNightsEnergyAgainstFullOnIsSentUpstreamAtDawn() {
        Instant start = local("2026-12-01T15:00:00");
        ControlLoop loop = street.loop(outputs, dir, start);
        for (Instant t = start; t.isBefore(local("2026-12-02T10:00:00")); t = t.plusSeconds(10)) {
            street.light(t);
            loop.step(t);
        }
        List<NightEnergy> nights = street.published(NightEnergy.class).stream().filter(NightEnergy::complete).toList();
        assertEquals(1, nights.size(), street.published(NightEnergy.class).toString());
        NightEnergy n = nights.get(0);
        assertEquals("model", n.source());
        assertTrue(n.litHours() > 15 && n.litHours() < 17.5, "a December night in Hamburg: " + n.litHours());
        // full light from dusk to 22:00 and from 05:00, 70 % to midnight and 40 % to 05:00:
        assertTrue(n.savedPercent() > 20 && n.savedPercent() < 35, "saved " + n.savedPercent() + " %");
        System.out.printf("December night in Hamburg: lit %.2f h, %.0f Wh against %.0f Wh full-on, %.1f %% saved%n",
                n.litHours(), n.actualWh(), n.fullOnWh(), n.savedPercent());
        assertTrue(street.published(NightEnergy.class).stream().anyMatch(e -> !e.complete()), "running totals too");
    }
}
