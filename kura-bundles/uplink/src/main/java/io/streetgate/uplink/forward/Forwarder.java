package io.streetgate.uplink.forward;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.LoopGuard;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.budget.BudgetGuard;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.link.Backoff;
import io.streetgate.uplink.link.Connector;
import io.streetgate.uplink.link.InflightWindow;
import io.streetgate.uplink.link.LinkException;
import io.streetgate.uplink.link.MqttTransport;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.payload.CommandRequest;
import io.streetgate.uplink.payload.Outgoing;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
 * One thread publishes: this one. Paho's callback thread only queues each PUBACK (or failure) and wakes it.
 * The uplink's own messages (births, state, command results, drop reports) wait in the outbox, ahead of the
 * store's next messages, so they go out in the order they were made.
 * <p>
 * What the broker acknowledged is recorded as the store's delivered watermark, saved once per
 * {@link #SAVE_EVERY} acknowledgements or per half window, whichever is larger, before anything more is
 * published; the rows themselves are purged when nothing is in flight, so a backlog drains without deleting
 * as it goes.
 * <p>
 * A lost connection ends the session: whatever was in flight stays in the store and is sent again on the
 * next connection (a duplicate with the same sequence number if the broker had it already). A crash is the
 * same case, so duplicates are bounded by what was published since the watermark was last saved: fewer than
 * the window plus the larger of {@link #SAVE_EVERY} and half the window (96 with the default window of 64).
 * <p>
 * Each pass of its loop runs under a {@link LoopGuard}: whatever a pass throws, an {@link Error} too, is
 * caught, counted and logged at most once a minute, the session is ended, and the loop goes on; every pass is
 * the heartbeat {@code loop/uplink} that the systemd watchdog watches, so a sender that blocks ends in a restart.
 * <p>
 * It stays one class because every step of its loop reads and changes the same session (the window, the
 * outbox, the in-flight count, the store's cursor) on its one thread; what the node reports of itself is in
 * {@link NodeReports}, when to reconnect and the link's health in {@link Reconnects}, the commands that wait in
 * {@link CommandInbox}.
 * <p>
 * It connects only while the gateway's clock is plausible ({@link ClockCheck}), and ends the session when it
 * stops being so: a certificate's validity, a command's freshness and the stamps of what it sends all need the
 * time of the world, which a board without a real-time clock does not have before time sync sets it.
 */
public final class Forwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    public static final String LINK_HEALTH = Reconnects.LINK_HEALTH;
    public static final String STORE_HEALTH = NodeReports.STORE_HEALTH;
    /** The sender's heartbeat in the status: {@code loop/uplink}. */
    public static final String LOOP = "uplink";
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

    /**
     * Counters for status and tests.
     *
     * @param commandsRefusedUnread commands refused before they were read: more than {@link CommandInbox#CAPACITY}
     *                              or {@link CommandInbox#MAX_BYTES} waited
     */
    public record Stats(boolean connected, long connections, long published, long acknowledged, long refused,
                        String lastError, int window, int inFlight, long waiting, long commandsRefusedUnread) {
    }

    /** A publish's outcome, from Paho's callback thread. */
    private record Ack(Outgoing out, long session, long sentNanos, boolean windowFull, Integer code, Throwable error) {
    }

    private final ForwardStore store;
    private final PayloadFormat format;
    private final Connector connector;
    private final CommandDispatcher router;
    /** OTA notices that arrived before any component handled them, by topic (at most the node's and its group's). */
    private final Map<String, CommandRequest> heldNotices = new LinkedHashMap<>();
    private final HealthRegistry health;
    private final TimeBase time;
    private final Settings settings;
    private final String describeLink;
    private final Reconnects reconnects;
    private final InflightWindow window;
    private final NodeReports reports;
    private final LoopGuard guard;
    private final ClockCheck clock;
    private final CommandInbox inbox = new CommandInbox();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> lost = new AtomicReference<>();
    private volatile boolean running;
    private Thread thread;
    private volatile BudgetGuard budget; // null: no byte budget

    // the session: touched by the sender thread only (inFlight is read by stats())
    private MqttTransport transport;
    private ForwardStore.Cursor cursor;
    private final ArrayDeque<StoredMessage> readAhead = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private volatile int inFlight;
    private long session;
    private int acksUnsaved; // acknowledgements taken since the watermark was last saved
    private Instant sessionStart;
    private Will will;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public Forwarder(ForwardStore store, PayloadFormat format, Connector connector, CommandDispatcher router,
                     HealthRegistry health, TimeBase time, ClockCheck clock, Settings settings,
                     RandomGenerator random, String describeLink) {
        this.store = Objects.requireNonNull(store, "store");
        this.format = Objects.requireNonNull(format, "format");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.router = Objects.requireNonNull(router, "router");
        this.health = Objects.requireNonNull(health, "health");
        this.time = Objects.requireNonNull(time, "time");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.describeLink = describeLink;
        this.window = new InflightWindow(8, settings.maxInflight(), settings.slowAck().toNanos());
        this.reconnects = new Reconnects(new Backoff(settings.reconnectMin(), settings.reconnectMax(),
                Duration.ofSeconds(30), random), health, time, describeLink, d -> {
                    d.put("published", published.get());
                    d.put("acknowledged", acknowledged.get());
                    d.put("window", window.size());
                    d.put("commands_refused_unread", inbox.overflowedTotal());
                });
        this.reports = new NodeReports(format, store, health, time, settings.stateEvery());
        // a pass waits at most a second; a connection attempt takes at most its 30 s timeout
        this.guard = new LoopGuard(LOOP, LoopGuard.MINIMUM_STUCK_AFTER, "the session is ended and the connection "
                + "made again", health, time, LOG);
        store.onAppend(this::signal);
    }

    /** Holds what it sends to a byte budget (given before {@link #start}). */
    public void budget(BudgetGuard guard) {
        this.budget = guard;
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
        return new Stats(reconnects.isConnected(), reconnects.connections(), published.get(), acknowledged.get(),
                refused.get(), reconnects.lastError(), window.size(), inFlight, store.waiting(),
                inbox.overflowedTotal());
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

    /**
     * The sender's loop: every pass runs under the guard, so nothing a pass throws (an {@link Error} too) ends
     * the thread; a failed pass ends the session, and the next one comes a second later at the earliest.
     */
    private void run() {
        try {
            reconnects.connecting();
            while (running) {
                if (!guard.run(this::pass, this::recover)) {
                    await(TimeUnit.SECONDS.toNanos(1)); // a pass that fails at once does not spin
                }
            }
            shutdown();
        } catch (Throwable e) {
            LOG.error("Uplink sender: stopping failed", e);
        } finally {
            guard.close();
        }
    }

    /** One pass of the sender: connect, or take the acknowledgements and commands and publish what fits. */
    private void pass() {
        BudgetGuard b = budget;
        if (b != null) {
            b.report(time.now()); // at most every 5 s, connected or not
        }
        ClockCheck.State clockNow = clock.state();
        if (!clockNow.plausible()) {
            if (transport != null) {
                endSession("the clock is not plausible");
            }
            reconnects.waitingForClock(clockNow.reason());
            await(TimeUnit.SECONDS.toNanos(1));
            return;
        }
        if (transport == null) {
            connectOrWait();
            return;
        }
        Throwable gone = lost.getAndSet(null);
        if (gone != null || !transport.isConnected()) {
            endSession(gone == null ? "the connection closed" : describe(gone));
            return;
        }
        processAcks();
        if (acksUnsaved >= ackBatch() || store.acknowledgedPending() >= ackBatch()) {
            saveWatermark();
        }
        processCommands();
        outbox.addAll(reports.due());
        fill();
        // the window is full or nothing is left: until the next PUBACK the time is free for the store
        if (inFlight == 0) {
            acksUnsaved = 0; // purging saves the watermark first
            if (store.purgeDelivered(PURGE_ROWS)) {
                signal(); // idle, and more delivered rows to purge: come back at once
            }
        }
        await(TimeUnit.MILLISECONDS.toNanos(250));
    }

    /** After a failed pass: the link says why, and the session ends (what was in flight is sent again). */
    private void recover(Throwable e) {
        reconnects.failed(e.toString());
        if (transport != null) {
            endSession("internal error: " + e);
        }
    }

    private void connectOrWait() {
        long wait = reconnects.untilNextAttemptNanos();
        if (wait > 0) {
            reports.storeHealth(false);
            boolean more = store.purgeDelivered(PURGE_ROWS);
            await(more ? 0 : Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
            return;
        }
        will = format.will(time.now());
        try {
            MqttTransport t = connector.connect(will, (topic, payload, expiry) -> {
                inbox.offer(topic, payload, expiry);
                signal();
            }, e -> {
                lost.compareAndSet(null, e);
                signal();
            });
            transport = t;
            session++;
            window.connected(t.receiveMaximum());
            lost.set(null);
            cursor = store.cursor();
            readAhead.clear();
            outbox.clear();
            inFlight = 0;
            acksUnsaved = 0;
            sessionStart = time.now();
            for (String topic : format.commandTopics()) {
                t.subscribe(topic, 1);
            }
            reconnects.connected();
            outbox.addAll(reports.sessionStarted());
            LOG.info("Uplink connected: {} (receive maximum {}, session present {}); {} message(s) waiting",
                    describeLink, t.receiveMaximum(), t.sessionPresent(), store.waiting());
        } catch (LinkException e) {
            if (transport != null) {
                endSession(e.getMessage());
                return;
            }
            reconnects.attemptFailed(e);
        }
    }

    private void endSession(String reason) {
        MqttTransport t = transport;
        transport = null;
        if (t != null) {
            t.abort();
        }
        cursor = null;
        readAhead.clear();
        outbox.clear();
        inFlight = 0;
        window.lost();
        reconnects.lost(reason, store.waiting());
    }

    private void processAcks() {
        Ack a;
        while ((a = acks.poll()) != null) {
            boolean current = a.session() == session && transport != null;
            if (current) {
                inFlight--;
            }
            if (a.error() != null) {
                if (current) {
                    lost.compareAndSet(null, a.error());
                }
                continue;
            }
            if (current) {
                acksUnsaved++;
            }
            Outgoing o = a.out();
            if (a.code() != null && a.code() >= 0x80) {
                // MQTT 5.0 section 3.4.2.1: 0x80 and above, the broker did not accept it
                refused.incrementAndGet();
                if (current) {
                    for (StoredMessage m : o.delivers()) {
                        cursor.refuse(m, "PUBACK reason " + a.code() + " on " + o.topic());
                    }
                }
                continue;
            }
            if (current) {
                for (StoredMessage m : o.delivers()) {
                    cursor.acknowledge(m);
                }
            }
            if (o.onAck() != null) {
                o.onAck().run();
            }
            acknowledged.incrementAndGet();
            if (current) {
                window.acknowledged(System.nanoTime() - a.sentNanos(), a.windowFull());
            }
        }
    }

    private void processCommands() {
        long unread = inbox.takeOverflowed();
        if (unread > 0) {
            router.refusedUnread(time.now(), unread, "more than " + CommandInbox.CAPACITY + " commands or "
                    + (CommandInbox.MAX_BYTES >> 10) + " KiB waited for the gateway: a flood of its command topics");
        }
        if (!heldNotices.isEmpty()) {
            for (Iterator<CommandRequest> held = heldNotices.values().iterator(); held.hasNext(); ) {
                CommandRequest r = held.next();
                if (router.owned(r.name())) {
                    held.remove();
                    LOG.info("OTA notice {} handed to '{}', which has come up since it arrived", r.id(), r.name());
                    answer(r, null, time.now());
                }
            }
        }
        CommandInbox.Arrived in;
        while ((in = inbox.poll()) != null) {
            Instant now = time.now();
            for (CommandRequest r : format.commands(in.topic(), in.payload(), now)) {
                if (r.rebirth()) {
                    LOG.info("Rebirth requested ({})", r.id());
                    outbox.addAll(format.rebirth(now, reports.nodeState()));
                    continue;
                }
                if (r.notice() && r.refusal() == null && !router.owned(r.name())) {
                    // a retained notice comes with the first connection, often before the OTA agent is up: it
                    // waits for it (the latest per topic; its own not_after still bounds it) instead of being lost
                    heldNotices.put(in.topic(), r);
                    LOG.info("OTA notice {} on {} waits for a component that handles '{}'", r.id(), in.topic(),
                            r.name());
                    continue;
                }
                answer(r, in.expiry(), now);
            }
        }
        inbox.summariseIfDue();
    }

    /** Runs a command through its owner and sends the answer upstream. */
    private void answer(CommandRequest r, Duration expiry, Instant now) {
        CommandResult result = router.dispatch(r, expiry, now);
        inbox.handled(r, r.command() == null ? "mqtt" : r.command().origin(), result);
        // the answer goes upstream in either format: a peer's address in its reason does not
        outbox.addAll(format.result(r, new CommandResult(result.accepted(),
                PrivacyGate.withoutAddresses(result.reason()), result.details()), now));
    }

    /**
     * Publishes as far as the window allows: the outbox first, then the store's next messages, read
     * {@link #READ_AHEAD} at a time and encoded as they go out.
     */
    private void fill() {
        Instant now = time.now(); // one reading for the batch: these are encoded in the same instant
        while (inFlight < window.size()) {
            Outgoing o = outbox.poll();
            if (o == null) {
                if (format.holdsData()) {
                    return; // the store keeps them until the format lets them go (Sparkplug: host offline)
                }
                List<Outgoing> next = encodeNext(now);
                if (next == null) {
                    next = format.due(now); // nothing more waits: a pack whose time came goes now
                    if (next.isEmpty()) {
                        return;
                    }
                }
                outbox.addAll(next);
                continue;
            }
            publish(o);
        }
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
        BudgetGuard b = budget;
        if (b != null && !b.allows(m, now)) {
            cursor.dropOverBudget(m);
            return List.of();
        }
        return format.encode(m, m.created().isBefore(sessionStart), now);
    }

    private void publish(Outgoing o) {
        BudgetGuard b = budget;
        if (b != null) {
            b.sent(o, time.now());
        }
        boolean full = ++inFlight >= window.size();
        published.incrementAndGet();
        long sent = System.nanoTime();
        long s = session;
        transport.publish(o.topic(), o.payload(), o.qos(), o.retained()).whenComplete((code, error) -> {
            acks.add(new Ack(o, s, sent, full, code, error));
            signal();
        });
    }

    /** Saves the delivered watermark: a crash after this repeats nothing acknowledged before it. */
    private void saveWatermark() {
        store.flushAcknowledged();
        acksUnsaved = 0;
    }

    /** Acknowledgements after which the watermark is saved. */
    private int ackBatch() {
        return Math.max(SAVE_EVERY, window.size() / 2);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + (t.getCause() == null ? "" : " (" + t.getCause().getMessage() + ")");
    }

    private void shutdown() {
        MqttTransport t = transport;
        if (t != null) {
            // an intentional disconnect publishes the will itself first: the broker drops the will on DISCONNECT
            // (Sparkplug 3.0 section 5.5, tck-id-operational-behavior-edge-node-intentional-disconnect-ndeath).
            // It waits (at most 2 s) for what is in flight: with the window at the broker's Receive Maximum,
            // Paho would refuse one more publish, and the DISCONNECT would then discard the will unsent
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            processAcks();
            while (inFlight > 0 && System.nanoTime() < deadline) {
                await(TimeUnit.MILLISECONDS.toNanos(10));
                processAcks();
            }
            try {
                t.publish(will.topic(), will.payload(), will.qos(), will.retained()).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Uplink: the last will could not be published on shutdown: {}", e.toString());
            }
            processAcks();
            store.flushAcknowledged();
            transport = null;
            t.close();
        }
        reconnects.stopped();
        health.remove(STORE_HEALTH);
        if (budget != null) {
            budget.close(time.now());
        }
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
