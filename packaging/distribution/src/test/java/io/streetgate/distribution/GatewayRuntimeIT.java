package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built distribution, started as a process: every bundle active, every component satisfied, summaries
 * received by a real MQTT client, a broken sensor marked faulty while the others keep publishing, and a
 * clean stop on SIGTERM. Then the same bundles on Equinox.
 */
class GatewayRuntimeIT {

    private static final Duration UP = Duration.ofSeconds(60);
    /** Components that run only when the site file has their section. */
    /** The components of site-file sections the simulated street does not have (ota, uplink). */
    private static final java.util.Set<String> OPTIONAL = java.util.Set.of(
            "io.streetgate.ota.osgi.OtaAgentComponent",
            "io.streetgate.uplink.internal.CommandRouterComponent",
            "io.streetgate.uplink.internal.MqttConnectionComponent",
            "io.streetgate.uplink.internal.StoreForwarderComponent");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> map, String... path) {
        Object o = map;
        for (int i = 0; i < path.length - 1; i++) {
            o = ((Map<String, Object>) o).get(path[i]);
        }
        return (List<Map<String, Object>>) ((Map<String, Object>) o).get(path[path.length - 1]);
    }

    static Predicate<Map<String, Object>> allUp() {
        return s -> {
            List<Map<String, Object>> bundles = list(s, "osgi", "bundles");
            List<Map<String, Object>> components = list(s, "osgi", "components");
            boolean bundlesActive = bundles.stream().allMatch(b -> "ACTIVE".equals(b.get("state")));
            // components of sections the site file does not have (ota, uplink, coap) wait for a configuration;
            // every other one is up
            boolean componentsUp = components.stream().allMatch(c -> "active".equals(c.get("state"))
                    || "satisfied".equals(c.get("state")) || OPTIONAL.contains(String.valueOf(c.get("name")))
                    && "waiting for configuration".equals(c.get("state")));
            long sensors = list(s, "parts").stream().filter(p -> String.valueOf(p.get("name")).startsWith("sensor/"))
                    .filter(p -> "ok".equals(p.get("state"))).count();
            return bundlesActive && componentsUp && sensors == 9;
        };
    }

    static Map<String, Object> part(Map<String, Object> status, String name) {
        return list(status, "parts").stream().filter(p -> name.equals(p.get("name"))).findFirst().orElse(Map.of());
    }

    static Predicate<Map<String, Object>> summaryOf(String source, String quantity) {
        return s -> "summary".equals(s.get("kind")) && source.equals(s.get("sourceId"))
                && quantity.equals(s.get("quantity"));
    }

    /** The jars under {@code folder} that the process holds open (its file descriptors, from /proc). */
    static List<String> openJars(long pid, Path folder) throws java.io.IOException {
        try (var fds = java.nio.file.Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException e) {
                    return ""; // closed meanwhile
                }
            }).filter(t -> t.startsWith(folder.toAbsolutePath().toString()) && t.endsWith(".jar")).toList();
        }
    }

    @Test
    void onFelixEverythingStartsSummariesArriveAndABrokenSensorLeavesTheOthersPublishing() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 60)) {
            Map<String, Object> status = gw.awaitStatus("all bundles active, all components up, 9 sensors ok",
                    allUp(), UP);
            assertEquals("pole-0042", status.get("node"));
            assertTrue(list(status, "osgi", "components").size() >= 10, "components: " + list(status, "osgi", "components"));
            Map<String, Object> clock = part(gw.awaitStatus("the clock part",
                    s -> "ok".equals(part(s, "clock").get("state")), UP), "clock");
            assertEquals("simulation start", ((Map<?, ?>) clock.get("details")).get("floor_from"),
                    "a simulated street's clock is believed from its start: " + clock);

            try (SummarySubscriber sub = new SummarySubscriber(gw.state, "streetgate/pole-0042/#")) {
                Map<String, Object> temperature = sub.await("of env-1 temperature",
                        summaryOf("env-1", "temperature"), UP);
                double mean = ((Number) temperature.get("mean")).doubleValue();
                assertTrue(mean > -30 && mean < 50, "a street temperature: " + temperature);
                assertEquals("Cel", temperature.get("unit"));
                assertEquals("streetgate/pole-0042/summary/env-1/temperature", temperature.get("topic"));
                sub.await("of env-1 humidity", summaryOf("env-1", "humidity"), UP);
                sub.await("of env-1 pressure", summaryOf("env-1", "pressure"), UP);
                sub.await("of light-1 illuminance", summaryOf("light-1", "illuminance"), UP);
                sub.await("of the sound level meter read over Modbus TCP", summaryOf("noise-1", "sound_level"), UP);
                sub.await("of pm-1 PM2.5 (SPS30: its first result comes a second after its start)",
                        summaryOf("pm-1", "pm2_5"), UP);
                sub.await("of the CoAP soil probe, posted over DTLS", summaryOf("soil-1", "soil_moisture"), UP);
                Map<String, Object> occupancy = sub.await("of occupancy in zone crossing-north",
                        s -> "occupancy".equals(s.get("kind")) && "crossing-north".equals(s.get("zone")), UP);
                assertEquals("streetgate/pole-0042/occupancy/crossing-north", occupancy.get("topic"));
                assertTrue(sub.all().stream().noneMatch(s -> "pir-north".equals(s.get("sourceId"))),
                        "per-sensor presence summaries never leave the node: " + sub.all());

                assertEquals(200, gw.request("POST", "/sim/fault?device=light-1&fault=nack"));
                Map<String, Object> broken = gw.awaitStatus("light-1 faulty",
                        s -> "faulty".equals(part(s, "sensor/light-1").get("state")), UP);
                assertTrue(String.valueOf(part(broken, "sensor/light-1").get("reason")).startsWith("NO_DEVICE"),
                        "reason: " + part(broken, "sensor/light-1"));
                Instant brokenAt = Instant.parse(String.valueOf(broken.get("time")));

                sub.await("of env-1 after light-1 broke", summaryOf("env-1", "temperature")
                        .and(s -> Instant.parse(String.valueOf(s.get("start"))).isAfter(brokenAt)), UP);
                assertEquals("ok", part(gw.status(), "sensor/env-1").get("state"));

                assertEquals(200, gw.request("DELETE", "/sim/fault?device=light-1"));
                gw.awaitStatus("light-1 ok again", s -> "ok".equals(part(s, "sensor/light-1").get("state")), UP);
                assertEquals(400, gw.request("POST", "/sim/fault?device=no-such-sensor&fault=nack"));
            }
            // the launcher asked the status endpoint (StatusClient) until everything was up, and said when
            assertTrue(java.util.regex.Pattern.compile("All \\d+ bundles active, \\d+ components up, \\d+ ms after launch")
                    .matcher(gw.logText()).find(), gw.logText());
            // an open jar holds its central directory on the heap: Felix keeps only a few of its bundles' open
            List<String> open = openJars(gw.pid(), gw.state.resolve("osgi-cache"));
            assertTrue(open.size() <= Integer.parseInt(GatewayRuntime.FILE_LIMIT), "bundle jars open: " + open);

            int exit = gw.terminate(Duration.ofSeconds(30));
            assertEquals(143, exit, "stopped by SIGTERM; log:\n" + gw.logText());
            assertTrue(gw.logText().contains("Stopping streetgate"), gw.logText());
            assertTrue(gw.logText().contains("streetgate stopped"), gw.logText());
            assertFalse(java.nio.file.Files.exists(gw.state.resolve("clock")), "a simulated street saves no clock");
        }
    }

    @Test
    void theSameBundlesResolveAndStartOnEquinox() throws Exception {
        Path equinox = Path.of(System.getProperty("equinox.jar"));
        try (RunningGateway gw = RunningGateway.start(dir, "equinox", equinox, 60)) {
            gw.awaitStatus("all bundles active, all components up, 9 sensors ok on Equinox", allUp(), UP);
            try (SummarySubscriber sub = new SummarySubscriber(gw.state, "streetgate/pole-0042/#")) {
                sub.await("of env-1 temperature on Equinox", summaryOf("env-1", "temperature"), UP);
                sub.await("of noise-1 over Modbus TCP on Equinox", summaryOf("noise-1", "sound_level"), UP);
            }
            assertTrue(gw.logText().contains("on equinox"), gw.logText());
            assertEquals(143, gw.terminate(Duration.ofSeconds(30)));
        }
    }

    @Test
    void theStatusEndpointRefusesRequestsWithoutTheToken() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 60)) {
            // the files below are written as their components start: wait for those, not only for the endpoint
            gw.awaitStatus("status endpoint, local broker and CoAP ingest up", s -> "ok".equals(part(s, "local-broker")
                    .get("state")) && "ok".equals(part(s, "coap-ingest").get("state")), UP);
            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + gw.statusPort + "/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
            var wrong = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + gw.statusPort + "/status"))
                            .header("Authorization", "Bearer not-the-token").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());
            assertEquals(400, gw.request("POST", "/command"), "a command without a body is refused, not a crash");
            var ownerOnly = java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            assertEquals(ownerOnly, java.nio.file.Files.getPosixFilePermissions(gw.state.resolve("status.token")));
            assertEquals(ownerOnly, java.nio.file.Files.getPosixFilePermissions(
                    io.streetgate.broker.BrokerCredentials.file(gw.state)));
            assertEquals(ownerOnly, java.nio.file.Files.getPosixFilePermissions(gw.state.resolve("coap/node-keys")),
                    "the simulated nodes' keys are written owner-only too");
        }
    }
}
