package io.streetgate.drivers.pi4j.support;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterStoreTest {

    @TempDir
    Path state;

    @Test
    void nothingSavedIsZeroAndASaveIsReadBack() throws DriverException {
        CounterStore store = CounterStore.of(state.resolve("counters"), "meter-1");

        assertEquals(0, store.load());
        store.save(1_234_567_890_123L);
        assertEquals(1_234_567_890_123L, CounterStore.of(state.resolve("counters"), "meter-1").load());
        assertEquals(state.resolve("counters").resolve("meter-1.count"), store.file());
    }

    @Test
    void theFileIsReplacedWholeAndNoTemporaryIsLeft() throws DriverException, IOException {
        CounterStore store = CounterStore.of(state, "m");
        store.save(41);
        store.save(42);

        assertEquals("streetgate-counter 1\ncount=42\ncrc32=" + String.format("%08x", crc("42")) + "\n",
                Files.readString(store.file()));
        try (var files = Files.list(state)) {
            assertEquals(1, files.count(), "only the counter file");
        }
    }

    @Test
    void aTemporaryLeftByAPowerCutIsIgnoredAndTheLastWholeSaveCounts() throws DriverException, IOException {
        CounterStore store = CounterStore.of(state, "m");
        store.save(500);
        Files.writeString(state.resolve("m.count.tmp"), "streetgate-counter 1\ncount=50"); // cut mid-write

        assertEquals(500, store.load());
        store.save(501);
        assertEquals(501, store.load());
    }

    @Test
    void aDamagedFileIsNotReadAsAWrongCount() throws DriverException, IOException {
        CounterStore store = CounterStore.of(state, "m");
        store.save(777);
        Files.writeString(store.file(), Files.readString(store.file()).replace("777", "877"));

        DriverException e = assertThrows(DriverException.class, store::load);
        assertEquals(DriverFault.IMPLAUSIBLE, e.fault());
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }

    @Test
    void anIdThatCannotNameAFileIsRefused() {
        DriverException e = assertThrows(DriverException.class, () -> CounterStore.of(state, "../etc/passwd"));

        assertEquals(DriverFault.CONFIGURATION, e.fault());
        assertFalse(Files.exists(state.resolve("../etc")));
    }

    static long crc(String text) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.getBytes());
        return crc.getValue();
    }
}
