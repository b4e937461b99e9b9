package io.streetgate.uplink.store;

import io.streetgate.driver.HealthState;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

/**
 * A full disk and a read-only file system cannot be produced on demand on the build machine (the tests run
 * as root), so the connection is made to fail the way SQLite fails then: Mockito wraps a real connection and
 * throws SQLite's own exception with its own result code.
 */
class StoreFaultsTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");

    @TempDir
    Path dir;

    final TimeBase time = TimeBase.of(new TestClock(T0));
    final AtomicBoolean diskFull = new AtomicBoolean();

    ForwardStore.Settings settings(Duration retry) {
        return new ForwardStore.Settings(dir.resolve("store.db"), 1 << 20, 64 * 1024, DropPolicy.DEFAULT, retry);
    }

    /** Real connections whose commits fail with SQLITE_FULL while {@link #diskFull} is set. */
    SqliteStore.Opener fillingDisk() {
        return file -> {
            Connection real = SqliteStore.DEFAULT_OPENER.open(file);
            Connection c = mock(Connection.class, delegatesTo(real));
            doAnswer(inv -> {
                if (diskFull.get()) {
                    throw new SQLiteException("[SQLITE_FULL] Insertion failed because database is full "
                            + "(database or disk is full)", SQLiteErrorCode.SQLITE_FULL);
                }
                real.commit();
                return null;
            }).when(c).commit();
            return c;
        };
    }

    @Test
    void onAFullDiskMessagesAreHeldInMemoryTheFaultIsReportedAndTheFileIsUsedAgainWhenThereIsSpace() {
        try (ForwardStore store = ForwardStore.open(settings(Duration.ZERO), time, fillingDisk())) {
            assertTrue(store.append(Messages.summary("env-1", "temperature", T0, 18)).durable());

            diskFull.set(true);
            ForwardStore.Receipt held = store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60), 19));
            assertFalse(held.durable(), "accept still returns: the message is held in memory");
            assertTrue(held.epoch().startsWith("m"), "in-memory numbers count in an epoch of their own");
            StoreStatus s = store.status();
            assertEquals(HealthState.FAULTY, s.health().state());
            assertTrue(s.health().reason().contains("disk full"), s.health().reason());
            assertTrue(s.health().reason().contains("free space"), s.health().reason());
            assertTrue(s.health().reason().contains("IN MEMORY ONLY"), s.health().reason());

            diskFull.set(false);
            ForwardStore.Receipt back = store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(120), 20));
            assertTrue(back.durable(), "the file is tried again and used");
            assertEquals(2, back.seq(), "the file's numbering goes on where it stopped");
            assertEquals(HealthState.OK, store.status().health().state());

            List<StoredMessage> order = ForwardStoreTest.all(store);
            assertEquals(List.of(false, true, true), order.stream().map(StoredMessage::durable).toList(),
                    "what only memory holds goes first: a crash would lose it");
            assertEquals(List.of(19.0, 18.0, 20.0), order.stream().map(m -> m.message().fields().get("mean")).toList());
        }
    }

    @Test
    void aReadOnlyFileSystemIsReportedWithItsRemedyAndTheGatewayKeepsRunning() {
        SqliteStore.Opener readOnly = file -> {
            throw new SQLiteException("[SQLITE_READONLY] Attempt to write a readonly database",
                    SQLiteErrorCode.SQLITE_READONLY);
        };
        try (ForwardStore store = ForwardStore.open(settings(Duration.ofHours(1)), time, readOnly)) {
            for (int i = 0; i < 3; i++) {
                store.append(Messages.event("noise-1", "limit-exceeded", T0.plusSeconds(i)));
            }
            StoreStatus s = store.status();
            assertFalse(s.durable());
            assertEquals(3, s.messages());
            assertEquals(HealthState.FAULTY, s.health().state());
            assertTrue(s.health().reason().contains("read only"), s.health().reason());
            assertTrue(s.health().reason().contains("writable"), s.health().reason());
            assertEquals(3, ForwardStoreTest.all(store).size(), "held messages are still sent");
        }
    }

    @Test
    void theMemoryFallbackIsBoundedTooAndCountsWhatItDrops() {
        SqliteStore.Opener readOnly = file -> {
            throw new SQLiteException("read-only file system", SQLiteErrorCode.SQLITE_CANTOPEN);
        };
        try (ForwardStore store = ForwardStore.open(settings(Duration.ofHours(1)), time, readOnly)) {
            store.append(Messages.event("noise-1", "limit-exceeded", T0));
            for (int i = 0; i < 2000; i++) {
                store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60L * i), 18));
            }
            StoreStatus s = store.status();
            assertTrue(s.usedBytes() <= 64 * 1024, s.describe());
            assertTrue(s.dropped().get("summary") > 1000, s.dropped().toString());
            assertEquals(1, ForwardStoreTest.all(store).stream().filter(m -> m.stream().kind().equals("event")).count());
            assertEquals(s.droppedTotal(), store.unreportedDrops().total());
        }
    }
}
