package io.streetgate.fleet;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.gateway.time.ClockRule;
import io.streetgate.sim.StreetScenario;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.Uplink;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated pole: the real uplink opened through the uplink's exported {@link Uplink}, assembled as the
 * gateway's store-forwarder component assembles it (its own store file, payload format, command router and
 * sender with its own Paho client), fed with its street's summaries. Only the sensors and the analytics are
 * left out: the summaries come from {@link StreetSummaries}.
 */
final class SimulatedGateway implements AutoCloseable {

    private final String node;
    private final TimeBase time;
    private final Uplink uplink;
    private final StreetSummaries street;
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final AtomicLong stored = new AtomicLong();
    private Instant nextMinuteEnd;

    SimulatedGateway(String node, long seed, FleetSettings settings, Path storeFile, TimeBase time) {
        this.node = node;
        this.time = time;
        // a simulated gateway's clock is the fleet's: believed from its start, as a simulated street's is
        ClockCheck clock = ClockRule.simulated(time.now(), ClockRule.BACKWARDS_TOLERANCE).check(time::now);
        this.uplink = Uplink.open(settings.uplink(node), settings.broker(node), storeFile, settings.storeMaxBytes(),
                new HealthRegistryImpl(), time, clock, new SplittableRandom(seed));
        uplink.answer(new GatewayCommands(node, time::now, uplink::waiting));
        // poles spread over a few kilometres of one city: each its own weather noise and passers-by
        this.street = new StreetSummaries(
                new StreetScenario(53.55 + (seed % 100) * 0.0005, 9.99 + (seed % 37) * 0.0008, seed));
        this.nextMinuteEnd = time.now().truncatedTo(ChronoUnit.MINUTES).plus(StreetSummaries.MINUTE);
    }

    String node() {
        return node;
    }

    /** Connects and keeps sending (the sender's own thread). */
    void start() {
        uplink.start();
    }

    /** Stores the summaries of every minute of gateway time that has ended since the last call. */
    synchronized void feed() {
        Instant now = time.now();
        while (!nextMinuteEnd.isAfter(now)) {
            for (UplinkMessage m : street.minuteEnding(nextMinuteEnd)) {
                Uplink.Receipt r = uplink.send(m);
                lastSeq.put(r.stream(), r.seq());
                stored.incrementAndGet();
            }
            nextMinuteEnd = nextMinuteEnd.plus(StreetSummaries.MINUTE);
        }
    }

    /** Messages stored so far. */
    long stored() {
        return stored.get();
    }

    /** The last sequence number handed out per stream ({@code kind/source[/quantity]}). */
    Map<String, Long> lastSequenceNumbers() {
        return Map.copyOf(lastSeq);
    }

    long waiting() {
        return uplink.waiting();
    }

    Uplink.Stats stats() {
        return uplink.stats();
    }

    /** Says goodbye to the broker (the offline state or NDEATH) and closes the store; what waits stays in it. */
    @Override
    public void close() {
        uplink.close();
    }
}
