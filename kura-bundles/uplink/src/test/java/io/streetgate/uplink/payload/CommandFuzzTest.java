package io.streetgate.uplink.payload;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streetgate.uplink.store.KeyValues;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Whatever arrives on a node's command topics, the formats read it as command requests, each either a command
 * for its owner, a refusal that says why, or a Sparkplug rebirth: never an exception that would reach the MQTT
 * client's callback thread, a hang or an unbounded allocation. Anyone who may publish on the command topic
 * chooses these bytes.
 *
 * <p>The regression corpora (seeds and every finding, in {@code CommandFuzzTestInputs/<method>/}) run in the
 * test command; {@code ./fuzz.sh command-json 300} and {@code ./fuzz.sh sparkplug-command 300} fuzz
 * (docs/security.md).
 */
class CommandFuzzTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final JsonFormat JSON = new JsonFormat("streetgate", "pole-0042");

    @FuzzTest(maxDuration = "5m")
    void json(byte[] payload) {
        eachARequestOfOneKind(JSON.commands(JSON.commandTopic(), payload, NOW));
    }

    @FuzzTest(maxDuration = "5m")
    void sparkplug(byte[] payload) {
        // a new format each time: the state a format keeps (aliases, bdSeq) must not carry one input into the next
        SparkplugFormat format = new SparkplugFormat("harbour", "pole-0042", new MemoryKeyValues());
        eachARequestOfOneKind(format.commands(format.topic("NCMD"), payload, NOW));
        eachARequestOfOneKind(format.commands(format.topic("DCMD", "lamp-1"), payload, NOW));
    }

    private static void eachARequestOfOneKind(List<CommandRequest> requests) {
        assertNotNull(requests);
        for (CommandRequest r : requests) {
            int kinds = (r.command() != null ? 1 : 0) + (r.refusal() != null ? 1 : 0) + (r.rebirth() ? 1 : 0);
            assertEquals(1, kinds, "a command, a refusal or a rebirth: " + r);
            assertNotNull(r.id(), "an id to answer with: " + r);
            if (r.refusal() != null) {
                assertFalse(r.refusal().isBlank(), "a refusal says why");
            }
            if (r.command() != null) {
                assertFalse(r.command().name().isEmpty(), "a command has a name: " + r);
                for (Map.Entry<String, Object> a : r.command().arguments().entrySet()) {
                    Object v = a.getValue();
                    assertNotNull(v, "argument " + a.getKey());
                }
            }
        }
    }

    /** The format's state in memory, as the uplink's store keeps it on disk. */
    static final class MemoryKeyValues implements KeyValues {
        private final TreeMap<String, String> values = new TreeMap<>();

        @Override
        public String get(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        @Override
        public void put(String key, String value) {
            values.put(key, value);
        }

        @Override
        public SortedMap<String, String> startingWith(String prefix) {
            return values.subMap(prefix, prefix + Character.MAX_VALUE);
        }
    }
}
