package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.HealthState;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardStoreTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(T0);
    final TimeBase time = TimeBase.of(clock);

    ForwardStore open(long maxBytes) {
        return ForwardStore.open(ForwardStore.Settings.of(dir.resolve("store.db"), maxBytes), time);
    }

    static List<StoredMessage> all(ForwardStore store) {
        ForwardStore.Cursor c = store.cursor();
        List<StoredMessage> out = new ArrayList<>();
        for (List<StoredMessage> batch = c.next(100); !batch.isEmpty(); batch = c.next(100)) {
            out.addAll(batch);
        }
        return out;
    }

    @Test
    void eachStreamCountsItsOwnSequenceNumbersFromOneAndTheyContinueAfterARestart() {
        try (ForwardStore store = open(1 << 20)) {
            assertEquals(1, store.append(Messages.summary("env-1", "temperature", T0, 18)).seq());
            assertEquals(1, store.append(Messages.summary("env-1", "humidity", T0, 60)).seq());
            assertEquals(2, store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60), 18)).seq());
        }
        try (ForwardStore store = open(1 << 20)) {
            ForwardStore.Receipt r = store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(120), 18));
            assertEquals(3, r.seq());
            assertTrue(r.durable());
            assertEquals(new StreamKey("summary", "env-1", "temperature"), r.stream());
        }
    }

    @Test
    void messagesComeBackOldestFirstWithTheirFieldsUntilTheBrokerHasThem() {
        try (ForwardStore store = open(1 << 20)) {
            for (int i = 0; i < 5; i++) {
                store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60L * i), 18 + i));
            }
            ForwardStore.Cursor cursor = store.cursor();
            List<StoredMessage> first = cursor.next(3);
            assertEquals(List.of(1L, 2L, 3L), first.stream().map(StoredMessage::seq).toList());
            assertEquals(18.0, first.get(0).message().fields().get("mean"));
            assertEquals(T0, first.get(0).message().fields().get("end"));
            assertEquals(List.of(4L, 5L), cursor.next(3).stream().map(StoredMessage::seq).toList());
            assertEquals(List.of(), cursor.next(3), "each message once per cursor");

            cursor.acknowledge(first.get(0));
            cursor.acknowledge(first.get(1));
            store.flushAcknowledged();
            assertEquals(3, store.waiting());
        }
        try (ForwardStore store = open(1 << 20)) {
            assertEquals(List.of(3L, 4L, 5L), all(store).stream().map(StoredMessage::seq).toList(),
                    "what the broker did not acknowledge is still there after a restart");
        }
    }

    @Test
    void deliveredMessagesStopWaitingAtOnceAreNeverReadAgainAndTheirRowsGoWhenPurged() throws Exception {
        try (ForwardStore store = open(1 << 20)) {
            ForwardStore.Cursor cursor = temperaturesStored(store, 4);
            List<StoredMessage> sent = cursor.next(4);
            cursor.acknowledge(sent.get(0));
            cursor.acknowledge(sent.get(1));
            assertEquals(2, store.waiting(), "acknowledged: no longer waiting, before any write");
            assertEquals(2, store.acknowledgedPending());
            store.flushAcknowledged();
            assertEquals(0, store.acknowledgedPending());
            assertEquals(2, store.deliveredNotPurged(), "the rows stay until the sender is idle");
            assertEquals(List.of(3L, 4L), all(store).stream().map(StoredMessage::seq).toList(),
                    "a new cursor starts after what was delivered");

            assertFalse(store.purgeDelivered(1000), "nothing left to purge");
            assertEquals(0, store.deliveredNotPurged());
        }
        assertEquals(2, rows(), "the two waiting rows are all that is left in the file");
    }

    @Test
    void theWatermarkMovesOnlyOverAnUnbrokenRunOfAcknowledgements() {
        try (ForwardStore store = open(1 << 20)) {
            ForwardStore.Cursor cursor = temperaturesStored(store, 3);
            List<StoredMessage> sent = cursor.next(3);
            cursor.acknowledge(sent.get(1));
            assertEquals(3, store.waiting(), "#2 acknowledged before #1: nothing is delivered yet");
            cursor.acknowledge(sent.get(0));
            assertEquals(1, store.waiting(), "#1 closes the gap: #1 and #2 are delivered");
            store.flushAcknowledged();
        }
        try (ForwardStore store = open(1 << 20)) {
            assertEquals(List.of(3L), all(store).stream().map(StoredMessage::seq).toList());
        }
    }

    @Test
    void aCrashBeforeTheWatermarkIsSavedSendsThoseMessagesAgainAndNothingElse() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (ForwardStore store = open(1 << 20)) {
            ForwardStore.Cursor cursor = temperaturesStored(store, 6);
            List<StoredMessage> sent = cursor.next(6);
            cursor.acknowledge(sent.get(0));
            cursor.acknowledge(sent.get(1));
            store.flushAcknowledged();
            cursor.acknowledge(sent.get(2));
            cursor.acknowledge(sent.get(3));
            // the files as a kill -9 would leave them now: #3 and #4 acknowledged, not saved
            Files.createDirectories(crashed);
            for (String suffix : List.of("", "-wal", "-delivered")) {
                Path f = Path.of(dir.resolve("store.db") + suffix);
                if (Files.exists(f)) {
                    Files.copy(f, crashed.resolve("store.db" + suffix));
                }
            }
        }
        try (ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(crashed.resolve("store.db"), 1 << 20),
                time)) {
            assertEquals(List.of(3L, 4L, 5L, 6L), all(store).stream().map(StoredMessage::seq).toList(),
                    "#3 and #4 come again (duplicates with their numbers), #1 and #2 do not, nothing is lost");
        }
    }

    @Test
    void aDeliveredMarkBeyondWhatTheFileEverHeldIsNotTrusted() throws Exception {
        String epoch;
        try (ForwardStore store = open(1 << 20)) {
            ForwardStore.Cursor cursor = temperaturesStored(store, 3);
            cursor.acknowledge(cursor.next(1).get(0));
            store.flushAcknowledged();
            epoch = store.append(Messages.summary("env-2", "temperature", T0, 18)).epoch();
        }
        // a mark from a later life of the file, beside an older copy of it put back: ids 5 and up were never
        // handed out by this copy, so the mark cannot describe it
        try (DeliveredMark mark = DeliveredMark.open(dir.resolve("store.db"), epoch)) {
            mark.write(9);
        }
        try (ForwardStore store = open(1 << 20)) {
            assertEquals(List.of(1L, 2L, 3L, 1L), all(store).stream().map(StoredMessage::seq).toList(),
                    "the meta table's watermark (nothing delivered saved there yet) counts: duplicates, no loss");
        }
    }

    @Test
    void whenFullDeliveredRowsArePurgedFirstAndNothingIsCountedAsDropped() {
        try (ForwardStore store = open(64 * 1024)) {
            ForwardStore.Cursor cursor = store.cursor();
            int appended = 0;
            while (store.deliveredNotPurged() < 150) {
                store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(appended++), 18));
                cursor.next(10).forEach(cursor::acknowledge);
            }
            assertEquals(0, store.waiting());
            for (int i = 0; i < 150; i++) {
                store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(appended++), 18));
            }
            assertEquals(150, store.waiting(), "nothing waiting was dropped");
            assertEquals(Map.of(), store.status().dropped());
            assertEquals(HealthState.OK, store.status().health().state());
        }
    }

    /** Appends {@code n} temperature summaries, a minute apart, numbered 1..n; a new cursor over them. */
    static ForwardStore.Cursor temperaturesStored(ForwardStore store, int n) {
        for (int i = 0; i < n; i++) {
            store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60L * i), 18 + i));
        }
        return store.cursor();
    }

    long rows() throws Exception {
        try (var c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:file:" + dir.resolve("store.db")
                + "?mode=ro"); var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM message")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void reopeningNeverEmptiesTheStore() {
        try (ForwardStore store = open(1 << 20)) {
            store.append(Messages.event("noise-1", "limit-exceeded", T0));
        }
        for (int i = 0; i < 3; i++) {
            try (ForwardStore store = open(1 << 20)) {
                assertEquals(1, store.waiting());
            }
        }
    }

    @Test
    void whenFullTheLeastValuableOldestMessagesGoFirstAndEveryDropIsCounted() {
        try (ForwardStore store = open(64 * 1024)) {
            for (int i = 0; i < 20; i++) {
                store.append(Messages.event("noise-1", "limit-exceeded", T0.plusSeconds(i)));
            }
            for (int i = 0; i < 300; i++) {
                store.append(Messages.raw("mic-1", T0.plusSeconds(i), i));
            }
            for (int i = 0; i < 600; i++) {
                store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60L * i), 18));
            }
            StoreStatus s = store.status();
            assertTrue(s.usedBytes() <= 64 * 1024, s.describe());
            assertEquals(300L, s.dropped().get("raw"), "every raw message went before any summary: " + s.dropped());
            assertTrue(s.dropped().get("summary") > 0, s.dropped().toString());
            assertNull(s.dropped().get("event"), "events are kept longest");
            assertEquals(HealthState.DEGRADED, s.health().state());
            assertTrue(s.health().reason().contains("store full"), s.health().reason());

            List<StoredMessage> left = all(store);
            assertEquals(20, left.stream().filter(m -> m.stream().kind().equals("event")).count());
            List<Long> summaries = left.stream().filter(m -> m.stream().kind().equals("summary"))
                    .map(StoredMessage::seq).toList();
            assertEquals(600L, summaries.get(summaries.size() - 1), "the newest summaries are kept");
            assertEquals(summaries.size(), summaries.get(summaries.size() - 1) - summaries.get(0) + 1,
                    "the oldest went, the rest is contiguous");

            ForwardStore.DropReport report = store.unreportedDrops();
            assertEquals(s.droppedTotal(), report.total());
            store.dropsReported(report.total());
            assertNull(store.unreportedDrops(), "reported drops are not reported again");
        }
        try (ForwardStore store = open(64 * 1024)) {
            assertEquals(300L, store.status().dropped().get("raw"), "drop counts are kept in the store");
            assertNull(store.unreportedDrops());
        }
    }

    @Test
    void aMessageInFlightIsNotDroppedUnderItsSender() {
        try (ForwardStore store = open(64 * 1024)) {
            store.append(Messages.raw("mic-1", T0, 1));
            ForwardStore.Cursor cursor = store.cursor();
            StoredMessage inFlight = cursor.next(1).get(0);
            for (int i = 1; i < 2000; i++) {
                store.append(Messages.raw("mic-1", T0.plusSeconds(i), i));
            }
            assertEquals(1L, all(store).get(0).seq(), "the message the sender holds is still there");
            cursor.acknowledge(inFlight);
        }
    }

    @Test
    void theSizeIsShownInBytesAndInHoursAtTheCurrentRate() {
        try (ForwardStore store = open(10_000_000)) {
            for (int minute = 0; minute < 60; minute++) {
                for (int sensor = 0; sensor < 10; sensor++) {
                    store.append(Messages.summary("env-" + sensor, "temperature", clock.instant(), 18));
                }
                clock.advance(Duration.ofMinutes(1));
            }
            StoreStatus s = store.status();
            double perMessage = (double) s.usedBytes() / 600;
            assertEquals(600 * perMessage, s.bytesPerHour(), 600 * perMessage * 0.05,
                    "600 messages in the last hour: " + s.describe());
            assertEquals(10_000_000 / s.bytesPerHour(), s.holdsHours(), 0.01);
            assertTrue(s.describe().contains("holds about"), s.describe());
            assertEquals(T0, s.oldest());
        }
    }

    @Test
    void callersAppendingTogetherShareCommitsAndNoNumberIsLostOrGivenTwice() throws Exception {
        int threads = 8;
        int each = 200;
        try (ForwardStore store = open(1 << 24)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            Map<String, List<Long>> seqs = new ConcurrentHashMap<>();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String sensor = "env-" + (t % 3);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        ForwardStore.Receipt r = store.append(Messages.summary(sensor, "temperature", T0, i));
                        seqs.computeIfAbsent(sensor, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(r.seq());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(threads * each, store.waiting());
            for (List<Long> s : seqs.values()) {
                List<Long> sorted = new ArrayList<>(s);
                java.util.Collections.sort(sorted);
                for (int i = 0; i < sorted.size(); i++) {
                    assertEquals(i + 1L, sorted.get(i));
                }
            }
        }
    }

    @Test
    void aDamagedFileIsMovedAsideNeverDeletedAndANewStoreStartsInANewEpoch() throws Exception {
        String epoch;
        try (ForwardStore store = open(1 << 20)) {
            epoch = store.append(Messages.summary("env-1", "temperature", T0, 18)).epoch();
        }
        Path file = dir.resolve("store.db");
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 100; i < bytes.length; i += 7) {
            bytes[i] = (byte) 0xA5;
        }
        Files.write(file, bytes);

        try (ForwardStore store = open(1 << 20)) {
            ForwardStore.Receipt r = store.append(Messages.summary("env-1", "temperature", T0, 18));
            assertTrue(r.durable(), "a new file is in use");
            assertNotEquals(epoch, r.epoch(), "numbers start again in a new epoch, so none repeats");
            assertEquals(1, r.seq());
            StoreStatus s = store.status();
            assertEquals(HealthState.DEGRADED, s.health().state());
            assertTrue(s.health().reason().contains("damaged"), s.health().reason());
        }
        try (var files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("store.db.damaged-")).toList();
            assertFalse(aside.isEmpty(), "the damaged file is kept");
            assertEquals(bytes.length, Files.size(aside.stream()
                    .filter(p -> p.getFileName().toString().matches("store\\.db\\.damaged-[0-9TZ]+")).findFirst()
                    .orElseThrow()), "the file itself, beside its write-ahead log and delivered mark");
        }
    }

    @Test
    void anotherSqliteDatabaseAtThePathIsNotTakenOver() throws Exception {
        Path file = dir.resolve("store.db");
        try (var c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + file);
             var s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (name TEXT)");
            s.execute("INSERT INTO accounts VALUES ('keep me')");
        }
        try (ForwardStore store = open(1 << 20)) {
            store.append(Messages.summary("env-1", "temperature", T0, 18));
        }
        try (var files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().matches("store\\.db\\.damaged-[0-9TZ]+"))
                    .findFirst().orElseThrow();
            try (var c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + aside);
                 var s = c.createStatement(); var r = s.executeQuery("SELECT name FROM accounts")) {
                assertTrue(r.next());
                assertEquals("keep me", r.getString(1));
            }
        }
    }

    @Test
    void aSecondGatewayOnTheSameFileIsRefusedAndSaysWhy() {
        try (ForwardStore first = open(1 << 20)) {
            first.append(Messages.summary("env-1", "temperature", T0, 18));
            try (ForwardStore second = open(1 << 20)) {
                StoreStatus s = second.status();
                assertFalse(s.durable());
                assertEquals(HealthState.FAULTY, s.health().state());
                assertTrue(s.health().reason().contains("second gateway"), s.health().reason());
            }
            assertEquals(1, first.waiting());
        }
    }

    @Test
    void whenFullWhatTheNodeDidIsKeptLongestAndRefusedCommandsGoFirst() {
        try (ForwardStore store = open(64 * 1024)) {
            for (int i = 0; i < 100; i++) {
                store.append(Messages.audit("lamp-1", "override", "genuine-" + i, T0.plusSeconds(i)));
            }
            for (int i = 0; i < 20; i++) {
                store.append(Messages.event("noise-1", "limit-exceeded", T0.plusSeconds(i)));
            }
            for (int i = 0; i < 2000; i++) {
                store.append(Messages.audit("lamp-1", "refused", "junk-" + i, T0.plusSeconds(100 + i)));
            }
            StoreStatus s = store.status();
            assertTrue(s.usedBytes() <= 64 * 1024, s.describe());
            List<StoredMessage> left = all(store);
            assertEquals(100, left.stream().filter(m -> String.valueOf(m.message().fields().get("commandId"))
                    .startsWith("genuine-")).count(), "every genuine audit record is kept: " + s.dropped());
            assertEquals(20, left.stream().filter(m -> m.stream().kind().equals("event")).count(),
                    "refusals go before events too");
            assertTrue(left.stream().anyMatch(m -> "junk-1999".equals(m.message().fields().get("commandId"))),
                    "the newest refusals are kept as far as room is left");
            assertEquals(DropPolicy.NODE_REPORTS, left.get(0).priority());
        }
    }

    @Test
    void storedFieldsOfEveryKindSurviveTheRoundTrip() {
        Map<String, Object> f = new HashMap<>();
        f.put("sourceId", "meter-1");
        f.put("date", java.time.LocalDate.of(2026, 6, 21));
        f.put("leakSuspected", true);
        try (ForwardStore store = open(1 << 20)) {
            store.append(PrivacyGate.readBack("night-flow", "meter-1", f));
            StoredMessage m = all(store).get(0);
            assertEquals(java.time.LocalDate.of(2026, 6, 21), m.message().fields().get("date"));
            assertEquals(true, m.message().fields().get("leakSuspected"));
            assertEquals(DropPolicy.INDICES, m.priority());
            assertNotNull(m.created());
        }
    }
}
