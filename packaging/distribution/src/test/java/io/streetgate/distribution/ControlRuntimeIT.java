package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.streetgate.distribution.GatewayRuntimeIT.part;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control loops in the real distribution, started as a process on the simulated street at 120 times the
 * wall clock, through a midsummer evening and night in Hamburg: the lamps come on at dusk and dim by the
 * profile, rise for passers-by (announced on the local broker), take an override sent as {@code POST /command}
 * (acknowledged, applied, audited, expired), and go to their safe level when the light sensor breaks; the night's
 * energy against full-on is in the status.
 */
class ControlRuntimeIT {

    private static final Duration NIGHT = Duration.ofMinutes(4);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Map<String, Object> details(Map<String, Object> status, String part) {
        Object d = part(status, part).get("details");
        return d instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static double level(Map<String, Object> status, String actuator) {
        return details(status, "actuator/" + actuator).get("level") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String reason(Map<String, Object> status, String actuator) {
        return String.valueOf(details(status, "actuator/" + actuator).get("reason"));
    }

    static Instant time(Map<String, Object> status) {
        return Instant.parse(String.valueOf(status.get("time")));
    }

    Map<String, Object> post(RunningGateway gw, Map<String, Object> command) throws Exception {
        String token = Files.readString(gw.state.resolve("status.token")).trim();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.statusPort + "/command"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(JSON.std.asBytes(command)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, Object> answer = JSON.std.mapFrom(r.body());
        answer.put("http", r.statusCode());
        return answer;
    }

    @Test
    void aNightOnTheSimulatedStreet() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 120)) {
            // dusk: the light sensor says dark (about 20:25 UTC, 22:25 local): the 22:00 period, 70 %
            // each step reports the actuators and the control's schedule as one change: a lamp lit by the schedule
            // is never seen beside a schedule still dark
            Map<String, Object> lit = gw.awaitStatus("the lamps lit at dusk", s -> level(s, "lamp-1") > 0
                    && List.of("schedule", "presence").contains(reason(s, "lamp-1")), NIGHT);
            assertEquals("ok", part(lit, "actuator/lamp-1").get("state"));
            assertEquals(Boolean.TRUE, details(lit, "control").get("lit"));
            assertEquals("ventilation", reason(lit, "cab-fan"));

            // passers-by raise a lamp above its period's level for a while, and the control tells on-box consumers
            // through the local broker (gateway-api's LocalBroker, which the broker bundle registers)
            try (SummarySubscriber announced = new SummarySubscriber(gw.state, "streetgate/+/lighting/presence/#")) {
                gw.awaitStatus("a lamp raised for someone passing", s -> "presence".equals(reason(s, "lamp-1"))
                        || "presence".equals(reason(s, "lamp-2")), NIGHT);
                Map<String, Object> announcement = announced.await("of presence at a lamp",
                        a -> a.get("lamp") != null && a.get("neighbours") instanceof List<?>, NIGHT);
                String lamp = String.valueOf(announcement.get("lamp"));
                assertTrue(List.of("lamp-1", "lamp-2").contains(lamp), announcement.toString());
                assertEquals(List.of(lamp.equals("lamp-1") ? "lamp-2" : "lamp-1"), announcement.get("neighbours"),
                        "the site file's neighbours of " + lamp);
                assertEquals("streetgate/" + announcement.get("node") + "/lighting/presence/" + lamp,
                        announcement.get("topic"));
            }

            // after midnight local time the profile dims to 40 %, never below the M4 level 0.3
            Map<String, Object> dimmed = gw.awaitStatus("the lamps at 40 % after midnight",
                    s -> time(s).isAfter(Instant.parse("2026-06-21T22:00:00Z")) && level(s, "lamp-2") == 0.4
                            && "schedule".equals(reason(s, "lamp-2")), NIGHT);
            assertTrue(String.valueOf(details(dimmed, "actuator/lamp-2").get("detail")).startsWith("period from 00:00 at 40 %"),
                    details(dimmed, "actuator/lamp-2").toString());

            // an override from outside: acknowledged, applied at once, held, then back to the schedule at its expiry
            Map<String, Object> ack = post(gw, Map.of("name", "actuator.override", "target", "lamp-2",
                    "arguments", Map.of("level", 1.0, "for", "20m", "note", "police request"), "origin", "it-test"));
            assertEquals(200, ack.get("http"), ack.toString());
            assertEquals(Boolean.TRUE, ack.get("accepted"), ack.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> ackDetails = (Map<String, Object>) ack.get("details");
            assertEquals(1.0, ((Number) ackDetails.get("applied")).doubleValue(), ack.toString());
            Map<String, Object> overridden = gw.awaitStatus("lamp-2 overridden", s -> "override".equals(reason(s, "lamp-2")),
                    NIGHT);
            assertEquals(1.0, level(overridden, "lamp-2"));
            assertEquals("local:it-test", details(overridden, "actuator/lamp-2").get("override_by"));
            Map<String, Object> refused = post(gw, Map.of("name", "actuator.override", "target", "lamp-2",
                    "arguments", Map.of("level", 0.1, "for", "20m")));
            assertEquals(422, refused.get("http"));
            assertTrue(String.valueOf(refused.get("reason")).contains("below the M4"), refused.toString());
            gw.awaitStatus("the override expired", s -> !"override".equals(reason(s, "lamp-2"))
                    && level(s, "lamp-2") < 1.0, NIGHT);
            List<String> audit = Files.readAllLines(gw.state.resolve("control/audit.log"));
            assertTrue(audit.stream().anyMatch(l -> l.contains("\"action\":\"override\"") && l.contains("police request")), audit.toString());
            List<String> refusals = Files.readAllLines(gw.state.resolve("control/audit-refused.log"));
            assertTrue(refusals.stream().anyMatch(l -> l.contains("\"action\":\"refused\"")), refusals.toString());
            assertTrue(audit.stream().anyMatch(l -> l.contains("\"action\":\"expired\"")), audit.toString());

            // the light sensor breaks: the lamps go to their safe level (0.8) and say why
            assertEquals(200, gw.request("POST", "/sim/fault?device=light-1&fault=nack"));
            Map<String, Object> safe = gw.awaitStatus("the lamps at their safe level", s -> "fail-safe".equals(reason(s, "lamp-1"))
                    && level(s, "lamp-1") == 0.8, NIGHT);
            assertEquals("degraded", part(safe, "actuator/lamp-1").get("state"));
            assertTrue(String.valueOf(part(safe, "actuator/lamp-1").get("reason")).contains("light sensor light-1"),
                    part(safe, "actuator/lamp-1").toString());

            // the night so far against full-on
            @SuppressWarnings("unchecked")
            Map<String, Object> energy = (Map<String, Object>) details(safe, "control").get("energy");
            assertTrue(((Number) energy.get("full_on_wh")).doubleValue() > ((Number) energy.get("actual_wh")).doubleValue(),
                    energy.toString());
            assertEquals(143, gw.terminate(Duration.ofSeconds(30)), "stopped by SIGTERM");
        }
    }

    /**
     * Readings the quality rules reject reach the control loops as rejected: with every temperature and every
     * illuminance out of the site file's range, the cabinet's HVAC runs on fail-safe ventilation and the lamps go
     * to their safe level after sunset, while the sensors themselves stay healthy.
     */
    @Test
    void rejectedReadingsLeaveTheControlLoopsOnTheirFailSafe() throws Exception {
        String quality = "analytics:\n  quality:\n"
                + "    temperature: { range: { min: -40, max: -30 } }\n"
                + "    illuminance: { range: { min: -2, max: -1 } }\n";
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 120,
                site -> site.replace("analytics:\n", quality), List.of())) {
            // the street starts ten minutes before dusk, when the CO2 sensor may not have reported yet (its own,
            // shorter fail-safe): wait for the one the rejected temperatures cause
            Map<String, Object> safe = gw.awaitStatus("fail-safe ventilation for the lost temperature and lamps at "
                            + "their safe level",
                    s -> "fail-safe".equals(reason(s, "cab-fan")) && "fail-safe".equals(reason(s, "lamp-1"))
                            && level(s, "lamp-1") == 0.8 && String.valueOf(details(s, "actuator/cab-fan").get("detail"))
                            .contains("temperature sensor cab-temp lost"), NIGHT);
            assertEquals(0.5, level(safe, "cab-fan"), details(safe, "actuator/cab-fan").toString());
            assertTrue(String.valueOf(details(safe, "actuator/cab-fan").get("detail"))
                    .contains("temperature sensor cab-temp lost"), details(safe, "actuator/cab-fan").toString());
            assertEquals(0.0, level(safe, "cab-heater"));
            assertEquals(0.0, level(safe, "cab-cooler"));
            assertEquals("ok", part(safe, "sensor/cab-temp").get("state"), "the sensor answers; its readings are rejected");
            assertEquals("ok", part(safe, "sensor/light-1").get("state"));
            @SuppressWarnings("unchecked")
            Map<String, Object> rejected = (Map<String, Object>) details(safe, "pipeline").get("rejected_by_reason");
            assertTrue(((Number) rejected.get("out_of_range")).longValue() > 0, rejected.toString());
            assertEquals(143, gw.terminate(Duration.ofSeconds(30)), "stopped by SIGTERM");
        }
    }
}
