package io.streetgate.distribution;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Waits until the gateway reports every bundle active and no component stuck, and says how long it took. */
final class Readiness {

    private Readiness() {
    }

    @SuppressWarnings("unchecked")
    static void report(Path stateDir, long launchedNanos, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "the status endpoint did not answer";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Object> s = StatusClient.fromState(stateDir).get("/status").body();
                Map<String, Object> osgi = (Map<String, Object>) s.get("osgi");
                List<Map<String, Object>> bundles = (List<Map<String, Object>>) osgi.get("bundles");
                List<Map<String, Object>> components = (List<Map<String, Object>>) osgi.get("components");
                long notActive = bundles.stream().filter(b -> !Boolean.TRUE.equals(b.get("fragment"))
                        && !"ACTIVE".equals(b.get("state"))).count();
                // a component waiting for a configuration the site file does not give is idle, not stuck
                long stuck = components.stream().map(c -> String.valueOf(c.get("state")))
                        .filter(st -> st.equals("unsatisfied reference") || st.equals("failed activation")).count();
                boolean hasParts = ((List<Map<String, Object>>) s.get("parts")).stream()
                        .anyMatch(p -> "pipeline".equals(p.get("name")));
                if (notActive == 0 && stuck == 0 && hasParts) {
                    // one println: a log line written to the terminal meanwhile cannot land inside it
                    out.println(String.format("All %d bundles active, %d components up, %d ms after launch; "
                                    + "status: streetgate status", bundles.size(), components.size(),
                            (System.nanoTime() - launchedNanos) / 1_000_000));
                    return;
                }
                last = notActive + " bundle(s) not active, " + stuck + " component(s) not active";
            } catch (Exception e) {
                last = e.getMessage();
            }
            Thread.sleep(50);
        }
        out.println("The gateway is not fully up after 30 s: " + last + "; see 'streetgate status'");
    }
}
