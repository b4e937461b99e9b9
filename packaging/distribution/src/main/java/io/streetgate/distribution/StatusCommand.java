package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code streetgate status}: what the running gateway reports about itself. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the running gateway's health: sensors, components, bundles.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--state-dir", description = "The gateway's state folder (default: ${DEFAULT-VALUE})")
    Path stateDir = Home.defaultState();

    @Option(names = "--json", description = "Print the full report as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StatusClient.Response r;
        try {
            r = StatusClient.fromState(stateDir).get("/status");
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        if (json) {
            out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(r.body()));
            return r.code() == 200 ? 0 : 1;
        }
        print(out, r.body());
        return "faulty".equals(r.body().get("state")) ? 1 : 0;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintWriter out, Map<String, Object> s) {
        out.printf("node %s  state %s  time %s  uptime %ss%s%n", s.get("node"), s.get("state"), s.get("time"),
                s.get("uptime_s"), Boolean.TRUE.equals(s.get("simulated")) ? "  (simulated street, " + s.get("speed") + "x)" : "");
        out.println();
        out.printf("%-22s %-9s %s%n", "PART", "STATE", "REASON / LAST VALUES");
        for (Map<String, Object> p : (List<Map<String, Object>>) s.get("parts")) {
            Map<String, Object> d = (Map<String, Object>) p.get("details");
            String reason = String.valueOf(p.get("reason"));
            if (reason.isEmpty() && d != null && d.get("last") instanceof Map<?, ?> last && !last.isEmpty()) {
                reason = last.toString();
            } else if (reason.isEmpty() && d != null && d.get("summary") instanceof String summary) {
                reason = summary; // e.g. the uplink store: messages waiting, and how long an outage it holds
            }
            out.printf("%-22s %-9s %s%n", p.get("name"), p.get("state"), reason);
        }
        Map<String, Object> site = (Map<String, Object>) s.get("site");
        List<String> problems = (List<String>) site.get("problems");
        if (!problems.isEmpty()) {
            out.println();
            out.println("Site file " + site.get("file") + ":");
            problems.forEach(p -> out.println("  " + p));
        }
        Map<String, Object> osgi = (Map<String, Object>) s.get("osgi");
        List<Map<String, Object>> bundles = (List<Map<String, Object>>) osgi.get("bundles");
        List<Map<String, Object>> components = (List<Map<String, Object>>) osgi.get("components");
        long inactiveBundles = bundles.stream().filter(b -> !Boolean.TRUE.equals(b.get("fragment"))
                && !"ACTIVE".equals(b.get("state"))).count();
        out.println();
        out.printf("%d bundles (%d not active), %d components%n", bundles.size(), inactiveBundles, components.size());
        for (Map<String, Object> b : bundles) {
            if (!Boolean.TRUE.equals(b.get("fragment")) && !"ACTIVE".equals(b.get("state"))) {
                out.printf("  bundle %s is %s%n", b.get("name"), b.get("state"));
            }
        }
        for (Map<String, Object> c : components) {
            String state = String.valueOf(c.get("state"));
            if (!state.equals("active") && !state.equals("satisfied")) {
                out.printf("  component %s: %s%s%n", c.get("name"), state,
                        c.containsKey("reason") ? " (" + c.get("reason") + ")" : "");
            }
        }
    }
}
