package io.streetgate.console;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The console's self-test: one run at a time, device after device on a thread of its own, so that the page
 * shows each result as it comes; the last run's report stays for download.
 */
final class SelfTestRun {

    static final Duration DEVICE_TIMEOUT = Duration.ofSeconds(30);

    private final GatewayView gateway;
    private final ExecutorService executor;
    private final Clock clock;
    private Map<String, Object> run = Map.of("state", "never run");
    private final List<Map<String, Object>> results = new ArrayList<>();

    SelfTestRun(GatewayView gateway, ExecutorService executor, Clock clock) {
        this.gateway = gateway;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts a run for the account; refused while one runs. */
    synchronized Map<String, Object> start(String account) {
        if ("running".equals(run.get("state"))) {
            throw new Http.Refusal(409, "a self-test started by " + run.get("account") + " is running; wait for it");
        }
        List<Map<String, Object>> devices = gateway.selfTestDevices();
        if (devices.isEmpty()) {
            throw new Http.Refusal(409, "there is nothing to test: the site file names no device, or the "
                    + "gateway's self-test is not running (streetgate status)");
        }
        results.clear();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("state", "running");
        r.put("account", account);
        r.put("node", gateway.node().get("node"));
        r.put("simulated", gateway.node().get("simulated"));
        r.put("started", clock.instant().toString());
        r.put("devices", devices);
        run = r;
        executor.execute(() -> runAll(account, devices));
        return snapshot();
    }

    private void runAll(String account, List<Map<String, Object>> devices) {
        for (Map<String, Object> d : devices) {
            String id = String.valueOf(d.get("device"));
            Map<String, Object> result;
            try {
                result = gateway.selfTest(id, DEVICE_TIMEOUT, "console:" + account);
            } catch (RuntimeException e) {
                result = new LinkedHashMap<>(d);
                result.put("passed", false);
                result.put("checks", List.of(Map.of("name", "self-test", "passed", false, "detail",
                        "error: " + e.getMessage())));
            }
            synchronized (this) {
                results.add(result);
            }
        }
        synchronized (this) {
            Map<String, Object> r = new LinkedHashMap<>(run);
            r.put("state", "finished");
            r.put("finished", clock.instant().toString());
            r.put("passed", results.stream().allMatch(x -> Boolean.TRUE.equals(x.get("passed"))));
            run = r;
        }
    }

    /** The run's state and the results so far. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> r = new LinkedHashMap<>(run);
        r.put("results", List.copyOf(results));
        return r;
    }
}
