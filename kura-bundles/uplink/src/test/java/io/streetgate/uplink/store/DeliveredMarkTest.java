package io.streetgate.uplink.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveredMarkTest {

    @TempDir
    Path dir;

    Path store() {
        return dir.resolve("store.db");
    }

    Path file() {
        return dir.resolve("store.db-delivered");
    }

    @Test
    void theLastWatermarkWrittenIsReadBackForTheSameStoreOnly() throws Exception {
        try (DeliveredMark mark = DeliveredMark.open(store(), "9f3a1c22")) {
            assertEquals(0, mark.read(), "a new mark holds nothing");
            mark.write(41);
            mark.write(4_000_000_000L);
            mark.sync();
        }
        try (DeliveredMark mark = DeliveredMark.open(store(), "9f3a1c22")) {
            assertEquals(4_000_000_000L, mark.read());
        }
        try (DeliveredMark mark = DeliveredMark.open(store(), "0badf00d")) {
            assertEquals(0, mark.read(), "a store started anew has another epoch: the old mark is not its");
        }
    }

    @Test
    void aTornOrDamagedRecordReadsAsNoRecord() throws Exception {
        try (DeliveredMark mark = DeliveredMark.open(store(), "9f3a1c22")) {
            mark.write(41);
        }
        byte[] whole = Files.readAllBytes(file());
        Files.write(file(), Arrays.copyOf(whole, 12));
        try (DeliveredMark mark = DeliveredMark.open(store(), "9f3a1c22")) {
            assertEquals(0, mark.read(), "torn");
        }
        byte[] flipped = whole.clone();
        flipped[10] ^= 1;
        Files.write(file(), flipped);
        try (DeliveredMark mark = DeliveredMark.open(store(), "9f3a1c22")) {
            assertEquals(0, mark.read(), "one bit off");
        }
    }

    @Test
    void onlyTheOwnerCanReadOrWriteIt() throws Exception {
        try (DeliveredMark mark = DeliveredMark.open(store(), "9f3a1c22")) {
            mark.write(1);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }
}
