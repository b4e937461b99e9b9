package io.streetgate.gateway.pipeline;

import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.Outbound;
import io.streetgate.gateway.api.UplinkSink;
import io.streetgate.driver.time.TimeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's one way out ({@link Outbound}): the clock rule for every record that leaves, then every
 * {@link UplinkSink}. A record taken on a wrong clock ({@link ClockStamps}) is withheld and counted by kind, except
 * the kinds that must not be lost ({@link #HELD_KINDS}): those made while the clock waits are held, oldest first,
 * and sent once it is plausible, each time stamp moved by the clock's jump. The jump is known within a run: the
 * monotonic clock ({@link System#nanoTime()}) says how much time passed since the record was made, and the clock
 * that is now believed says when that was. Held records live in memory: a restart before the clock is plausible
 * loses them upstream (the audit log on the node keeps its copy). Reports itself as the health part
 * {@code outbound}.
 */
@Component(immediate = true, service = Outbound.class)
public class OutboundGate implements Outbound {

    /** The health part's name. */
    public static final String HEALTH = "outbound";
    /**
     * Held rather than withheld: an audit record says who moved a lamp (docs/security.md), an OTA report what a
     * campaign did to the node; the fleet's view of either would be wrong without it.
     */
    static final Set<String> HELD_KINDS = Set.of(NodeOutputs.AUDIT, NodeOutputs.OTA);
    /** At most this many held records; beyond it the oldest is dropped and counted ({@code held_dropped}). */
    static final int MAX_HELD = 2_000;
    /** The property of the store-and-forward's {@link UplinkSink} (the uplink bundle registers it so). */
    static final String STORE_PROPERTY = "uplink";
    private static final long CHECK_EVERY_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(OutboundGate.class);

    private record Sink(UplinkSink sink, boolean store) {
    }

    /** A record made while the clock waited: the clock's reading then and the monotonic time then. */
    private record Held(UplinkMessage message, Route route, Instant clockThen, long nanosThen) {
    }

    private final TimeBase time;
    private final HealthRegistry health;
    private final ClockCheck clock;
    private final Instant started;
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();
    private final Deque<Held> held = new ArrayDeque<>();
    private final Map<String, Long> withheldByKind = new TreeMap<>();
    private long sent;
    private long released;
    private long heldDropped;
    private long sinkFailures;
    private final ScheduledExecutorService ticker;

    @Activate
    public OutboundGate(@Reference TimeBase time, @Reference HealthRegistry health, @Reference ClockCheck clock) {
        this(time, health, clock, true);
    }

    /**
     * @param time   the gateway's time; its monotonic clock ({@link TimeBase#nanos}) measures how long a record was held
     * @param ticker whether to release held records and report on a thread of its own (once a second), else
     *               only when a record is sent or {@link #releaseHeld()} is called
     */
    public OutboundGate(TimeBase time, HealthRegistry health, ClockCheck clock, boolean ticker) {
        this.time = time;
        this.health = health;
        this.clock = clock;
        this.started = time.now();
        if (ticker) {
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sg-outbound");
                t.setDaemon(true);
                return t;
            });
            this.ticker.scheduleWithFixedDelay(this::tick, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
        } else {
            this.ticker = null;
        }
        report();
    }

    /**
     * Adds a sink; {@code properties} as the sink's service has them (the store's carries {@code uplink}). Public
     * for a gate made outside the framework (the repeatable hour of docs/simulation.md).
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSink(UplinkSink sink, Map<String, Object> properties) {
        sinks.add(new Sink(sink, properties.containsKey(STORE_PROPERTY)));
    }

    void removeSink(UplinkSink sink) {
        sinks.removeIf(s -> s.sink() == sink);
    }

    @Override
    public synchronized Fate send(UplinkMessage message, Route route) {
        ClockCheck.State now = clock.state();
        release(now);
        if (!ClockStamps.takenOnWrongClock(message, now)) {
            return deliver(message, route) ? Fate.SENT : Fate.NO_SINK;
        }
        if (!now.plausible() && HELD_KINDS.contains(message.kind())) {
            if (held.size() >= MAX_HELD) {
                held.removeFirst();
                heldDropped++;
            }
            held.addLast(new Held(message, route, now.now(), time.nanos()));
            return Fate.HELD;
        }
        withheldByKind.merge(message.kind(), 1L, Long::sum);
        return Fate.WITHHELD;
    }

    /** Sends what was held if the clock is plausible now. */
    synchronized void releaseHeld() {
        release(clock.state());
    }

    private void release(ClockCheck.State now) {
        if (held.isEmpty() || !now.plausible()) {
            return;
        }
        long nanosNow = time.nanos();
        while (!held.isEmpty()) {
            Held h = held.removeFirst();
            // gateway time that passed since the record was made, which no clock step moves
            Duration passed = Duration.ofNanos(nanosNow - h.nanosThen());
            Duration jump = Duration.between(h.clockThen(), now.now().minus(passed));
            UplinkMessage moved = PrivacyGate.restamped(h.message(), jump);
            if (ClockStamps.takenOnWrongClock(moved, now)) {
                withheldByKind.merge(moved.kind(), 1L, Long::sum);
                continue;
            }
            released++;
            deliver(moved, h.route());
        }
        LOG.info("The clock is plausible: sent the records held while it waited ({} so far)", released);
    }

    private boolean deliver(UplinkMessage message, Route route) {
        boolean any = false;
        for (Sink s : sinks) {
            if (route == Route.STORE && !s.store() || route == Route.NOT_STORE && s.store()) {
                continue;
            }
            any = true;
            try {
                s.sink().accept(message);
            } catch (RuntimeException e) {
                sinkFailures++;
                LOG.warn("Uplink sink {} failed: {}", s.sink().getClass().getSimpleName(), e.toString());
            }
        }
        if (any) {
            sent++;
        }
        return any;
    }

    private void tick() {
        try {
            releaseHeld();
            report();
        } catch (RuntimeException e) {
            LOG.error("Outbound tick failed", e);
        }
    }

    /** The counters as the status shows them in the part {@code outbound}. */
    synchronized Map<String, Object> counters() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sent", sent);
        d.put("withheld_by_clock", withheldByKind.values().stream().mapToLong(Long::longValue).sum());
        d.put("withheld_by_clock_by_kind", new LinkedHashMap<>(withheldByKind));
        d.put("held_for_clock", held.size());
        d.put("released", released);
        d.put("held_dropped", heldDropped);
        d.put("sinks", sinks.size());
        d.put("sink_failures", sinkFailures);
        return d;
    }

    void report() {
        health.report(HEALTH, Health.ok(started), counters());
    }

    @Deactivate
    void deactivate() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        health.remove(HEALTH);
    }
}
