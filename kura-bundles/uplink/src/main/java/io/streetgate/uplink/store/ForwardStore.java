package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.Health;
import io.streetgate.driver.time.TimeBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Store-and-forward: every message is in the store file when {@link #append} returns, and leaves it only
 * when the sender {@link Cursor#acknowledge acknowledges} it (after the broker's PUBACK). Messages are read
 * back oldest first, per stream in order. The store is bounded in bytes and drops by {@link DropPolicy},
 * counting every drop.
 * <p>
 * Appends are group-committed: callers that arrive while a commit is running wait and are written together
 * by one of them in the next transaction, so each caller returns only after the transaction holding its
 * message is on disk, and concurrent callers share one sync.
 * <p>
 * When the file cannot be written (full disk, read-only file system, I/O errors) messages go to a bounded
 * queue in memory, the store reports itself faulty, and the file is tried again every
 * {@link Settings#retryEvery}. A damaged file is moved aside (never deleted) and a new one started. The file
 * is never emptied or re-created for any other reason.
 * <p>
 * It stays one class because the group commit, the fall-back to memory, the drops and the cursors all decide
 * on the same count of bytes and messages held, under one lock; the durable file itself is {@link SqliteStore}.
 */
public final class ForwardStore implements AutoCloseable, KeyValues {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardStore.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * @param path        the store file
     * @param maxBytes    its bound
     * @param memoryBytes the bound of the in-memory fallback
     * @param policy      what is dropped first
     * @param retryEvery  how often an unwritable file is tried again
     */
    public record Settings(Path path, long maxBytes, long memoryBytes, DropPolicy policy, Duration retryEvery) {
        public Settings {
            Objects.requireNonNull(path, "path");
            if (maxBytes < 64 * 1024) {
                throw new IllegalArgumentException("store max size " + maxBytes + " is below 64 KiB");
            }
            if (memoryBytes < 16 * 1024) {
                throw new IllegalArgumentException("memory fallback " + memoryBytes + " is below 16 KiB");
            }
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(retryEvery, "retryEvery");
        }

        public static Settings of(Path path, long maxBytes) {
            return new Settings(path, maxBytes, Math.max(16 * 1024, Math.min(maxBytes / 8, 8L << 20)),
                    DropPolicy.DEFAULT, Duration.ofSeconds(30));
        }
    }

    /** Where a message went: its stream, sequence number and epoch, and whether it is on disk. */
    public record Receipt(StreamKey stream, long seq, String epoch, boolean durable) {
    }

    /** Drops not yet reported upstream: the running total per kind. */
    public record DropReport(long total, Map<String, Long> byKind) {
    }

    private final Settings settings;
    private final TimeBase time;
    private final SqliteStore.Opener opener;
    private final MemoryQueue memory;
    private final RateMeter rate = new RateMeter();
    private final Set<Long> inFlightFile = ConcurrentHashMap.newKeySet();
    private final Set<Long> inFlightMemory = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> memoryMeta = new ConcurrentHashMap<>();

    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean committing;

    private volatile SqliteStore file;
    private volatile String fileProblem;      // why the file is not in use (memory mode)
    private volatile String movedAside;       // a damaged file was moved here
    private volatile Instant lastDrop;
    private long lastAttemptNanos;
    private volatile boolean closed;

    private static final class Pending {
        final UplinkMessage message;
        Receipt receipt;

        Pending(UplinkMessage message) {
            this.message = message;
        }
    }

    private ForwardStore(Settings settings, TimeBase time, SqliteStore.Opener opener) {
        this.settings = settings;
        this.time = time;
        this.opener = opener;
        this.memory = new MemoryQueue(settings.memoryBytes());
    }

    /** Opens the store; never fails: a file that cannot be used is reported and memory used meanwhile. */
    public static ForwardStore open(Settings settings, TimeBase time) {
        return open(settings, time, SqliteStore.DEFAULT_OPENER);
    }

    static ForwardStore open(Settings settings, TimeBase time, SqliteStore.Opener opener) {
        ForwardStore store = new ForwardStore(settings, time, opener);
        store.lastAttemptNanos = System.nanoTime();
        store.file = store.openFile();
        if (store.file != null) {
            LOG.info("Uplink store {}: {}", settings.path(), store.status().describe());
        }
        return store;
    }

    /** Opens the file, moving a damaged one aside first; null (and memory mode) when it cannot be used. */
    private SqliteStore openFile() {
        try {
            SqliteStore s = SqliteStore.open(settings.path(), opener);
            fileProblem = null;
            return s;
        } catch (StoreFault f) {
            if (f.kind() == StoreFault.Kind.CORRUPT) {
                return replaceDamaged(f);
            }
            enterMemoryMode(f);
            return null;
        }
    }

    private SqliteStore replaceDamaged(StoreFault f) {
        Path aside = settings.path().resolveSibling(settings.path().getFileName() + ".damaged-"
                + STAMP.format(Instant.now()));
        try {
            for (String suffix : List.of("", "-wal", "-shm", DeliveredMark.SUFFIX)) {
                Path p = Path.of(settings.path() + suffix);
                if (Files.exists(p)) {
                    Files.move(p, Path.of(aside + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            enterMemoryMode(new StoreFault(StoreFault.Kind.READ_ONLY, f.getMessage() + "; and it cannot be moved "
                    + "aside: " + e, e));
            return null;
        }
        movedAside = aside.toString();
        LOG.error("Uplink store {} is damaged ({}). It was moved to {} (kept for inspection, never deleted); "
                + "a new store starts with a new epoch, so sequence numbers cannot repeat.", settings.path(),
                f.getMessage(), aside);
        try {
            SqliteStore s = SqliteStore.open(settings.path(), opener);
            fileProblem = null;
            return s;
        } catch (StoreFault again) {
            enterMemoryMode(again);
            return null;
        }
    }

    private void enterMemoryMode(StoreFault f) {
        String remedy = switch (f.kind()) {
            case DISK_FULL -> "free space on the file system of " + settings.path();
            case READ_ONLY -> "make " + settings.path().toAbsolutePath().getParent()
                    + " writable (a read-only file system often means a failing SD card)";
            case LOCKED -> "another process holds the store file: is a second gateway running on it?";
            case CORRUPT -> "the file is damaged and could not be replaced";
            case IO -> "check the storage device";
        };
        String reason = "store file unusable (" + f.kind().name().toLowerCase().replace('_', ' ') + ": "
                + f.getMessage() + "); " + remedy + ". Messages are held IN MEMORY ONLY (up to "
                + settings.memoryBytes() / 1024 + " KiB) and are lost if the gateway stops; the file is tried again "
                + "every " + settings.retryEvery().toSeconds() + " s";
        if (fileProblem == null) {
            LOG.error("UPLINK STORE FAULT: {}", reason);
        }
        fileProblem = reason;
    }

    /** Reacts to a fault seen on {@code on}; nothing when another thread already replaced that file. */
    private synchronized void handleFault(StoreFault f, SqliteStore on) {
        if (file != on || on == null) {
            return;
        }
        file = null;
        on.close();
        inFlightFile.clear();
        lastAttemptNanos = System.nanoTime();
        if (f.kind() == StoreFault.Kind.CORRUPT) {
            file = replaceDamaged(f);
        } else {
            enterMemoryMode(f);
        }
    }

    /** Tries the file again after {@link Settings#retryEvery}; call with the commit lock held or from the sender. */
    private synchronized void maybeRecover() {
        if (file != null || closed || System.nanoTime() - lastAttemptNanos < settings.retryEvery().toNanos()) {
            return;
        }
        lastAttemptNanos = System.nanoTime();
        SqliteStore s = openFile();
        if (s != null) {
            file = s;
            LOG.warn("Uplink store {} is writable again; new messages go to the file. {} message(s) held in memory "
                    + "are sent first.", settings.path(), memory.size());
        }
    }

    /** Called after each append (the sender wakes up). */
    public void onAppend(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Stores a message; returns once it is on disk (or, when the file cannot be written, in the memory
     * queue). Never throws for storage problems: they are reported through {@link #status()}.
     */
    public Receipt append(UplinkMessage message) {
        Pending p = new Pending(Objects.requireNonNull(message, "message"));
        commitLock.lock();
        try {
            queue.add(p);
            while (p.receipt == null) {
                if (!committing) {
                    committing = true;
                    List<Pending> batch = new ArrayList<>(queue);
                    queue.clear();
                    commitLock.unlock();
                    try {
                        write(batch);
                    } finally {
                        commitLock.lock();
                        committing = false;
                        committed.signalAll();
                    }
                } else {
                    committed.awaitUninterruptibly();
                }
            }
        } finally {
            commitLock.unlock();
        }
        listeners.forEach(Runnable::run);
        return p.receipt;
    }

    private void write(List<Pending> batch) {
        Instant now = time.now();
        maybeRecover();
        long bytes = 0;
        SqliteStore f = file;
        if (f != null) {
            try {
                List<UplinkMessage> messages = new ArrayList<>(batch.size());
                batch.forEach(p -> messages.add(p.message));
                SqliteStore.AppendResult r = f.append(messages, now.toEpochMilli(), settings.policy(),
                        settings.maxBytes(), inFlightFile::contains);
                for (int i = 0; i < batch.size(); i++) {
                    SqliteStore.Appended a = r.appended().get(i);
                    batch.get(i).receipt = new Receipt(a.stream(), a.seq(), f.epoch(), true);
                    bytes += a.size();
                }
                if (!r.dropped().isEmpty()) {
                    if (lastDrop == null || Duration.between(lastDrop, now).toMinutes() >= 10) {
                        LOG.warn("Uplink store {} is full ({} bytes): dropped {} (least valuable and oldest first)",
                                settings.path(), settings.maxBytes(), r.dropped());
                    }
                    lastDrop = now;
                }
            } catch (StoreFault fault) {
                handleFault(fault, f);
                if (file != null && file != f) {
                    write(batch); // a damaged file was replaced by a new one
                    return;
                }
            }
        }
        for (Pending p : batch) {
            if (p.receipt == null) {
                StoredMessage m = memory.add(p.message, now, settings.policy(), inFlightMemory::contains);
                p.receipt = new Receipt(m.stream(), m.seq(), m.epoch(), false);
                bytes += m.size();
            }
        }
        rate.add(now, bytes);
    }

    /** A new reader of the waiting messages, oldest first; one per connection to the broker. */
    public Cursor cursor() {
        flushAcknowledged();
        inFlightFile.clear();
        inFlightMemory.clear();
        return new Cursor();
    }

    /**
     * Reads waiting messages in order: those held in memory first (a crash would lose them), then the file's,
     * oldest first. Each message is handed out once per cursor. Used by the sender thread only.
     */
    public final class Cursor {
        private long afterMemory;
        private long afterFile;
        private SqliteStore fileSeen;
        // the file's messages handed out and not yet under the delivered watermark, in id order
        private final ArrayDeque<StoredMessage> handedOut = new ArrayDeque<>();
        private final Set<Long> ackedOutOfOrder = new HashSet<>();

        private Cursor() {
        }

        public List<StoredMessage> next(int max) {
            List<StoredMessage> out = new ArrayList<>(memory.read(afterMemory, max));
            for (StoredMessage m : out) {
                inFlightMemory.add(m.id());
                afterMemory = m.id();
            }
            maybeRecover();
            SqliteStore f = file;
            if (out.size() < max && f != null) {
                if (f != fileSeen) {
                    fileSeen = f;
                    afterFile = 0;
                    handedOut.clear();
                    ackedOutOfOrder.clear();
                }
                try {
                    for (StoredMessage m : f.read(afterFile, max - out.size())) {
                        inFlightFile.add(m.id());
                        afterFile = m.id();
                        handedOut.add(m);
                        out.add(m);
                    }
                } catch (StoreFault fault) {
                    handleFault(fault, f);
                }
            }
            return out;
        }

        /**
         * The broker has the message: it no longer counts as waiting once everything handed out before it is
         * acknowledged too (the watermark), is saved with the next {@link #flushAcknowledged} and purged when
         * the sender is idle.
         */
        public void acknowledge(StoredMessage m) {
            if (!m.durable()) {
                memory.remove(m);
                inFlightMemory.remove(m.id());
                return;
            }
            SqliteStore f = file;
            // ids count per file: an acknowledgement of a file since replaced must not touch the new one
            if (f == null || f != fileSeen) {
                inFlightFile.remove(m.id());
                return;
            }
            ackedOutOfOrder.add(m.id());
            List<StoredMessage> contiguous = new ArrayList<>();
            while (!handedOut.isEmpty() && ackedOutOfOrder.remove(handedOut.peekFirst().id())) {
                StoredMessage d = handedOut.pollFirst();
                contiguous.add(d);
                inFlightFile.remove(d.id()); // until then the drop policy leaves it alone
            }
            if (!contiguous.isEmpty()) {
                f.delivered(contiguous);
            }
        }

        /** The broker refused the message for good (e.g. not authorized for its topic): dropped and counted. */
        public void refuse(StoredMessage m, String reason) {
            LOG.error("The broker refused message {} #{} ({}); it is dropped and counted", m.stream(), m.seq(), reason);
            dropCounted(m, "refused/");
        }

        /** The byte budget holds back the message's class: dropped and counted as {@code budget/<kind>}. */
        public void dropOverBudget(StoredMessage m) {
            dropCounted(m, "budget/");
        }

        private void dropCounted(StoredMessage m, String why) {
            acknowledge(m);
            SqliteStore f = file;
            if (f != null) {
                try {
                    f.countDropped(why + m.stream().kind(), 1);
                } catch (StoreFault fault) {
                    handleFault(fault, f);
                }
            }
        }
    }

    /**
     * Saves the delivered watermark (one small write in place, see {@link DeliveredMark}). The sender calls it
     * once per 32 acknowledgements (or per half window, if larger) and whenever it goes idle: a crash before the
     * save sends those messages again (duplicates with their sequence numbers, never losses).
     */
    public void flushAcknowledged() {
        SqliteStore f = file;
        if (f == null) {
            return; // they stay in the file and are sent again later: duplicates, never losses
        }
        try {
            f.saveDelivered();
        } catch (StoreFault fault) {
            handleFault(fault, f);
        }
    }

    /** Messages delivered since the watermark was last saved. */
    public long acknowledgedPending() {
        SqliteStore f = file;
        return f == null ? 0 : f.deliveredSinceSave();
    }

    /**
     * Removes up to {@code maxRows} rows of delivered messages from the file, and saves the watermark; true
     * when more are left. The sender calls it when idle, so that a drain is not slowed by deletes.
     */
    public boolean purgeDelivered(int maxRows) {
        SqliteStore f = file;
        if (f == null) {
            return false;
        }
        try {
            return f.purgeDelivered(maxRows);
        } catch (StoreFault fault) {
            handleFault(fault, f);
            return false;
        }
    }

    /** Rows of delivered messages still in the file (they are purged when the sender is idle). */
    public long deliveredNotPurged() {
        SqliteStore f = file;
        return f == null ? 0 : f.deliveredRows();
    }

    /** How many messages wait (file and memory), without reading them. */
    public long waiting() {
        SqliteStore f = file;
        return memory.size() + (f == null ? 0 : f.messages());
    }

    public StoreStatus status() {
        Instant now = time.now();
        SqliteStore f = file;
        long fileBytes = f == null ? 0 : f.usedBytes();
        long used = fileBytes + memory.usedBytes();
        double perHour = rate.bytesPerHour(now);
        Instant oldest = memory.oldest();
        Map<String, Long> dropped = new LinkedHashMap<>();
        if (f != null) {
            try {
                Instant o = f.oldest();
                if (o != null && (oldest == null || o.isBefore(oldest))) {
                    oldest = o;
                }
            } catch (StoreFault ignored) {
                // reported by the next write
            }
            dropped.putAll(f.droppedCounts());
        }
        memory.droppedCounts().forEach((k, n) -> dropped.merge(k, n, Long::sum));
        Health health;
        if (f == null) {
            health = Health.faulty(fileProblem == null ? "store file not open" : fileProblem, now);
        } else if (movedAside != null) {
            health = Health.degraded("the store file was damaged; it was moved to " + movedAside
                    + " and a new store was started", now);
        } else if (lastDrop != null && Duration.between(lastDrop, now).toHours() < 1) {
            health = Health.degraded("store full (" + settings.maxBytes() + " bytes): messages were dropped, least "
                    + "valuable and oldest first; see dropped. Raise uplink.store.max-size or fix the link", now);
        } else {
            health = Health.ok(now);
        }
        return new StoreStatus(f != null, settings.path(), used, settings.maxBytes(), waiting(), perHour,
                RateMeter.hours(settings.maxBytes(), perHour), RateMeter.hours(settings.maxBytes() - fileBytes, perHour),
                oldest, dropped, f == null ? memory.epoch() : f.epoch(), health);
    }

    /** The drops not yet reported upstream (running totals), if there are new ones. */
    public DropReport unreportedDrops() {
        StoreStatus s = status();
        long reported = Long.parseLong(get("dropped.reported", "0"));
        return s.droppedTotal() > reported ? new DropReport(s.droppedTotal(), s.dropped()) : null;
    }

    public void dropsReported(long total) {
        put("dropped.reported", Long.toString(total));
    }

    /** A small persisted value (what a format remembers, what was reported); memory while the file is unusable. */
    @Override
    public String get(String key, String fallback) {
        SqliteStore f = file;
        if (f != null) {
            try {
                String v = f.meta(key);
                return v == null ? memoryMeta.getOrDefault(key, fallback) : v;
            } catch (StoreFault fault) {
                handleFault(fault, f);
            }
        }
        return memoryMeta.getOrDefault(key, fallback);
    }

    @Override
    public void put(String key, String value) {
        memoryMeta.put(key, value);
        SqliteStore f = file;
        if (f != null) {
            try {
                f.putMeta(key, value);
            } catch (StoreFault fault) {
                handleFault(fault, f);
            }
        }
    }

    @Override
    public SortedMap<String, String> startingWith(String prefix) {
        SortedMap<String, String> out = new TreeMap<>();
        SqliteStore f = file;
        if (f != null) {
            try {
                out.putAll(f.metaStartingWith(prefix));
            } catch (StoreFault fault) {
                handleFault(fault, f);
            }
        }
        memoryMeta.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.putIfAbsent(k, v);
            }
        });
        return out;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        closed = true;
        flushAcknowledged();
        SqliteStore f = file;
        file = null;
        if (f != null) {
            f.close();
        }
        if (!memory.isEmpty()) {
            LOG.error("Uplink store closed with {} message(s) held in memory only: they are lost", memory.size());
        }
    }
}
