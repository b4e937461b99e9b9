package io.streetgate.distribution;

import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.distribution.SelfTestReport.Device;
import io.streetgate.distribution.SelfTestReport.DeviceResult;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The devices of the running gateway, tested by the components that own them through the status endpoint's
 * {@code /selftest} (so a test never races the sampling or the control of the same device).
 */
final class GatewayBench implements SelfTestBench {

    /** How long an actuator stays at its test level at most while a person looks (the gateway ends it then). */
    static final Duration HOLD = Duration.ofMinutes(2);

    private final StatusClient client;
    private final Duration timeout;
    private final String node;
    private final boolean simulated;
    private final List<Device> devices;

    private GatewayBench(StatusClient client, Duration timeout, String node, boolean simulated, List<Device> devices) {
        this.client = client;
        this.simulated = simulated;
        this.timeout = timeout;
        this.node = node;
        this.devices = devices;
    }

    /**
     * Connects to the gateway that runs with this state folder.
     *
     * @throws IOException when none runs, or it cannot run self-tests
     */
    @SuppressWarnings("unchecked")
    static GatewayBench connect(Path stateDir, Duration timeout) throws IOException, InterruptedException {
        StatusClient client = StatusClient.fromState(stateDir);
        StatusClient.Response r = client.get("/selftest");
        if (r.code() != 200) {
            throw new IOException("the gateway cannot run self-tests (HTTP " + r.code() + ": "
                    + r.body().getOrDefault("error", "") + "); is it an older version?");
        }
        List<Device> devices = new ArrayList<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) r.body().get("devices")) {
            devices.add(new Device(String.valueOf(d.get("device")), String.valueOf(d.get("kind")),
                    String.valueOf(d.get("type"))));
        }
        return new GatewayBench(client, timeout, String.valueOf(r.body().get("node")),
                Boolean.TRUE.equals(r.body().get("simulated")), devices);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String mode() {
        return simulated ? "gateway-simulated" : "gateway";
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    @SuppressWarnings("unchecked")
    public DeviceResult test(Device device) throws InterruptedException {
        try {
            // the gateway gives up on a device after the timeout; the request waits a little longer for its answer
            StatusClient.Response r = client.post("/selftest?device=" + enc(device.id()) + "&timeout="
                    + timeout.toSeconds(), timeout.plusSeconds(15));
            if (r.code() != 200) {
                return new DeviceResult(device, List.of(Check.fail("gateway", String.valueOf(
                        r.body().getOrDefault("error", "HTTP " + r.code())))));
            }
            List<Check> checks = new ArrayList<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) r.body().get("checks")) {
                checks.add(new Check(String.valueOf(c.get("name")), Boolean.TRUE.equals(c.get("passed")),
                        String.valueOf(c.get("detail"))));
            }
            return new DeviceResult(device, checks);
        } catch (IOException e) {
            return new DeviceResult(device, List.of(Check.fail("gateway", e.getMessage())));
        }
    }

    /**
     * Watches the sensor's readings in the status: a reading taken after this call (its good-read count went up)
     * that reports presence or motion events.
     */
    @Override
    public boolean presence(Device sensor, Duration window) throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        long baseline = -1;
        while (System.nanoTime() < deadline) {
            Map<String, Object> part = part("sensor/" + sensor.id());
            long reads = number(part.get("good_reads"));
            if (baseline < 0) {
                baseline = reads;
            } else if (reads > baseline && part.get("last") instanceof Map<?, ?> last
                    && (number(last.get("presence")) > 0 || number(last.get("motion_events")) > 0)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> part(String name) throws InterruptedException {
        try {
            StatusClient.Response r = client.get("/status");
            for (Map<String, Object> p : (List<Map<String, Object>>) r.body().get("parts")) {
                if (name.equals(p.get("name")) && p.get("details") instanceof Map<?, ?> d) {
                    return (Map<String, Object>) d;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the next poll tries again; the window decides
        }
        return Map.of();
    }

    private static long number(Object o) {
        return o instanceof Number n ? Math.round(n.doubleValue()) : -1;
    }

    @Override
    public Held hold(Device actuator) throws InterruptedException {
        try {
            StatusClient.Response r = client.post("/selftest/hold?device=" + enc(actuator.id()) + "&seconds="
                    + HOLD.toSeconds());
            Map<String, Object> b = r.body();
            double level = b.get("level") instanceof Number n ? n.doubleValue() : Double.NaN;
            return new Held(r.code() == 200, String.valueOf(b.getOrDefault("reason", b.get("error"))), level,
                    String.valueOf(b.getOrDefault("role", "output")));
        } catch (IOException e) {
            return new Held(false, e.getMessage(), Double.NaN, "output");
        }
    }

    @Override
    public Check release(Device actuator) throws InterruptedException {
        try {
            StatusClient.Response r = client.delete("/selftest/hold?device=" + enc(actuator.id()));
            return new Check("restore", r.code() == 200, String.valueOf(r.body().getOrDefault("reason",
                    r.body().get("error"))));
        } catch (IOException e) {
            return Check.fail("restore", e.getMessage() + "; the test level ends by itself within "
                    + HOLD.toMinutes() + " min");
        }
    }

    @Override
    public void close() {
        // nothing held open: every request is its own
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
