package io.streetgate.uplink.forward;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.time.TimeBase;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.link.Backoff;
import io.streetgate.uplink.link.Connector;
import io.streetgate.uplink.link.InflightWindow;
import io.streetgate.uplink.link.LinkException;
import io.streetgate.uplink.link.MqttTransport;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.payload.CommandRequest;
import io.streetgate.uplink.payload.NodeState;
import io.streetgate.uplink.payload.Outgoing;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoreStatus;
import io.streetgate.uplink.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The uplink's sender thread: connects (with jittered back-off), starts each connection with the format's
 * births or state, then sends the store's messages oldest first within the in-flight window and deletes each
 * one when its PUBACK arrives; routes commands to their owners and answers them; sends the node's state when
 * it changes and drop reports when messages were dropped.
 * <p>
 * The sender reads the store ({@link #READ_AHEAD} at a time) and encodes up to two windows ahead into the
 * outbox. Each PUBACK is answered on Paho's callback thread, which takes the next message from the outbox and
 * publishes it at once. The sender is woken only when the outbox runs down to a window's worth, when
 * {@code ackBatch} acknowledgements wait for it, or on a failure, not once per PUBACK: handing every PUBACK
 * over to it cost the sender thread about 6 µs of CPU a message in a drain, more than its own work. Publishing,
 * from either thread, happens under {@code sendLock}, so messages go out in the outbox's order; Paho's thread
 * only tries that lock, and leaves the publish to the sender when it is taken.
 * <p>
 * What the broker acknowledged is recorded as the store's delivered watermark, saved once per
 * {@link #SAVE_EVERY} acknowledgements or per half window, whichever is larger; the rows themselves are purged
 * when nothing is in flight, so a backlog drains without deleting as it goes.
 * <p>
 * A lost connection ends the session: whatever was in flight stays in the store and is sent again on the
 * next connection (a duplicate with the same sequence number if the broker had it already). A crash is the
 * same case, so duplicates are bounded by the in-flight window plus the acknowledgements not yet saved.
 * Publishing, from either thread, stops while {@code 2 * ackBatch} acknowledgements wait to be saved, so
 * there are fewer than the window plus twice the larger of {@link #SAVE_EVERY} and half the window (128 with
 * the default window of 64), however long the sender is busy.
 */
public final class Forwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    public static final String LINK_HEALTH = "uplink/mqtt";
    public static final String STORE_HEALTH = "uplink/store";
    /** Messages read from the store in one query (at least a window's worth). */
    public static final int READ_AHEAD = 128;
    /**
     * The delivered watermark is saved at least once per this many acknowledgements (or per half window, if
     * larger), and the sender is woken at least as often to take them.
     */
    public static final int SAVE_EVERY = 32;
    /** Delivered rows purged from the store in one transaction while idle (a few milliseconds' work). */
    static final int PURGE_ROWS = 2048;

    /**
     * @param maxInflight  the largest in-flight window (the broker's Receive Maximum may lower it)
     * @param reconnectMin first back-off interval
     * @param reconnectMax back-off cap
     * @param stateEvery   at most one state message per this much time
     * @param slowAck      a PUBACK slower than this halves the window
     */
    public record Settings(int maxInflight, Duration reconnectMin, Duration reconnectMax, Duration stateEvery,
                           Duration slowAck) {
        /** At most one state message per 5 s; a PUBACK slower than 10 s halves the window. */
        public static Settings of(int maxInflight, Duration reconnectMin, Duration reconnectMax) {
            return new Settings(maxInflight, reconnectMin, reconnectMax, Duration.ofSeconds(5), Duration.ofSeconds(10));
        }
    }

    /** Counters for status and tests. */
    public record Stats(boolean connected, long connections, long published, long acknowledged, long refused,
                        String lastError, int window, int inFlight, long waiting) {
    }

    /** A publish's outcome; one without an error is counted in its session's {@link Live#unsaved}. */
    private record Ack(Outgoing out, Live live, long sentNanos, boolean windowFull, Integer code, Throwable error) {
    }

    private record Arrived(String topic, byte[] payload) {
    }

    /**
     * What a publish needs to know of its session, whichever thread sends it, and the session's own counts (an
     * old session's late acknowledgement can then never change a new session's):
     *
     * @param inflight published and not yet acknowledged
     * @param unsaved  acknowledged and not yet under a saved watermark; publishing stops at {@code 2 * ackBatch}
     *                 of them, which bounds the duplicates a crash can cause
     */
    private record Live(MqttTransport transport, long session, ForwardStore.Cursor cursor, AtomicInteger inflight,
                        AtomicInteger unsaved) {
        Live(MqttTransport transport, long session, ForwardStore.Cursor cursor) {
            this(transport, session, cursor, new AtomicInteger(), new AtomicInteger());
        }
    }

    private final ForwardStore store;
    private final PayloadFormat format;
    private final Connector connector;
    private final CommandDispatcher router;
    private final HealthRegistry health;
    private final TimeBase time;
    private final Settings settings;
    private final String describeLink;
    private final Backoff backoff;
    private final InflightWindow window;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    /** Acknowledgements queued since the sender last took them. */
    private final AtomicInteger unprocessedAcks = new AtomicInteger();
    private final ConcurrentLinkedQueue<Arrived> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> lost = new AtomicReference<>();
    private volatile boolean running;
    private Thread thread;

    // what publishing touches, from the sender thread and from Paho's callback thread: guarded by sendLock,
    // which Paho's thread only ever tries (it must not wait for the sender while inside Paho)
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private int windowLimit;
    // set under sendLock, read without it by the callback
    private volatile Live live;

    // the session: touched by the sender thread only
    private MqttTransport transport;
    private ForwardStore.Cursor cursor;
    private final ArrayDeque<StoredMessage> readAhead = new ArrayDeque<>();
    private long session;
    private int acksTakenUnsaved; // counted acknowledgements the sender took since the watermark was last saved
    private Instant sessionStart;
    private Will will;
    private long nextAttemptNanos;
    private String lastFingerprint;
    private long lastStateNanos;
    private long lastHealthNanos;
    private long lastDropCheckNanos;
    private boolean dropReportPending;
    private LinkException.Kind lastFailureKind;

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean connected;

    public Forwarder(ForwardStore store, PayloadFormat format, Connector connector, CommandDispatcher router,
                     HealthRegistry health, TimeBase time, Settings settings, RandomGenerator random,
                     String describeLink) {
        this.store = Objects.requireNonNull(store, "store");
        this.format = Objects.requireNonNull(format, "format");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.router = Objects.requireNonNull(router, "router");
        this.health = Objects.requireNonNull(health, "health");
        this.time = Objects.requireNonNull(time, "time");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.describeLink = describeLink;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), Duration.ofSeconds(30), random);
        this.window = new InflightWindow(8, settings.maxInflight(), settings.slowAck().toNanos());
        store.onAppend(this::signal);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "streetgate-uplink");
        thread.setDaemon(true);
        thread.start();
    }

    public Stats stats() {
        return new Stats(connected, connections.get(), published.get(), acknowledged.get(), refused.get(), lastError,
                window.size(), inFlight(), store.waiting());
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void await(long nanos) {
        lock.lock();
        try {
            if (!signalled && nanos > 0) {
                wake.awaitNanos(nanos);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        report(Health.degraded("connecting to " + describeLink, time.now()));
        while (running) {
            try {
                if (transport == null) {
                    connectOrWait();
                    continue;
                }
                Throwable gone = lost.getAndSet(null);
                if (gone != null || !transport.isConnected()) {
                    endSession(gone == null ? "the connection closed" : describe(gone));
                    continue;
                }
                processAcks();
                if (acksTakenUnsaved >= ackBatch() || store.acknowledgedPending() >= ackBatch()) {
                    store.flushAcknowledged();
                    saved();
                }
                processCommands();
                housekeeping();
                fill();
                // the window is full or nothing is left: until the next PUBACK the time is free for the store
                if (inFlight() == 0) {
                    boolean more = store.purgeDelivered(PURGE_ROWS); // saves the watermark first
                    saved();
                    if (more) {
                        signal(); // idle, and more delivered rows to purge: come back at once
                    }
                }
                if (inFlight() >= windowLimit()) {
                    prepare(); // fill stopped at the window, not for want of messages: read and encode ahead
                }
                await(TimeUnit.MILLISECONDS.toNanos(250));
            } catch (RuntimeException e) {
                LOG.error("Uplink sender: unexpected failure; the connection is restarted", e);
                lastError = e.toString();
                if (transport != null) {
                    endSession("internal error: " + e);
                } else {
                    await(TimeUnit.SECONDS.toNanos(1));
                }
            }
        }
        shutdown();
    }

    private void connectOrWait() {
        long now = System.nanoTime();
        if (now < nextAttemptNanos) {
            reportStoreHealth(false);
            boolean more = store.purgeDelivered(PURGE_ROWS);
            await(more ? 0 : Math.min(nextAttemptNanos - now, TimeUnit.SECONDS.toNanos(1)));
            return;
        }
        will = format.will(time.now());
        try {
            MqttTransport t = connector.connect(will, (topic, payload) -> {
                arrived.add(new Arrived(topic, payload));
                signal();
            }, e -> {
                lost.compareAndSet(null, e);
                signal();
            });
            transport = t;
            session++;
            connections.incrementAndGet();
            backoff.connected(System.nanoTime());
            window.connected(t.receiveMaximum());
            lost.set(null);
            cursor = store.cursor();
            readAhead.clear();
            acksTakenUnsaved = 0;
            sessionStart = time.now();
            for (String topic : format.commandTopics()) {
                t.subscribe(topic, 1);
            }
            connected = true;
            lastFailureKind = null;
            report(Health.ok(time.now())); // before the births: they carry the node's health
            NodeState state = nodeState();
            lastFingerprint = state.fingerprint();
            lastStateNanos = System.nanoTime();
            List<Outgoing> births = format.sessionStarted(time.now(), state);
            sendLock.lock();
            try {
                live = new Live(t, session, cursor);
                outbox.clear();
                outbox.addAll(births);
                windowLimit = window.size();
            } finally {
                sendLock.unlock();
            }
            dropReportPending = false;
            lastDropCheckNanos = 0;
            LOG.info("Uplink connected: {} (receive maximum {}, session present {}); {} message(s) waiting",
                    describeLink, t.receiveMaximum(), t.sessionPresent(), store.waiting());
        } catch (LinkException e) {
            if (transport != null) {
                endSession(e.getMessage());
                return;
            }
            failedAttempt(e);
        }
    }

    private void failedAttempt(LinkException e) {
        backoff.lost(System.nanoTime());
        Duration delay = backoff.next();
        nextAttemptNanos = System.nanoTime() + delay.toNanos();
        lastError = e.getMessage();
        if (e.kind() != lastFailureKind) {
            if (e.needsOperator()) {
                LOG.error("Uplink: {}", e.getMessage());
            } else {
                LOG.warn("Uplink: {}; retrying with back-off (next in {} ms)", e.getMessage(), delay.toMillis());
            }
            lastFailureKind = e.kind();
        }
        String next = "; next attempt in " + Math.max(1, delay.toSeconds()) + " s (attempt " + backoff.attempts() + ")";
        report(e.needsOperator() ? Health.faulty(e.getMessage() + next, time.now())
                : Health.degraded(e.getMessage() + next, time.now()));
    }

    private void endSession(String reason) {
        MqttTransport t = transport;
        transport = null;
        connected = false;
        stopSending();
        if (t != null) {
            t.abort();
        }
        cursor = null;
        readAhead.clear();
        window.lost();
        backoff.lost(System.nanoTime());
        Duration delay = backoff.next();
        nextAttemptNanos = System.nanoTime() + delay.toNanos();
        lastError = reason;
        LOG.warn("Uplink connection lost: {}; {} message(s) wait in the store; reconnecting in {} ms", reason,
                store.waiting(), delay.toMillis());
        report(Health.degraded("connection lost: " + reason + "; reconnecting", time.now()));
    }

    private void processAcks() {
        unprocessedAcks.set(0);
        Ack a;
        int windowBefore = window.size();
        while ((a = acks.poll()) != null) {
            boolean current = a.live().session() == session;
            if (a.error() != null) {
                if (current) {
                    lost.compareAndSet(null, a.error());
                }
                continue;
            }
            if (current) {
                acksTakenUnsaved++;
            }
            Outgoing o = a.out();
            if (a.code() != null && a.code() >= 0x80) {
                // MQTT 5.0 section 3.4.2.1: 0x80 and above, the broker did not accept it
                refused.incrementAndGet();
                if (o.origin() != null) {
                    a.live().cursor().refuse(o.origin(), "PUBACK reason " + a.code() + " on " + o.topic());
                }
                continue;
            }
            if (o.origin() != null) {
                a.live().cursor().acknowledge(o.origin());
            }
            if (o.onAck() != null) {
                o.onAck().run();
            }
            acknowledged.incrementAndGet();
            if (current) {
                window.acknowledged(System.nanoTime() - a.sentNanos(), a.windowFull());
            }
        }
        if (window.size() != windowBefore) {
            sendLock.lock();
            try {
                windowLimit = window.size();
            } finally {
                sendLock.unlock();
            }
        }
    }

    private void processCommands() {
        Arrived in;
        while ((in = arrived.poll()) != null) {
            Instant now = time.now();
            for (CommandRequest r : format.commands(in.topic(), in.payload(), now)) {
                if (r.rebirth()) {
                    LOG.info("Rebirth requested ({})", r.id());
                    queue(format.rebirth(now, nodeState()));
                    continue;
                }
                CommandResult result = r.refusal() != null ? CommandResult.refused(r.refusal())
                        : router.route(r.command());
                LOG.info("Command {} {}{} from {}: {} - {}", r.id(), r.name(),
                        r.target() == null || r.target().isEmpty() ? "" : " on " + r.target(),
                        r.command() == null ? "mqtt" : r.command().origin(), result.accepted() ? "done" : "refused",
                        result.reason());
                queue(format.result(r, result, now));
            }
        }
    }

    private void housekeeping() {
        long now = System.nanoTime();
        if (now - lastHealthNanos >= TimeUnit.SECONDS.toNanos(1)) {
            lastHealthNanos = now;
            reportStoreHealth(true);
            if (now - lastStateNanos >= settings.stateEvery().toNanos()) {
                NodeState state = nodeState();
                String fp = state.fingerprint();
                if (!fp.equals(lastFingerprint)) {
                    lastFingerprint = fp;
                    lastStateNanos = now;
                    queue(format.stateChanged(time.now(), state));
                }
            }
        }
        if (!dropReportPending && now - lastDropCheckNanos >= TimeUnit.SECONDS.toNanos(5)) {
            lastDropCheckNanos = now;
            ForwardStore.DropReport drops = store.unreportedDrops();
            if (drops != null) {
                dropReportPending = true;
                long total = drops.total();
                List<Outgoing> reports = new ArrayList<>();
                for (Outgoing o : format.dropped(time.now(), drops)) {
                    reports.add(o.whenAcknowledged(() -> {
                        store.dropsReported(total);
                        dropReportPending = false;
                    }));
                }
                queue(reports);
            }
        }
    }

    /** Publishes what is ready, as far as the window allows, encoding the store's next messages as needed. */
    private void fill() {
        while (true) {
            sendLock.lock();
            try {
                sendReady();
                if (inFlight() >= windowLimit || !outbox.isEmpty()) {
                    return;
                }
            } finally {
                sendLock.unlock();
            }
            List<Outgoing> next = encodeNext(time.now());
            if (next == null) {
                return;
            }
            queue(next);
        }
    }

    /** Encodes up to two windows ahead, so that each PUBACK is answered by a publish at once. */
    private void prepare() {
        int room = 2 * windowLimit() - outboxSize();
        if (room <= 0) {
            return;
        }
        Instant now = time.now(); // one reading for the batch: these are encoded in the same instant
        List<Outgoing> ahead = new ArrayList<>(room);
        List<Outgoing> next;
        while (ahead.size() < room && (next = encodeNext(now)) != null) {
            ahead.addAll(next);
        }
        queue(ahead);
    }

    /** Encodes the next stored message, reading the store ahead; null when none waits. */
    private List<Outgoing> encodeNext(Instant now) {
        StoredMessage m = readAhead.poll();
        if (m == null) {
            readAhead.addAll(cursor.next(Math.max(READ_AHEAD, window.size())));
            m = readAhead.poll();
            if (m == null) {
                return null;
            }
        }
        return format.encode(m, m.created().isBefore(sessionStart), now);
    }

    /** Adds to the outbox, publishing at once what the window allows. */
    private void queue(List<Outgoing> messages) {
        if (messages.isEmpty()) {
            return;
        }
        sendLock.lock();
        try {
            outbox.addAll(messages);
            sendReady();
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Publishes from the outbox as far as the window allows, and while fewer than {@code 2 * ackBatch}
     * acknowledgements wait to be saved; the caller holds {@code sendLock}.
     */
    private void sendReady() {
        Live l = live;
        if (l == null) {
            return;
        }
        int unsavedLimit = 2 * ackBatch(windowLimit);
        Outgoing o;
        while (l.inflight().get() < windowLimit && l.unsaved().get() < unsavedLimit && (o = outbox.poll()) != null) {
            boolean full = l.inflight().incrementAndGet() >= windowLimit;
            published.incrementAndGet();
            long sent = System.nanoTime();
            Outgoing out = o;
            l.transport().publish(o.topic(), o.payload(), o.qos(), o.retained()).whenComplete((code, error) -> {
                try {
                    completed(out, l, sent, full, code, error);
                } catch (RuntimeException e) {
                    // on Paho's thread nobody would see it: log it, and let the sender look at the state
                    LOG.error("Uplink: handling the outcome of a publish failed", e);
                    signal();
                }
            });
        }
    }

    /**
     * A PUBACK (or a failure) of one publish, on Paho's callback thread: the next message goes out at once, and
     * the sender is woken only when the outbox runs low or acknowledgements pile up (or on a failure, when
     * publishing waits for a save, or when the sender holds the outbox just then).
     */
    private void completed(Outgoing out, Live l, long sent, boolean full, Integer code, Throwable error) {
        if (error == null) {
            l.inflight().decrementAndGet();
            l.unsaved().incrementAndGet();
        }
        acks.add(new Ack(out, l, sent, full, code, error));
        int waiting = unprocessedAcks.incrementAndGet();
        boolean wake = true;
        // held already: the publish completed within publish() itself, on this thread; no sending then
        if (error == null && l == live && !sendLock.isHeldByCurrentThread() && sendLock.tryLock()) {
            try {
                sendReady();
                int batch = ackBatch(windowLimit);
                wake = outbox.size() <= windowLimit || waiting >= batch || l.unsaved().get() >= 2 * batch;
            } finally {
                sendLock.unlock();
            }
        }
        if (wake) {
            signal();
        }
    }

    /** Ends publishing for the session: acknowledgements still arriving send nothing more. */
    private void stopSending() {
        sendLock.lock();
        try {
            live = null;
            outbox.clear();
        } finally {
            sendLock.unlock();
        }
    }

    /** The watermark was saved (or could not be, which the store reports): what the sender took is not unsaved. */
    private void saved() {
        Live l = live;
        if (l != null && acksTakenUnsaved > 0) {
            l.unsaved().addAndGet(-acksTakenUnsaved);
            acksTakenUnsaved = 0;
            fill(); // publishing may have stopped for the unsaved ones
        }
    }

    /** Published and not yet acknowledged in the live session. */
    private int inFlight() {
        Live l = live;
        return l == null ? 0 : l.inflight().get();
    }

    private int windowLimit() {
        sendLock.lock();
        try {
            return windowLimit;
        } finally {
            sendLock.unlock();
        }
    }

    private int outboxSize() {
        sendLock.lock();
        try {
            return outbox.size();
        } finally {
            sendLock.unlock();
        }
    }

    /** Acknowledgements after which the watermark is saved, and the sender woken to take them. */
    private int ackBatch() {
        return ackBatch(window.size());
    }

    private static int ackBatch(int window) {
        return Math.max(SAVE_EVERY, window / 2);
    }

    private NodeState nodeState() {
        return new NodeState(health.snapshot(), store.status());
    }

    private void reportStoreHealth(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastHealthNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastHealthNanos = now;
        StoreStatus s = store.status();
        Map<String, Object> d = new LinkedHashMap<>(s.details());
        d.put("summary", s.describe());
        health.report(STORE_HEALTH, s.health(), d);
    }

    private void report(Health h) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("broker", describeLink);
        d.put("connected", connected);
        d.put("connections", connections.get());
        d.put("published", published.get());
        d.put("acknowledged", acknowledged.get());
        d.put("window", window.size());
        if (!lastError.isEmpty()) {
            d.put("lastError", lastError);
        }
        health.report(LINK_HEALTH, h, d);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + (t.getCause() == null ? "" : " (" + t.getCause().getMessage() + ")");
    }

    private void shutdown() {
        MqttTransport t = transport;
        transport = null;
        connected = false;
        Live l = live;
        stopSending();
        if (t != null) {
            // an intentional disconnect publishes the will itself first: the broker drops the will on DISCONNECT
            // (Sparkplug 3.0 section 5.5, tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath).
            // It waits (at most 2 s) for what is in flight: with the window at the broker's Receive Maximum,
            // Paho would refuse one more publish, and the DISCONNECT would then discard the will unsent
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (l != null && l.inflight().get() > 0 && System.nanoTime() < deadline) {
                await(TimeUnit.MILLISECONDS.toNanos(10));
            }
            try {
                t.publish(will.topic(), will.payload(), will.qos(), will.retained()).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Uplink: the last will could not be published on shutdown: {}", e.toString());
            }
            processAcks();
            store.flushAcknowledged();
            t.close();
        }
        health.remove(LINK_HEALTH);
        health.remove(STORE_HEALTH);
    }

    /** Stops the thread, says goodbye to the broker, and leaves the store as it is (the caller closes it). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        signal();
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
