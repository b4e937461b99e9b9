package io.streetgate.console;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The console's bus scan: the gateway's own (docs/scan.md), one at a time on a thread of its own, since a
 * Modbus bus of silent units takes minutes; the page polls its state, and the last result stays.
 */
final class BusScanRun {

    private final GatewayView gateway;
    private final ExecutorService executor;
    private final Clock clock;
    private Map<String, Object> run = Map.of("state", "never run");

    BusScanRun(GatewayView gateway, ExecutorService executor, Clock clock) {
        this.gateway = gateway;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts a scan for the account; refused while one runs, and for a unit range or timeout out of bounds. */
    synchronized Map<String, Object> start(String account, Map<String, Object> body) {
        if ("running".equals(run.get("state"))) {
            throw new Http.Refusal(409, "a scan started by " + run.get("account") + " is running; wait for it");
        }
        Map<String, Object> defaults = gateway.scanDefaults();
        int first = number(body, "first_unit", defaults);
        int last = number(body, "last_unit", defaults);
        int timeout = number(body, "timeout_ms", defaults);
        int min = ((Number) defaults.get("first_unit")).intValue();
        int max = ((Number) defaults.get("last_unit")).intValue();
        if (first < min || last > max || first > last) {
            throw new Http.Refusal(400, "units " + first + "-" + last + ": give Modbus unit ids within " + min + "-"
                    + max + ", the first not after the last");
        }
        int minTimeout = ((Number) defaults.get("min_timeout_ms")).intValue();
        int maxTimeout = ((Number) defaults.get("max_timeout_ms")).intValue();
        if (timeout < minTimeout || timeout > maxTimeout) {
            throw new Http.Refusal(400, "timeout_ms " + timeout + ": give " + minTimeout + " to " + maxTimeout + " ms");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("state", "running");
        r.put("account", account);
        r.put("started", clock.instant().toString());
        r.put("units", first + "-" + last);
        r.put("timeout_ms", timeout);
        run = r;
        executor.execute(() -> scan(first, last, Duration.ofMillis(timeout)));
        return snapshot();
    }

    private void scan(int first, int last, Duration timeout) {
        Map<String, Object> r;
        synchronized (this) {
            r = new LinkedHashMap<>(run);
        }
        try {
            r.put("buses", gateway.scan(first, last, timeout));
        } catch (RuntimeException e) {
            r.put("error", e.getMessage());
            r.put("buses", List.of());
        }
        r.put("state", "finished");
        r.put("finished", clock.instant().toString());
        synchronized (this) {
            run = r;
        }
    }

    synchronized Map<String, Object> snapshot() {
        return new LinkedHashMap<>(run);
    }

    private static int number(Map<String, Object> body, String key, Map<String, Object> defaults) {
        Object v = body.getOrDefault(key, defaults.get(key));
        if (!(v instanceof Number n) || n.doubleValue() != n.intValue()) {
            throw new Http.Refusal(400, "'" + key + "' is '" + v + "'; send a whole number, e.g. " + defaults.get(key));
        }
        return n.intValue();
    }
}
