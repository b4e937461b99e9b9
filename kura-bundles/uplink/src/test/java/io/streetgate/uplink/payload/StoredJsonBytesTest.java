package io.streetgate.uplink.payload;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;
import io.streetgate.uplink.testing.StreetRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JSON format sends the same bytes for a stored message as the uplink sent before the store kept typed
 * fields (stored form version 3): {@code stored-json.txt} holds, per record, the payload that the JSON format
 * of 7 Dec 2026 (0218139: stored form version 2, sent as a copy) made for {@link StreetRecords#all()}, one
 * record of each kind that goes through the store, read from the file and held in memory alike.
 */
class StoredJsonBytesTest {

    static final Instant T0 = StreetRecords.T0;
    static final String EPOCH = "9f3a1c22";

    @TempDir
    Path dir;

    @Test
    void everyKindGoesOutAsTheSameBytesAsBefore() throws IOException {
        List<String> before = lines("stored-json.txt");
        JsonFormat format = new JsonFormat("streetgate", "pole-0042");
        List<String> fromFile = new ArrayList<>();
        List<String> fromMemory = new ArrayList<>();
        try (ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(dir.resolve("store.db"), 1 << 20),
                TimeBase.system())) {
            for (UplinkMessage m : StreetRecords.all()) {
                store.append(m);
            }
            for (StoredMessage m : store.cursor().next(100)) {
                // each stream has one record, so its number is 1; the file's epoch is new each run
                assertEquals(1, m.seq());
                fromFile.add(m.stream().kind() + "\t"
                        + text(format.encode(m, true, T0).get(0).payload()).replace(m.epoch(), EPOCH));
            }
        }
        for (UplinkMessage m : StreetRecords.all()) {
            StoredMessage held = StoredMessage.inMemory(1, StreamKey.of(m), 1, EPOCH, 1, T0, m);
            fromMemory.add(m.kind() + "\t" + text(format.encode(held, false, T0).get(0).payload()));
        }
        assertEquals(before, fromMemory);
        assertEquals(before, fromFile);
    }

    /** The lines of a resource beside this class. */
    static List<String> lines(String resource) throws IOException {
        try (InputStream in = StoredJsonBytesTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
