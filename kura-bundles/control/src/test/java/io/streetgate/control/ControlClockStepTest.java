package io.streetgate.control;

import io.streetgate.analytics.control.ActuatorState;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.streetgate.control.Street.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control loop's timers when time sync steps the wall clock: after a cold boot a Pi without a real-time
 * clock starts in 1970 and is set to today (a step of about 20,000 days forward), and a clock set wrong may be
 * set 3 h back. Each timer keeps, on the monotonic clock, the time it had left. Each test fails with the loop's
 * step handling switched off (a loop made without a monotonic clock): the timer then ends at the step, or
 * runs 3 h too long.
 */
class ControlClockStepTest {

    @TempDir
    Path dir;
    final Street street = new Street();
    final FakeOutputs outputs = new FakeOutputs();
    /** The monotonic clock: nanoseconds since the boot. */
    final AtomicLong nanos = new AtomicLong();
    Instant boot;
    /** Where the wall clock is, less where it was at the boot plus the monotonic time since: time sync's step. */
    Duration stepped = Duration.ZERO;
    double cabinet = 20;
    long next;
    ControlLoop loop;

    static Stream<Arguments> steps() {
        // both land at 01:00 on a December night, where the lamps' profile is 40 % before and after the step
        Instant today = local("2026-12-02T01:00:00");
        return Stream.of(
                Arguments.of("forward to 2026 after a 1970 boot", Instant.EPOCH, Duration.between(Instant.EPOCH, today)),
                Arguments.of("3 h back", today.plus(Duration.ofHours(3)), Duration.ofHours(-3)));
    }

    private void boot(Instant wall) {
        boot = wall;
        loop = street.loop(Street.control(), outputs, dir, wall, nanos::get);
    }

    private Instant wall(long second) {
        return boot.plusSeconds(second).plus(stepped);
    }

    /** Steps the loop every second of monotonic time up to {@code last} after the boot, every sensor reporting. */
    private void runTo(long last) {
        for (; next <= last; next++) {
            nanos.set(Duration.ofSeconds(next).toNanos());
            Instant at = wall(next);
            street.light(at);
            loop.inputs().accept(Measurement.of("cab-temp", Quantity.TEMPERATURE, cabinet, at));
            loop.inputs().accept(Measurement.of("cab-co2", Quantity.CO2, 600, at));
            loop.step(at);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void theHeatersMinimumOffTimeHoldsAcrossAStep(String name, Instant bootedAt, Duration step) {
        cabinet = 2;
        boot(bootedAt);
        runTo(60);
        stepped = step;
        runTo(299);
        assertEquals(0.0, outputs.level("heater"), "299 s into its 5 min minimum off time, whatever the clock says");
        runTo(300);
        assertEquals(1.0, outputs.level("heater"), "on when its 5 min minimum off time is over, not 3 h later");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void theHeatersMinimumOnTimeHoldsAcrossAStep(String name, Instant bootedAt, Duration step) {
        cabinet = 2;
        boot(bootedAt);
        runTo(300);
        assertEquals(1.0, outputs.level("heater"), "on after its 5 min minimum off time");
        cabinet = 20;
        runTo(360);
        stepped = step;
        runTo(479);
        assertEquals(1.0, outputs.level("heater"), "warm, but 179 s into its 3 min minimum on time");
        runTo(480);
        assertEquals(0.0, outputs.level("heater"), "off when its 3 min minimum on time is over, not 3 h later");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void aPresenceRaiseKeepsItsHoldAndFadeAcrossAStep(String name, Instant bootedAt, Duration step) {
        boot(bootedAt);
        runTo(60);
        assertEquals(0.4, outputs.level("lamp-1"));
        loop.inputs().accept(Measurement.of("pir-1", Quantity.PRESENCE, 1, wall(61)));
        runTo(71);
        assertEquals(1.0, outputs.level("lamp-1"), "raised");
        stepped = step;
        runTo(120);
        assertEquals(1.0, outputs.level("lamp-1"), "59 s into its 60 s hold");
        runTo(136);
        assertEquals(0.7, outputs.level("lamp-1"), 1e-9, "half way through its 30 s fade from 1.0 to 0.4");
        runTo(151);
        assertEquals(0.4, outputs.level("lamp-1"), 1e-9, "faded");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void aFailingOutputIsRetriedAfterItsBackOffAcrossAStep(String name, Instant bootedAt, Duration step) {
        outputs.failing.add("lamp-2");
        boot(bootedAt);
        // failures at 0, 1, 3, 7, 15 and 31 s: the next try 32 s later, at 63 s
        runTo(40);
        outputs.failing.clear();
        stepped = step;
        runTo(62);
        assertTrue(Double.isNaN(outputs.level("lamp-2")), "not tried before its back-off is over");
        runTo(63);
        assertFalse(Double.isNaN(outputs.level("lamp-2")), "tried, and set, when its back-off is over");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void everyActuatorIsReportedAtItsReportIntervalAcrossAStep(String name, Instant bootedAt, Duration step) {
        boot(bootedAt);
        runTo(299);
        assertEquals(1, fanStates(), "the fan reported at the start; its level and reason stay the same");
        stepped = step;
        runTo(899);
        assertEquals(1, fanStates(), "899 s into the 15 min report interval, whatever the clock says");
        runTo(900);
        assertEquals(2, fanStates(), "reported again after its 15 min, not 3 h later");
    }

    private long fanStates() {
        return street.published(ActuatorState.class).stream().filter(s -> s.actuatorId().equals("fan")).count();
    }
}
