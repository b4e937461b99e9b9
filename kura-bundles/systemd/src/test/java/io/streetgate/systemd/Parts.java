package io.streetgate.systemd;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;

import java.time.Instant;
import java.util.Map;

/** Health reports as the gateway's pipeline and samplers make them. */
final class Parts {

    private static final Instant SINCE = Instant.parse("2025-01-01T00:00:00Z");

    private Parts() {
    }

    static ComponentStatus pipeline(long readings) {
        return new ComponentStatus("pipeline", Health.ok(SINCE), Map.of("readings", readings));
    }

    static ComponentStatus faultyPipeline() {
        return new ComponentStatus("pipeline", Health.faulty("analytics failed", SINCE), Map.of());
    }

    static ComponentStatus okSensor(String id, long goodReads) {
        return new ComponentStatus("sensor/" + id, Health.ok(SINCE),
                Map.of("good_reads", goodReads, "consecutive_failures", 0, "period", 10_000L));
    }

    /** A loop's heartbeat as its {@link io.streetgate.gateway.api.LoopGuard} reports it. */
    static ComponentStatus loop(String name, long passes, boolean lastPassFailed, long stuckAfterMs) {
        return new ComponentStatus("loop/" + name, lastPassFailed ? Health.faulty("its last pass failed", SINCE)
                : Health.ok(SINCE), Map.of("passes", passes, "stuck_after_ms", stuckAfterMs,
                "last_pass", SINCE.toString()));
    }

    static ComponentStatus faultySensor(String id, long failures) {
        return new ComponentStatus("sensor/" + id, Health.faulty("no ACK", SINCE),
                Map.of("good_reads", 0L, "consecutive_failures", failures, "period", 10_000L));
    }
}
