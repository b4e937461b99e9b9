package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The durable part of the store: one SQLite file in WAL mode, held exclusively by this process.
 * <p>
 * Durability: appends commit with {@code synchronous=FULL} (SQLite syncs the write-ahead log before the
 * commit returns, so an appended message survives a crash of the process and a power loss); what was
 * delivered (the watermark below, and the purge of delivered rows) is not synced as it is written, and is
 * synced at least every {@link #SYNC_DELIVERIES_EVERY} deliveries, because a lost update only re-sends messages
 * the broker already has, with their sequence numbers. The purge commits with {@code synchronous=NORMAL}
 * (sqlite.org/pragma.html#pragma_synchronous: "in WAL mode when synchronous is NORMAL ... transactions committed
 * in WAL mode with synchronous=NORMAL might roll back following a power loss or system crash").
 * <p>
 * Delivery is a watermark: {@link #delivered} moves it to the highest id up to which every message has been
 * acknowledged by the broker (PUBACKs come in the order of sending, MQTT 5.0 section 4.6). Messages at or below
 * it no longer count as waiting and are never read again; {@link #saveDelivered} persists it in its own small
 * file ({@link DeliveredMark}: one write in place per window's worth of acknowledgements, not one per message,
 * and not an SQLite commit), the purge also in the meta table as {@code delivered.upto}; on opening, the higher
 * of the two counts. Delivered rows are {@link #purgeDelivered purged} when the sender is idle, or at once when
 * an append needs the space, before anything is dropped. A crash before a save sends the messages since the
 * last save again: duplicates with their sequence numbers, never losses.
 * <p>
 * It stays one class because the appends, the watermark, the purge and the drops share one connection and
 * the order of their commits and syncs is what the durability above rests on; that order is easiest to check
 * in one place.
 */
final class SqliteStore implements AutoCloseable {

    /** Opens a connection to the file; tests hand in connections that fail like a full disk does. */
    @FunctionalInterface
    interface Opener {
        Connection open(Path file) throws SQLException;
    }

    /** "SGUF" - marks the file as a streetgate uplink store (sqlite.org/fileformat.html, offset 68). */
    static final int APPLICATION_ID = 0x53475546;
    static final int SCHEMA_VERSION = 1;
    /** What a row costs beyond its body: the other columns, the record header, the cell and index entries. */
    static final int ROW_OVERHEAD = 48;
    static final int SYNC_DELIVERIES_EVERY = 1000;
    static final String DELIVERED_KEY = "delivered.upto";
    private static final String PUT_META = "INSERT INTO meta (key, value) VALUES (?, ?) "
            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    static final Opener DEFAULT_OPENER = file -> {
        SQLiteConfig config = new SQLiteConfig();
        // the driver's generated keys cost a second query after every update (inserts here use RETURNING id)
        config.setGetGeneratedKeys(false);
        return config.createConnection("jdbc:sqlite:" + file);
    };

    private final Path file;
    private final Connection db;
    private final String epoch;
    private final DeliveredMark mark;
    private final Map<String, Stream> streamsByKey = new HashMap<>();
    private final Map<Long, Stream> streamsById = new HashMap<>();
    private final Map<String, Long> dropped = new LinkedHashMap<>();
    private long usedBytes;
    private long messages;
    // what status readers see, set after every change of the counters: read without the lock, so that a status
    // query from another thread never waits for the sender's query or commit (nor makes the sender wake it)
    private volatile long waitingMessages;
    private volatile long waitingBytes;
    private long deliveredSinceSync;
    private boolean syncFull = true;
    private long deliveredUpTo;      // every message with an id up to this one was delivered
    private long savedUpTo;          // ... and this much of it is persisted
    private long deliveredSinceSave; // messages delivered since the last save
    private long deliveredRows;      // delivered rows still in the file (purged when idle)
    private long deliveredBytes;
    private long purges;
    // the statements the sender runs for every batch, prepared once (prepare is a third of a small read's cost)
    private PreparedStatement readStatement;
    private PreparedStatement purgeStatement;
    private PreparedStatement saveStatement;

    /** A stream's row, and the next sequence number it hands out. */
    private static final class Stream {
        final long id;
        final StreamKey key;
        long nextSeq;

        Stream(long id, StreamKey key, long nextSeq) {
            this.id = id;
            this.key = key;
            this.nextSeq = nextSeq;
        }
    }

    /** One message written by {@link #append}. */
    record Appended(long id, StreamKey stream, long seq, int size, int priority) {
    }

    /** What one append did: the messages written, and what the bound made it drop (count per kind). */
    record AppendResult(List<Appended> appended, Map<String, Long> dropped, long droppedBytes) {
    }

    private SqliteStore(Path file, Connection db, String epoch, DeliveredMark mark) {
        this.file = file;
        this.db = db;
        this.epoch = epoch;
        this.mark = mark;
    }

    /**
     * Opens the store file, creating it when it does not exist. An existing file is never emptied or
     * replaced here: a damaged one is reported as {@link StoreFault.Kind#CORRUPT} and left as it is.
     */
    static SqliteStore open(Path file, Opener opener) throws StoreFault {
        Connection db = null;
        DeliveredMark mark = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
        } catch (java.io.IOException e) {
            throw new StoreFault(StoreFault.Kind.READ_ONLY, "cannot create the directory of " + file + ": " + e, e);
        }
        try {
            db = opener.open(file);
            try (Statement s = db.createStatement()) {
                int appId = intPragma(s, "application_id");
                boolean fresh = !hasTable(s, "message");
                if (appId != APPLICATION_ID && !(appId == 0 && fresh && !hasAnyTable(s))) {
                    throw new StoreFault(StoreFault.Kind.CORRUPT, file + " is an SQLite database but not a "
                            + "streetgate uplink store (application_id " + Integer.toHexString(appId) + ")", null);
                }
                // one process at a time: a second gateway on the same file fails at the write probe below
                s.execute("PRAGMA locking_mode=EXCLUSIVE");
                if (fresh) {
                    // must precede the first table (sqlite.org/pragma.html#pragma_auto_vacuum)
                    s.execute("PRAGMA auto_vacuum=INCREMENTAL");
                }
                String mode = stringPragma(s, "journal_mode=WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreFault(StoreFault.Kind.IO, file + " cannot use write-ahead logging (journal_mode "
                            + mode + ")", null);
                }
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA journal_size_limit=4194304");
                s.execute("PRAGMA wal_autocheckpoint=1000");
                if (!fresh) {
                    String check = stringPragma(s, "quick_check(1)");
                    if (!"ok".equalsIgnoreCase(check)) {
                        throw new StoreFault(StoreFault.Kind.CORRUPT, file + " fails SQLite's quick_check: " + check,
                                null);
                    }
                }
                db.setAutoCommit(false);
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS stream (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
                        + "kind TEXT NOT NULL, source TEXT NOT NULL, quantity TEXT, next_seq INTEGER NOT NULL)");
                // AUTOINCREMENT: ids never go back, even when every row has been deleted (a sender's cursor
                // relies on new messages getting higher ids than anything it has seen)
                s.execute("CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "stream INTEGER NOT NULL, seq INTEGER NOT NULL, priority INTEGER NOT NULL, "
                        + "created INTEGER NOT NULL, size INTEGER NOT NULL, body BLOB NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS message_drop_order ON message (priority, id)");
                s.execute("CREATE TABLE IF NOT EXISTS dropped (kind TEXT PRIMARY KEY, count INTEGER NOT NULL) "
                        + "WITHOUT ROWID");
                // a store of an older version kept Sparkplug's aliases in a table of their own: the format now
                // keeps them as values, and declares them afresh in its births (hosts take the latest DBIRTH's)
                s.execute("DROP TABLE IF EXISTS sparkplug_metric");
                s.execute("PRAGMA application_id=" + APPLICATION_ID);
                s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
                String epoch = meta(db, "epoch");
                if (epoch == null) {
                    byte[] random = new byte[4];
                    new SecureRandom().nextBytes(random);
                    epoch = HexFormat.of().formatHex(random);
                    putMeta(db, "epoch", epoch);
                }
                db.commit(); // the write probe: takes the exclusive lock, proves the file can be written
                mark = DeliveredMark.open(file, epoch);
                SqliteStore store = new SqliteStore(file, db, epoch, mark);
                store.load();
                return store;
            }
        } catch (SQLException e) {
            closeQuietly(mark);
            closeQuietly(db);
            throw StoreFault.of(e, "opening " + file);
        } catch (java.io.IOException e) {
            closeQuietly(mark);
            closeQuietly(db);
            throw new StoreFault(StoreFault.Kind.READ_ONLY, "cannot open the delivered mark beside " + file + ": " + e,
                    e);
        } catch (StoreFault | RuntimeException e) {
            closeQuietly(mark);
            closeQuietly(db);
            throw e;
        }
    }

    private void load() throws SQLException {
        try (Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT id, kind, source, quantity, next_seq FROM stream")) {
                while (r.next()) {
                    Stream st = new Stream(r.getLong(1), new StreamKey(r.getString(2), r.getString(3), r.getString(4)),
                            r.getLong(5));
                    streamsByKey.put(st.key.key(), st);
                    streamsById.put(st.id, st);
                }
            }
            try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(size), 0) FROM message")) {
                r.next();
                messages = r.getLong(1);
                usedBytes = r.getLong(2);
            }
            String upTo = meta(db, DELIVERED_KEY);
            deliveredUpTo = Math.max(upTo == null ? 0 : Long.parseLong(upTo), markOfThisFile(s));
            savedUpTo = deliveredUpTo;
            try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(size), 0) FROM message WHERE id <= "
                    + deliveredUpTo)) {
                r.next();
                deliveredRows = r.getLong(1);
                deliveredBytes = r.getLong(2);
            }
            try (ResultSet r = s.executeQuery("SELECT kind, count FROM dropped ORDER BY kind")) {
                while (r.next()) {
                    dropped.put(r.getString(1), r.getLong(2));
                }
            }
        }
        countsChanged();
        db.commit();
    }

    Path file() {
        return file;
    }

    String epoch() {
        return epoch;
    }

    /** The bytes of the messages waiting (delivered rows are as good as free: they go before anything is dropped). */
    long usedBytes() {
        return waitingBytes;
    }

    /** Messages waiting: in the file and not delivered. */
    long messages() {
        return waitingMessages;
    }

    private void countsChanged() {
        waitingMessages = messages - deliveredRows;
        waitingBytes = usedBytes - deliveredBytes;
    }

    /** Messages delivered since the watermark was last saved. */
    synchronized long deliveredSinceSave() {
        return deliveredSinceSave;
    }

    /** Delivered messages whose rows are still in the file. */
    synchronized long deliveredRows() {
        return deliveredRows;
    }

    synchronized Map<String, Long> droppedCounts() {
        return new LinkedHashMap<>(dropped);
    }

    /**
     * Writes messages in one transaction that is on disk when this returns, each with the next sequence
     * number of its stream; then, if the store is over its bound, drops by the policy (never a message the
     * sender has in flight) down to 95 % of the bound, and counts the drops in the same transaction.
     */
    synchronized AppendResult append(List<UplinkMessage> batch, long createdMillis, DropPolicy policy, long maxBytes,
                                     LongPredicate inFlight) throws StoreFault {
        Map<String, Stream> newStreams = new HashMap<>();
        Map<Stream, Long> nextSeqs = new HashMap<>();
        List<Appended> written = new ArrayList<>(batch.size());
        try {
            sync(true);
            long added = 0;
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO message (stream, seq, priority, created, "
                    + "size, body) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                for (UplinkMessage m : batch) {
                    StreamKey key = StreamKey.of(m);
                    Stream st = streamsByKey.get(key.key());
                    if (st == null) {
                        st = newStreams.get(key.key());
                    }
                    if (st == null) {
                        st = insertStream(key);
                        newStreams.put(key.key(), st);
                    }
                    long seq = nextSeqs.getOrDefault(st, st.nextSeq);
                    nextSeqs.put(st, seq + 1);
                    byte[] body = FieldCodec.encode(m.fields());
                    int size = body.length + ROW_OVERHEAD;
                    int priority = policy.priority(m);
                    insert.setLong(1, st.id);
                    insert.setLong(2, seq);
                    insert.setInt(3, priority);
                    insert.setLong(4, createdMillis);
                    insert.setInt(5, size);
                    insert.setBytes(6, body);
                    try (ResultSet r = insert.executeQuery()) {
                        r.next();
                        written.add(new Appended(r.getLong(1), key, seq, size, priority));
                    }
                    added += size;
                }
            }
            try (PreparedStatement update = db.prepareStatement("UPDATE stream SET next_seq = ? WHERE id = ?")) {
                for (Map.Entry<Stream, Long> e : nextSeqs.entrySet()) {
                    update.setLong(1, e.getValue());
                    update.setLong(2, e.getKey().id);
                    update.addBatch();
                }
                update.executeBatch();
            }
            Map<String, Long> drops = new LinkedHashMap<>();
            long droppedBytes = 0;
            long droppedRows = 0;
            long[] purged = null;
            if (usedBytes + added > maxBytes && deliveredRows > 0) {
                purged = purge(Long.MAX_VALUE); // delivered rows go first: freeing them drops nothing
            }
            long used = usedBytes - (purged == null ? 0 : purged[1]) + added;
            if (used > maxBytes) {
                long[] freed = dropDownTo(maxBytes - maxBytes / 20, used, inFlight, drops, newStreams);
                droppedBytes = freed[0];
                droppedRows = freed[1];
                recordDrops(drops);
            }
            db.commit();
            if (purged != null) {
                purged(purged);
            }
            streamsByKey.putAll(newStreams);
            newStreams.values().forEach(st -> streamsById.put(st.id, st));
            nextSeqs.forEach((st, next) -> st.nextSeq = next);
            usedBytes += added - droppedBytes;
            messages += written.size() - droppedRows;
            countsChanged();
            drops.forEach((k, n) -> dropped.merge(k, n, Long::sum));
            return new AppendResult(written, drops, droppedBytes);
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "appending to " + file);
        }
    }

    private Stream insertStream(StreamKey key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO stream (key, kind, source, quantity, next_seq) "
                + "VALUES (?, ?, ?, ?, 1) RETURNING id")) {
            p.setString(1, key.key());
            p.setString(2, key.kind());
            p.setString(3, key.source());
            p.setString(4, key.quantity());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return new Stream(r.getLong(1), key, 1);
            }
        }
    }

    /** Deletes the least valuable, oldest messages until {@code used} is at most {@code target}. */
    private long[] dropDownTo(long target, long used, LongPredicate inFlight, Map<String, Long> drops,
                              Map<String, Stream> newStreams) throws SQLException {
        long freed = 0;
        long rows = 0;
        int lastPriority = -1;
        long lastId = -1;
        try (PreparedStatement select = db.prepareStatement("SELECT id, stream, size, priority FROM message "
                + "WHERE (priority, id) > (?, ?) ORDER BY priority, id LIMIT 256");
             PreparedStatement delete = db.prepareStatement("DELETE FROM message WHERE id = ?")) {
            while (used - freed > target) {
                select.setInt(1, lastPriority);
                select.setLong(2, lastId);
                boolean any = false;
                try (ResultSet r = select.executeQuery()) {
                    while (r.next() && used - freed > target) {
                        any = true;
                        long id = r.getLong(1);
                        lastId = id;
                        lastPriority = r.getInt(4);
                        if (inFlight.test(id)) {
                            continue; // being sent or acknowledged out of order: not to be dropped
                        }
                        delete.setLong(1, id);
                        delete.addBatch();
                        freed += r.getLong(3);
                        rows++;
                        drops.merge(kindOf(r.getLong(2), newStreams), 1L, Long::sum);
                    }
                }
                delete.executeBatch();
                if (!any) {
                    break; // everything left is in flight
                }
            }
        }
        return new long[] {freed, rows};
    }

    private String kindOf(long streamId, Map<String, Stream> newStreams) {
        Stream st = streamsById.get(streamId);
        if (st == null) {
            st = newStreams.values().stream().filter(s -> s.id == streamId).findFirst().orElse(null);
        }
        return st == null ? "unknown" : st.key.kind();
    }

    private void recordDrops(Map<String, Long> drops) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO dropped (kind, count) VALUES (?, ?) "
                + "ON CONFLICT (kind) DO UPDATE SET count = count + excluded.count")) {
            for (Map.Entry<String, Long> e : drops.entrySet()) {
                p.setString(1, e.getKey());
                p.setLong(2, e.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Counts messages removed for another reason than the bound (e.g. a broker refusing them) as dropped. */
    synchronized void countDropped(String kind, long n) throws StoreFault {
        try {
            sync(true);
            recordDrops(Map.of(kind, n));
            db.commit();
            dropped.merge(kind, n, Long::sum);
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "counting drops in " + file);
        }
    }

    /**
     * Moves the watermark over messages the broker acknowledged, given in id order with nothing unacknowledged
     * between them and the watermark; those at or below it already are not counted twice.
     */
    synchronized void delivered(List<StoredMessage> contiguous) {
        for (StoredMessage m : contiguous) {
            if (m.id() > deliveredUpTo) {
                deliveredUpTo = m.id();
                deliveredRows++;
                deliveredBytes += m.size();
                deliveredSinceSave++;
            }
        }
        countsChanged();
    }

    /**
     * The watermark in the {@link DeliveredMark} file, or 0 when it has none for this file. A mark beyond the
     * highest id this file ever handed out (an older copy of the file put back) is not this file's history.
     */
    private long markOfThisFile(Statement s) throws SQLException {
        long marked;
        try {
            marked = mark.read();
        } catch (java.io.IOException e) {
            return 0; // the meta table's older watermark: duplicates at worst
        }
        try (ResultSet r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'message'")) {
            return r.next() && marked <= r.getLong(1) ? marked : 0;
        }
    }

    /**
     * Persists the watermark in its mark file, synced every {@link #SYNC_DELIVERIES_EVERY} deliveries (see the
     * class comment).
     */
    synchronized void saveDelivered() throws StoreFault {
        if (savedUpTo == deliveredUpTo) {
            return;
        }
        try {
            mark.write(deliveredUpTo);
            deliveredSinceSync += deliveredSinceSave;
            if (deliveredSinceSync >= SYNC_DELIVERIES_EVERY) {
                mark.sync();
                deliveredSinceSync = 0;
            }
            savedUpTo = deliveredUpTo;
            deliveredSinceSave = 0;
        } catch (java.io.IOException e) {
            throw new StoreFault(StoreFault.Kind.IO, "saving what was delivered in " + mark.path() + ": " + e, e);
        }
    }

    /**
     * Removes up to {@code maxRows} delivered rows, oldest first, and saves the watermark, in one transaction;
     * true when more are left.
     */
    synchronized boolean purgeDelivered(int maxRows) throws StoreFault {
        saveDelivered(); // the mark first: a purge that rolls back after a power loss leaves the watermark saved
        if (deliveredRows == 0) {
            return false;
        }
        try {
            sync(false);
            long[] purged = purge(maxRows);
            db.commit();
            purged(purged);
            if (++purges % 64 == 0 || deliveredRows == 0) {
                shrinkIfMostlyFree();
            }
            return deliveredRows > 0;
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "removing delivered messages from " + file);
        }
    }

    /** Deletes delivered rows and writes the watermark; the caller commits, then calls {@link #purged}. */
    private long[] purge(long maxRows) throws SQLException {
        if (purgeStatement == null) {
            purgeStatement = db.prepareStatement("DELETE FROM message WHERE id IN (SELECT id FROM message "
                    + "WHERE id <= ? ORDER BY id LIMIT ?) RETURNING size");
        }
        purgeStatement.setLong(1, deliveredUpTo);
        purgeStatement.setLong(2, maxRows);
        long rows = 0;
        long bytes = 0;
        try (ResultSet r = purgeStatement.executeQuery()) {
            while (r.next()) {
                rows++;
                bytes += r.getLong(1);
            }
        }
        writeDelivered();
        return new long[] {rows, bytes};
    }

    private void writeDelivered() throws SQLException {
        if (saveStatement == null) {
            saveStatement = db.prepareStatement(PUT_META); // once per batch of deliveries: prepared once
        }
        saveStatement.setString(1, DELIVERED_KEY);
        saveStatement.setString(2, Long.toString(deliveredUpTo));
        saveStatement.executeUpdate();
    }

    /** After the commit of a {@link #purge}: the counters follow the file. */
    private void purged(long[] rowsAndBytes) {
        messages -= rowsAndBytes[0];
        usedBytes -= rowsAndBytes[1];
        deliveredRows = Math.max(0, deliveredRows - rowsAndBytes[0]);
        deliveredBytes = Math.max(0, deliveredBytes - rowsAndBytes[1]);
        countsChanged();
        savedUpTo = deliveredUpTo; // purge wrote it
        deliveredSinceSave = 0;
    }

    /** Messages after {@code afterId} in append order, at most {@code limit}. */
    synchronized List<StoredMessage> read(long afterId, int limit) throws StoreFault {
        List<StoredMessage> out = new ArrayList<>(Math.min(limit, 256));
        try {
            if (readStatement == null) {
                // not the size column: it is the body's length plus ROW_OVERHEAD (see append), and every column
                // is a native call per row on the sender's path
                readStatement = db.prepareStatement("SELECT id, stream, seq, priority, created, body "
                        + "FROM message WHERE id > ? ORDER BY id LIMIT ?");
            }
            PreparedStatement p = readStatement;
            p.setLong(1, Math.max(afterId, deliveredUpTo));
            p.setInt(2, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Stream st = streamsById.get(r.getLong(2));
                    StreamKey key = st == null ? new StreamKey("unknown", "unknown", null) : st.key;
                    byte[] body = r.getBytes(6);
                    out.add(StoredMessage.durable(r.getLong(1), key, r.getLong(3), epoch, r.getInt(4),
                            Instant.ofEpochMilli(r.getLong(5)), body.length + ROW_OVERHEAD, body));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "reading " + file);
        }
    }

    /** When the oldest message was stored, or null when the store is empty. */
    synchronized Instant oldest() throws StoreFault {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT created FROM message WHERE id > " + deliveredUpTo + " ORDER BY id LIMIT 1")) {
            Instant t = r.next() ? Instant.ofEpochMilli(r.getLong(1)) : null;
            db.commit();
            return t;
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "reading " + file);
        }
    }

    synchronized String meta(String key) throws StoreFault {
        try {
            String v = meta(db, key);
            db.commit();
            return v;
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "reading " + file);
        }
    }

    /** Writes a value that must survive a power loss (the Sparkplug bdSeq, what was reported). */
    synchronized void putMeta(String key, String value) throws StoreFault {
        try {
            sync(true);
            putMeta(db, key, value);
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "writing " + file);
        }
    }

    /** The values whose keys start with {@code prefix}. */
    synchronized SortedMap<String, String> metaStartingWith(String prefix) throws StoreFault {
        SortedMap<String, String> out = new TreeMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?")) {
            p.setInt(1, prefix.length());
            p.setString(2, prefix);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e, "reading " + file);
        }
    }

    /** Gives freed pages back to the file system once a drain has freed many. */
    synchronized void shrinkIfMostlyFree() {
        try (Statement s = db.createStatement()) {
            int free = intPragma(s, "freelist_count");
            if (free > 2048) {
                s.execute("PRAGMA incremental_vacuum(" + free / 2 + ")");
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly(); // only housekeeping; the next write reports a real problem
        }
    }

    private void sync(boolean full) throws SQLException {
        if (full != syncFull) {
            db.setAutoCommit(true);
            try (Statement s = db.createStatement()) {
                s.execute(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            }
            db.setAutoCommit(false);
            syncFull = full;
        }
    }

    private static String meta(Connection db, String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static void putMeta(Connection db, String key, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(PUT_META)) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    private static int intPragma(Statement s, String pragma) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + pragma)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static String stringPragma(Statement s, String pragma) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + pragma)) {
            return r.next() ? r.getString(1) : "";
        }
    }

    private static boolean hasTable(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
            return r.next();
        }
    }

    private static boolean hasAnyTable(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT 1 FROM sqlite_master LIMIT 1")) {
            return r.next();
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the caller reports the original error
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(readStatement);
        closeQuietly(purgeStatement);
        closeQuietly(saveStatement);
        closeQuietly(db);
        closeQuietly(mark);
    }
}
