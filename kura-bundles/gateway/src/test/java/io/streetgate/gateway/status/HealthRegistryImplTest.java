package io.streetgate.gateway.status;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry keeps every part's last report, and parts reported together are seen together. */
class HealthRegistryImplTest {

    private static final Instant SINCE = Instant.parse("2026-12-02T01:00:00Z");

    private static ComponentStatus part(String name, long step) {
        return new ComponentStatus(name, Health.ok(SINCE), Map.of("step", step));
    }

    private static Object step(List<ComponentStatus> snapshot, String name) {
        return snapshot.stream().filter(p -> p.name().equals(name)).map(p -> p.details().get("step"))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    @Test
    void aSnapshotIsSortedByNameAndHoldsEachPartsLastReport() {
        HealthRegistryImpl registry = new HealthRegistryImpl();
        registry.report("sensor/b", Health.ok(SINCE), Map.of("step", 1L));
        registry.reportAll(List.of(part("sensor/a", 1), part("control", 1)));
        registry.report("sensor/b", Health.ok(SINCE), Map.of("step", 2L));
        registry.remove("sensor/a");
        List<ComponentStatus> snapshot = registry.snapshot();
        assertEquals(List.of("control", "sensor/b"), snapshot.stream().map(ComponentStatus::name).toList());
        assertEquals(2L, step(snapshot, "sensor/b"));
    }

    /**
     * The control reports its actuators and its own schedule in one call; a status read while it reports, step
     * after step, never finds the actuators of one step beside the schedule of another.
     */
    @Test
    void partsReportedTogetherAreNeverSeenHalfReported() throws Exception {
        HealthRegistryImpl registry = new HealthRegistryImpl();
        registry.reportAll(List.of(part("actuator/lamp-1", 0), part("actuator/lamp-2", 0), part("control", 0)));
        AtomicBoolean stop = new AtomicBoolean();
        Thread control = new Thread(() -> {
            for (long step = 1; !stop.get(); step++) {
                registry.reportAll(List.of(part("actuator/lamp-1", step), part("actuator/lamp-2", step),
                        part("control", step)));
            }
        }, "control");
        control.start();
        try {
            for (int read = 0; read < 20_000; read++) {
                List<ComponentStatus> s = registry.snapshot();
                Object lamp1 = step(s, "actuator/lamp-1");
                assertTrue(lamp1.equals(step(s, "actuator/lamp-2")) && lamp1.equals(step(s, "control")),
                        "one step's parts together: " + s);
            }
        } finally {
            stop.set(true);
            control.join(10_000);
        }
    }
}
