package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway, with its uplink on a real mosquitto, takes 100 genuine overrides and then 10,000 junk commands on
 * its command topic (stale ones with a long note, out-of-range ones from many claimed origins, and text that is
 * not JSON). Every one is answered; the records of the 100 genuine overrides are all still in the node's audit
 * log and have all arrived upstream, and the refusals stay within their own bounded file.
 */
class CommandFloodIT {

    static final Duration UP = Duration.ofSeconds(90);
    static final String CMD = "streetgate/pole-0042/cmd";

    @TempDir
    Path dir;

    @Test
    void tenThousandJunkCommandsLeaveTheLastHundredGenuineAuditRecordsOnTheNodeAndUpstream() throws Exception {
        Path password = dir.resolve("uplink.password");
        Files.writeString(password, UplinkPeers.PASSWORD + "\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        try (UplinkPeers peers = UplinkPeers.start(dir.resolve("peers"));
             UplinkRuntimeIT.Inbox inbox = new UplinkRuntimeIT.Inbox(peers, "city-flood", "streetgate/pole-0042/#");
             RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, peers.siteSection("json", password)
                     + "  commands: { per-minute: 600 }\n")) {
            Map<String, Object> status = gw.awaitStatus("the uplink connected", UplinkRuntimeIT.uplinkUp(), UP);
            // the simulated street has a clock of its own (at speed 1 it runs with the wall clock from its start)
            Duration street = Duration.between(Instant.now(), ControlRuntimeIT.time(status));

            for (int i = 0; i < 100; i++) {
                publish(inbox, override("g-" + i, Instant.now().plus(street), i % 2 == 0 ? 1.0 : 0.9, "\"for\":\"1m\""));
                awaitResults(inbox, i + 1);
            }
            for (int batch = 0; batch < 20; batch++) {
                for (int i = batch * 500; i < (batch + 1) * 500; i++) {
                    publish(inbox, junk(i, Instant.now().plus(street)));
                }
                awaitResults(inbox, 100 + (batch + 1) * 500);
            }

            List<Map.Entry<String, byte[]>> all = inbox.await("the 100 genuine audit records upstream", l -> auditIds(l)
                    .containsAll(genuine()), UP);
            List<Map<String, Object>> results = all.stream().filter(e -> e.getKey().endsWith("/cmd/result"))
                    .map(e -> UplinkRuntimeIT.json(e.getValue())).toList();
            assertEquals(genuine(), results.stream().filter(r -> Boolean.TRUE.equals(r.get("accepted")))
                    .map(r -> (String) r.get("id")).collect(Collectors.toCollection(TreeSet::new)),
                    "every genuine override was carried out, and no junk");
            assertEquals(10_100, results.size(), "every command is answered");

            List<String> onTheNode = Files.readAllLines(gw.state.resolve("control/audit.log"));
            Set<String> kept = genuine().stream().filter(id -> onTheNode.stream().anyMatch(l ->
                    l.contains("\"action\":\"override\"") && l.contains("\"commandId\":\"" + id + "\"")))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(genuine(), kept, "the node still has the records of the 100 genuine overrides");
            long refusedBytes = size(gw.state.resolve("control/audit-refused.log"))
                    + size(gw.state.resolve("control/audit-refused.log.1"));
            assertTrue(refusedBytes > 0 && refusedBytes <= 512 * 1024, "refusals stay in their bounded file: "
                    + refusedBytes);
            String refusals = Files.readString(gw.state.resolve("control/audit-refused.log"));
            assertTrue(refusals.indexOf("xxxxxxxxxx") < 0, "a refusal is recorded without its argument values");
            for (String why : List.of("stale: issued at", "not JSON", "is outside 0..1")) {
                assertTrue(refusals.contains(why), "the uplink's refusals and the control's own are both recorded: "
                        + why);
            }
            // the audit records left through the node's one way out, which applies the clock rule to every record
            Map<String, Object> way = ControlRuntimeIT.details(gw.awaitStatus("the way out counted what it sent",
                    s -> ControlRuntimeIT.details(s, "outbound").get("sent") instanceof Number n && n.longValue() >= 100,
                    UP), "outbound");
            assertEquals(0L, ((Number) way.get("withheld_by_clock")).longValue(), "nothing withheld on a sound clock: "
                    + way);
        }
    }

    private static long size(Path f) throws java.io.IOException {
        return Files.exists(f) ? Files.size(f) : 0;
    }

    private static Set<String> genuine() {
        return IntStream.range(0, 100).mapToObj(i -> "g-" + i).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> auditIds(List<Map.Entry<String, byte[]>> all) {
        return all.stream().filter(e -> e.getKey().contains("/audit/")).map(e -> UplinkRuntimeIT.json(e.getValue()))
                .filter(a -> "override".equals(a.get("action"))).map(a -> (String) a.get("commandId"))
                .collect(Collectors.toSet());
    }

    private static String override(String id, Instant issued, double level, String holds) {
        return "{\"id\":\"" + id + "\",\"name\":\"actuator.override\",\"target\":\"lamp-2\",\"arguments\":{\"level\":"
                + level + "," + holds + "},\"origin\":\"ops-console\",\"issued\":\"" + issued + "\"}";
    }

    /** Junk of three sorts, from many claimed origins: stale with a long note, out of range, not JSON. */
    private static String junk(int i, Instant now) {
        return switch (i % 3) {
            case 0 -> "{\"id\":\"j-" + i + "\",\"name\":\"actuator.override\",\"target\":\"lamp-2\",\"arguments\":"
                    + "{\"level\":1,\"for\":\"1m\",\"note\":\"" + "x".repeat(900) + "\"},\"origin\":\"junk-" + i % 50
                    + "\",\"issued\":\"" + now.minus(Duration.ofHours(1)) + "\"}";
            case 1 -> "{\"id\":\"j-" + i + "\",\"name\":\"actuator.override\",\"target\":\"lamp-2\",\"arguments\":"
                    + "{\"level\":5,\"for\":\"1m\",\"note\":\"" + "x".repeat(150) + "\"},\"origin\":\"junk-" + i % 50
                    + "\",\"issued\":\"" + now + "\"}";
            default -> "junk " + i + " " + "x".repeat(900);
        };
    }

    private static void publish(UplinkRuntimeIT.Inbox inbox, String payload) throws Exception {
        inbox.client.publish(CMD, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private static void awaitResults(UplinkRuntimeIT.Inbox inbox, int n) throws InterruptedException {
        inbox.await(n + " command results", l -> l.stream().filter(e -> e.getKey().endsWith("/cmd/result")).count() >= n,
                UP);
    }
}
