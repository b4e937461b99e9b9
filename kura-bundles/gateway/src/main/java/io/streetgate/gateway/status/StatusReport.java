package io.streetgate.gateway.status;

import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.site.Problem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's status as one JSON-friendly map: overall state, every part's health, every bundle and
 * Declarative Services component (with why it is not active), and the site file's problems. Plain logic:
 * the status endpoint gathers the inputs and serves the map.
 */
public final class StatusReport {

    /** A bundle as the framework sees it. */
    public record BundleInfo(String symbolicName, String version, String state, boolean fragment) {
    }

    /** A DS component configuration: its state and, when it is not active, why. */
    public record DsComponent(String name, String bundle, String state, String reason) {
        public boolean isActive() {
            return state.equals("active") || state.equals("satisfied");
        }
    }

    /**
     * What the report is made of.
     *
     * @param node       node id, or empty when the site file is unusable
     * @param now        gateway time
     * @param uptime     real time since the gateway started
     * @param simulated  whether the street is simulated
     * @param speed      gateway time speed
     * @param parts      health reports
     * @param bundles    bundles
     * @param components DS components (one entry per configuration; components waiting for configuration
     *                   appear once with state {@code waiting for configuration})
     * @param siteFile   the site file path
     * @param problems   the site file's problems
     * @param jvm        the process's memory and threads ({@link JvmFootprint#now()})
     */
    public record Inputs(String node, Instant now, Duration uptime, boolean simulated, double speed,
                         List<ComponentStatus> parts, List<BundleInfo> bundles, List<DsComponent> components,
                         String siteFile, List<Problem> problems, Map<String, Object> jvm) {
    }

    private StatusReport() {
    }

    /** The worst state: the parts' health; an inactive bundle or a failed component is degraded at least. */
    public static HealthState overall(Inputs in) {
        HealthState state = HealthState.OK;
        for (ComponentStatus p : in.parts()) {
            state = state.worst(p.health().state());
        }
        boolean osgiTrouble = in.bundles().stream().anyMatch(b -> !b.fragment() && !b.state().equals("ACTIVE"))
                || in.components().stream().anyMatch(c -> c.state().equals("failed activation")
                || c.state().equals("unsatisfied reference"));
        if (osgiTrouble || !in.problems().isEmpty()) {
            state = state.worst(HealthState.DEGRADED);
        }
        return state;
    }

    public static Map<String, Object> toMap(Inputs in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", in.node());
        m.put("state", overall(in).name().toLowerCase(Locale.ROOT));
        m.put("time", in.now().toString());
        m.put("uptime_s", in.uptime().toSeconds());
        m.put("simulated", in.simulated());
        if (in.simulated()) {
            m.put("speed", in.speed());
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        for (ComponentStatus p : in.parts()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", p.name());
            e.put("state", p.health().state().name().toLowerCase(Locale.ROOT));
            e.put("reason", p.health().reason());
            e.put("since", p.health().since().toString());
            e.put("details", p.details());
            parts.add(e);
        }
        m.put("parts", parts);
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("file", in.siteFile());
        site.put("problems", in.problems().stream().map(Problem::toString).toList());
        m.put("site", site);
        Map<String, Object> osgi = new LinkedHashMap<>();
        osgi.put("bundles", in.bundles().stream().map(b -> Map.of("name", b.symbolicName(), "version", b.version(),
                "state", b.state(), "fragment", b.fragment())).toList());
        osgi.put("components", in.components().stream().map(c -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("bundle", c.bundle());
            e.put("state", c.state());
            if (!c.reason().isEmpty()) {
                e.put("reason", c.reason());
            }
            return e;
        }).toList());
        m.put("osgi", osgi);
        m.put("jvm", in.jvm());
        return m;
    }
}
