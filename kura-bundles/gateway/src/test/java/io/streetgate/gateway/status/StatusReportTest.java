package io.streetgate.gateway.status;

import io.streetgate.driver.Health;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.site.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-06-21T20:00:00Z");
    private static final StatusReport.BundleInfo ACTIVE = new StatusReport.BundleInfo("a", "1.0.0", "ACTIVE", false);
    private static final StatusReport.DsComponent UP = new StatusReport.DsComponent("c", "a", "active", "");

    private static StatusReport.Inputs inputs(List<ComponentStatus> parts, List<StatusReport.BundleInfo> bundles,
                                              List<StatusReport.DsComponent> components, List<Problem> problems) {
        return new StatusReport.Inputs("pole-1", NOW, Duration.ofSeconds(5), true, 10, parts, bundles, components,
                "site.yaml", problems, Map.of("threads", 20));
    }

    private static ComponentStatus part(String name, HealthState state) {
        return new ComponentStatus(name, new Health(state, state == HealthState.OK ? "" : "why", NOW), Map.of());
    }

    @Test
    void theWorstPartDecides() {
        assertEquals(HealthState.OK, StatusReport.overall(inputs(List.of(part("sensor/a", HealthState.OK)),
                List.of(ACTIVE), List.of(UP), List.of())));
        assertEquals(HealthState.FAULTY, StatusReport.overall(inputs(List.of(part("sensor/a", HealthState.OK),
                part("sensor/b", HealthState.FAULTY)), List.of(ACTIVE), List.of(UP), List.of())));
    }

    @Test
    void anInactiveBundleAStuckComponentOrASiteFileProblemIsAtLeastDegraded() {
        List<ComponentStatus> ok = List.of(part("sensor/a", HealthState.OK));
        assertEquals(HealthState.DEGRADED, StatusReport.overall(inputs(ok,
                List.of(new StatusReport.BundleInfo("b", "1", "RESOLVED", false)), List.of(UP), List.of())));
        assertEquals(HealthState.OK, StatusReport.overall(inputs(ok,
                List.of(new StatusReport.BundleInfo("f", "1", "RESOLVED", true)), List.of(UP), List.of())),
                "a fragment is never ACTIVE");
        assertEquals(HealthState.DEGRADED, StatusReport.overall(inputs(ok, List.of(ACTIVE),
                List.of(new StatusReport.DsComponent("c", "a", "unsatisfied reference", "waiting for x")), List.of())));
        assertEquals(HealthState.DEGRADED, StatusReport.overall(inputs(ok, List.of(ACTIVE), List.of(UP),
                List.of(new Problem("site.yaml", 3, "node.x", null, "is not a known key")))));
    }

    @Test
    void theReportNamesWhyAComponentIsNotActive() {
        Map<String, Object> m = StatusReport.toMap(inputs(List.of(), List.of(ACTIVE),
                List.of(new StatusReport.DsComponent("Sampler", "gw", "unsatisfied reference", "waiting for Context")),
                List.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> component = ((List<Map<String, Object>>) ((Map<String, Object>) m.get("osgi"))
                .get("components")).get(0);
        assertEquals("waiting for Context", component.get("reason"));
        assertEquals("degraded", m.get("state"));
        assertEquals(Map.of("threads", 20), m.get("jvm"));
    }
}
