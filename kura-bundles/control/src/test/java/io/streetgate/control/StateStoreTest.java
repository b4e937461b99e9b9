package io.streetgate.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The last safe state survives a restart, and a damaged file is not trusted. */
class StateStoreTest {

    @TempDir
    Path dir;

    @Test
    void whatIsSavedIsWhatIsLoaded() {
        Instant t = Instant.parse("2026-12-02T01:00:00Z");
        Map<String, StateStore.Saved> state = Map.of(
                "lamp-1", new StateStore.Saved(0.4, "schedule", t, null, null),
                "heater", new StateStore.Saved(1.0, "thermostat", t, true, t.minusSeconds(60)));
        new StateStore(dir.resolve("state.json")).save(state);
        assertEquals(state, new StateStore(dir.resolve("state.json")).load());
    }

    @Test
    void aDamagedFileOrALevelOutOfRangeIsIgnored() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"actuators\": {\"lamp-1\": {\"level\": 7, \"reason\": \"x\", "
                + "\"since\": \"2026-12-02T01:00:00Z\"}}}");
        assertEquals(Map.of(), new StateStore(dir.resolve("state.json")).load());
        Files.writeString(dir.resolve("state.json"), "{not json");
        assertEquals(Map.of(), new StateStore(dir.resolve("state.json")).load());
    }
}
