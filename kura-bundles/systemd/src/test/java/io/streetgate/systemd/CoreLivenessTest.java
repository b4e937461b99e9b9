package io.streetgate.systemd;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.streetgate.systemd.Parts.faultyPipeline;
import static io.streetgate.systemd.Parts.faultySensor;
import static io.streetgate.systemd.Parts.loop;
import static io.streetgate.systemd.Parts.okSensor;
import static io.streetgate.systemd.Parts.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreLivenessTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private final CoreLiveness liveness = new CoreLiveness(Duration.ofMinutes(10), 0);

    @Test
    void aRunningGatewayIsAlive() {
        CoreVerdict verdict = liveness.judge(List.of(pipeline(1), okSensor("env-1", 1)), 0);
        assertTrue(verdict.alive());
        assertEquals("running: pipeline up, 1/1 sensors ok", verdict.summary());
    }

    @Test
    void oneFaultySensorDoesNotStopTheWatchdog() {
        for (int minute = 0; minute <= 30; minute++) {
            CoreVerdict verdict = liveness.judge(List.of(pipeline(minute), okSensor("env-1", minute),
                    faultySensor("light-1", 5)), minute * MINUTE);
            assertTrue(verdict.alive(), verdict.summary());
        }
        assertEquals("running: pipeline up, 1/2 sensors ok (light-1 faulty)",
                liveness.judge(List.of(pipeline(31), okSensor("env-1", 31), faultySensor("light-1", 5)), 31 * MINUTE)
                        .summary());
    }

    @Test
    void sensorsThatAllFailButKeepRetryingDoNotStopTheWatchdog() {
        // no reading reaches the pipeline, so its report does not change either: a hardware problem, not a stuck core
        for (int minute = 0; minute <= 30; minute++) {
            CoreVerdict verdict = liveness.judge(List.of(pipeline(0), faultySensor("env-1", minute / 5)), minute * MINUTE);
            assertTrue(verdict.alive(), verdict.summary());
        }
    }

    @Test
    void aMissingOrFaultyPipelineIsNotAlive() {
        assertFalse(liveness.judge(List.of(okSensor("env-1", 1)), 0).alive());
        CoreVerdict faulty = liveness.judge(List.of(faultyPipeline(), okSensor("env-1", 2)), MINUTE);
        assertFalse(faulty.alive());
        assertTrue(faulty.summary().contains("analytics failed"), faulty.summary());
    }

    @Test
    void samplersThatStopReportingAreAStuckCore() {
        List<io.streetgate.gateway.api.ComponentStatus> frozen = List.of(pipeline(7), okSensor("env-1", 7));
        assertTrue(liveness.judge(frozen, 0).alive());
        assertTrue(liveness.judge(frozen, 10 * MINUTE).alive(), "within the window");
        CoreVerdict stuck = liveness.judge(frozen, 11 * MINUTE);
        assertFalse(stuck.alive());
        assertTrue(stuck.summary().contains("no sensor has been sampled"), stuck.summary());
        assertTrue(liveness.judge(List.of(pipeline(8), okSensor("env-1", 8)), 12 * MINUTE).alive(), "moving again");
    }

    @Test
    void aPipelineThatStopsWhileReadingsArriveIsAStuckCore() {
        for (int minute = 0; minute <= 10; minute++) {
            assertTrue(liveness.judge(List.of(pipeline(3), okSensor("env-1", minute)), minute * MINUTE).alive());
        }
        CoreVerdict stuck = liveness.judge(List.of(pipeline(3), okSensor("env-1", 11)), 11 * MINUTE);
        assertFalse(stuck.alive());
        assertTrue(stuck.summary().contains("pipeline has not moved"), stuck.summary());
    }

    @Test
    void theWindowGrowsWithTheLongestSensorPeriod() {
        var hourly = new io.streetgate.gateway.api.ComponentStatus("sensor/meter-1", io.streetgate.driver.Health.ok(
                java.time.Instant.EPOCH), java.util.Map.of("good_reads", 1L, "period", Duration.ofHours(1).toMillis()));
        assertTrue(liveness.judge(List.of(pipeline(1), hourly), 0).alive());
        assertTrue(liveness.judge(List.of(pipeline(1), hourly), 150 * MINUTE).alive(), "3 periods are 180 minutes");
        assertFalse(liveness.judge(List.of(pipeline(1), hourly), 181 * MINUTE).alive());
    }

    @Test
    void aGatewayWithoutSensorsNeedsOnlyItsPipeline() {
        assertTrue(liveness.judge(List.of(pipeline(0)), 0).alive());
        CoreVerdict later = liveness.judge(List.of(pipeline(0)), 600 * MINUTE);
        assertTrue(later.alive());
        assertEquals("running: pipeline up, no sensors", later.summary());
    }

    @Test
    void aLoopThatMakesNoPassPastItsBoundIsAStuckCore() {
        long bound = 2 * MINUTE / 1_000_000; // ms
        assertTrue(liveness.judge(List.of(pipeline(0), loop("control", 7, false, bound), loop("uplink", 3, false, bound)),
                0).alive());
        for (int minute = 1; minute <= 2; minute++) {
            assertTrue(liveness.judge(List.of(pipeline(0), loop("control", 7, false, bound),
                    loop("uplink", 3 + minute, false, bound)), minute * MINUTE).alive(), "within its bound");
        }
        CoreVerdict stuck = liveness.judge(List.of(pipeline(0), loop("control", 7, false, bound),
                loop("uplink", 6, false, bound)), 3 * MINUTE);
        assertFalse(stuck.alive());
        assertTrue(stuck.summary().startsWith("not alive: the control loop has made no pass for 180 s (stuck after "
                + "120 s; last pass 2025-01-01T00:00:00Z)"), stuck.summary());
        assertTrue(liveness.judge(List.of(pipeline(0), loop("control", 8, false, bound), loop("uplink", 7, false, bound)),
                4 * MINUTE).alive(), "turning again");
    }

    @Test
    void aLoopWhosePassesFailButGoOnKeepsTheWatchdogFed() {
        long bound = 2 * MINUTE / 1_000_000;
        for (int minute = 0; minute <= 30; minute++) {
            CoreVerdict verdict = liveness.judge(List.of(pipeline(0), loop("control", minute, true, bound)),
                    minute * MINUTE);
            assertTrue(verdict.alive(), verdict.summary());
        }
    }

    @Test
    void aLoopThatLeavesTheStatusIsNoLongerWatched() {
        long bound = 2 * MINUTE / 1_000_000;
        assertTrue(liveness.judge(List.of(pipeline(0), loop("uplink", 1, false, bound)), 0).alive());
        assertTrue(liveness.judge(List.of(pipeline(0)), 10 * MINUTE).alive(), "the uplink was disabled");
        assertTrue(liveness.judge(List.of(pipeline(0), loop("uplink", 1, false, bound)), 11 * MINUTE).alive(),
                "back, and judged from when it came back");
        assertFalse(liveness.judge(List.of(pipeline(0), loop("uplink", 1, false, bound)), 14 * MINUTE).alive());
    }
}
