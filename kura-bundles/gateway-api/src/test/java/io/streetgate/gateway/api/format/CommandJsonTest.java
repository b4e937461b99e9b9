package io.streetgate.gateway.api.format;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandJsonTest {

    static final Instant NOW = Instant.parse("2026-06-21T19:45:00Z");

    static CommandJson.Parsed parse(String json) {
        return CommandJson.parse(json.getBytes(StandardCharsets.UTF_8), "pole-0042", "mqtt", NOW);
    }

    @Test
    void theDocumentedCommandMessageBecomesACommand() {
        CommandJson.Parsed p = parse("{\"id\":\"c-17\",\"name\":\"actuator.override\",\"target\":\"lamp-1\","
                + "\"arguments\":{\"level\":80,\"for\":\"30m\",\"force\":false},\"origin\":\"ops-console\"}");

        assertTrue(p.isValid(), p.refusal());
        Command c = p.command();
        assertEquals("c-17", c.id());
        assertEquals("actuator.override", c.name());
        assertEquals("lamp-1", c.target());
        assertEquals(Map.of("level", 80, "for", "30m", "force", false), c.arguments());
        assertEquals("mqtt:ops-console", c.origin());
        assertEquals(NOW, c.receivedAt());
        assertEquals(NOW, c.issuedAt(), "a command that does not say when it was issued was issued on arrival");
        assertEquals(null, p.expires());
        assertEquals(null, p.signed());
    }

    @Test
    void issuedAndExpiresSayWhenTheCommandWasSentAndUntilWhenItHolds() {
        CommandJson.Parsed p = parse("{\"id\":\"c-18\",\"name\":\"actuator.release\",\"target\":\"lamp-1\","
                + "\"issued\":\"2026-06-21T19:40:00Z\",\"expires\":\"2026-06-21T19:50:00Z\"}");

        assertTrue(p.isValid(), p.refusal());
        assertEquals(Instant.parse("2026-06-21T19:40:00Z"), p.command().issuedAt());
        assertEquals(NOW, p.command().receivedAt());
        assertEquals(Instant.parse("2026-06-21T19:50:00Z"), p.expires());
        assertRefused("{\"id\":\"c-8\",\"name\":\"x\",\"issued\":\"yesterday\"}", "c-8",
                "'issued' yesterday is not a UTC time; write e.g. 2026-06-21T19:45:00Z");
        assertRefused("{\"id\":\"c-9\",\"name\":\"x\",\"issued\":\"2026-06-21T19:40:00Z\","
                + "\"expires\":\"2026-06-21T19:40:00Z\"}", "c-9", "'expires' 2026-06-21T19:40:00Z is not after 'issued'");
    }

    @Test
    void aSignedCommandCarriesItsKeyNameAndTheCanonicalFormTheSignatureMustCover() {
        CommandJson.Parsed p = parse("{ \"name\" : \"actuator.override\", \"target\":\"lamp-1\", \"id\":\"c-19\","
                + "\"arguments\":{\"level\":0.80,\"for\":\"30m\",\"force\":false,\"n\":80},\"key\":\"ops-console\","
                + "\"signature\":\"AAAA\"}");

        assertTrue(p.isValid(), p.refusal());
        assertEquals("ops-console", p.signed().key());
        assertEquals("{\"arguments\":{\"for\":\"30m\",\"force\":false,\"level\":0.8,\"n\":80},\"id\":\"c-19\","
                        + "\"key\":\"ops-console\",\"name\":\"actuator.override\",\"node\":\"pole-0042\",\"target\":\"lamp-1\"}",
                new String(p.signed().canonical(), StandardCharsets.UTF_8),
                "sorted keys, no spaces, the node added, the signature left out, 0.80 written 0.8");
        assertRefused("{\"id\":\"c-10\",\"name\":\"x\",\"signature\":\"AAAA\"}", "c-10", "a signed command names its key");
        assertRefused("{\"id\":\"c-11\",\"name\":\"x\",\"key\":\"ops\",\"signature\":\"not base64!\"}", "c-11",
                "'signature' is missing or not base64");
    }

    @Test
    void onlyTheNameIsRequired() {
        Command c = parse("{\"name\":\"rebirth\"}").command();
        assertEquals("", c.target());
        assertEquals(Map.of(), c.arguments());
        assertEquals("mqtt-" + NOW.toEpochMilli(), c.id(), "an id is made up on arrival");
        assertEquals("mqtt", c.origin());
    }

    @Test
    void malformedMessagesAreRefusedWithWhatIsWrongAndTheirIdWhenTheyHaveOne() {
        assertRefused("not json at all", null, "not JSON");
        assertRefused("[1,2]", null, "a command message is a JSON object");
        assertRefused("{\"id\":\"c-1\"}", "c-1", "'name' is missing");
        assertRefused("{\"id\":\"c-2\",\"name\":\"two words\"}", "c-2", "is not a command name");
        assertRefused("{\"id\":\"c-3\",\"name\":\"x\",\"arguments\":[1]}", "c-3", "'arguments' must be an object");
        assertRefused("{\"id\":\"c-4\",\"name\":\"x\",\"arguments\":{\"a\":{\"b\":1}}}", "c-4",
                "argument 'a' must be a string, number or boolean");
        assertRefused("{\"id\":\"c-5\",\"name\":\"x\",\"arguments\":{\"a\":null}}", "c-5", "not null");
        assertRefused("{\"id\":\"c-6\",\"name\":\"x\",\"targte\":\"lamp-1\"}", "c-6", "unknown key 'targte'");
        assertRefused("{\"id\":\"c-7\",\"name\":\"x\",\"target\":7}", "c-7", "'target' must be a string");
        assertRefused("{\"id\":\"c-12\",\"name\":\"x\",\"" + "k".repeat(5000) + "\":1}", "c-12",
                "unknown key '" + "k".repeat(40) + "...'");
    }

    private static void assertRefused(String json, String id, String reason) {
        CommandJson.Parsed p = parse(json);
        assertFalse(p.isValid(), json);
        assertTrue(p.refusal().contains(reason), json + " -> " + p.refusal());
        if (id != null) {
            assertEquals(id, p.id());
        }
    }

    @Test
    void theResultNamesTheCommandAndSaysWhetherItWasCarriedOut() throws Exception {
        byte[] json = CommandJson.result("pole-0042", "c-17", "actuator.override", "lamp-1",
                CommandResult.done("lamp-1 at 80 %", Map.of("level", 80)), NOW);
        Map<String, Object> r = JSON.std.mapFrom(json);

        assertEquals("pole-0042", r.get("node"));
        assertEquals("c-17", r.get("id"));
        assertEquals("actuator.override", r.get("name"));
        assertEquals("lamp-1", r.get("target"));
        assertEquals(true, r.get("accepted"));
        assertEquals("lamp-1 at 80 %", r.get("reason"));
        assertEquals(Map.of("level", 80), r.get("details"));
        assertEquals("2026-06-21T19:45:00Z", r.get("time"));
    }
}
