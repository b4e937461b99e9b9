package io.streetgate.gateway.pipeline;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.Outbound;
import io.streetgate.gateway.api.UplinkSink;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.time.ClockRule;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every record leaves the node through one gate that applies the clock rule. The scenario is a cold boot of a
 * board without a real-time clock: the gateway's {@link ClockRule} with a clock saved this morning, the wall clock
 * reading 1970; records are made, then time sync sets the clock (the wall clock jumps 56 years and
 * systemd-timesyncd's flag appears, as {@code ClockWatch} reads it) while the monotonic clock runs on.
 */
class OutboundGateTest {

    private static final Instant BUILT = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant SAVED = Instant.parse("2026-12-07T09:50:00Z");
    private static final Instant BOOT = Instant.parse("1970-01-01T00:00:42Z");
    private static final Instant SYNCED = Instant.parse("2026-12-07T12:03:11Z");

    @TempDir
    Path state;

    /** The wall clock: set by the test as time sync or a wrong boot would. */
    private final AtomicReference<Instant> wall = new AtomicReference<>(BOOT);
    private final AtomicLong monotonic = new AtomicLong(5_000_000_000L);
    private final HealthRegistryImpl health = new HealthRegistryImpl();
    private final List<UplinkMessage> toStore = new ArrayList<>();
    private final List<UplinkMessage> toBroker = new ArrayList<>();
    private Path syncFlag;
    private OutboundGate gate;

    @BeforeEach
    void coldBootAt1970() {
        syncFlag = state.resolve("timesync-synchronized");
        gate = new OutboundGate(TimeBase.of(Clock.systemUTC(), monotonic::get), health, clock(), false);
        gate.addSink(toStore::add, Map.of("uplink", "mqtt"));
        gate.addSink(toBroker::add, Map.of());
    }

    /** The gateway's clock rule on a wall clock, believing time sync when its flag is there. */
    private ClockCheck clock() {
        ClockRule rule = new ClockRule(BUILT, Optional.of(SAVED), ClockRule.BACKWARDS_TOLERANCE);
        return () -> rule.observe(wall.get(), Files.exists(syncFlag) ? "systemd-timesyncd" : "");
    }

    /** Time passes: the wall clock and the monotonic clock move together. */
    private void pass(Duration d) {
        wall.set(wall.get().plus(d));
        monotonic.addAndGet(d.toNanos());
    }

    /** systemd-timesyncd sets the clock: the wall clock jumps, the monotonic clock does not. */
    private void timeSyncSetsTheClock() throws Exception {
        wall.set(SYNCED);
        Files.writeString(syncFlag, "");
    }

    private static UplinkMessage record(String kind, Map<String, Object> fields) {
        return PrivacyGate.readBack(kind, "pole-0042", fields);
    }

    private UplinkMessage audit() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", "pole-0042");
        f.put("at", wall.get());
        f.put("action", "override");
        f.put("newLevel", 100);
        f.put("until", wall.get().plus(Duration.ofMinutes(30)));
        return record("audit", f);
    }

    private UplinkMessage otaReport() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", "pole-0042");
        f.put("state", "rolled_back");
        f.put("version", "1.4.0");
        f.put("at", wall.get());
        return record("ota", f);
    }

    private UplinkMessage actuatorState() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", "lamp-1");
        f.put("level", 40);
        f.put("since", wall.get());
        f.put("at", wall.get());
        return record("actuator", f);
    }

    private UplinkMessage energy() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", "pole-0042");
        f.put("start", wall.get().minus(Duration.ofHours(12)));
        f.put("end", wall.get());
        f.put("actual", 1.25);
        return record("energy", f);
    }

    private UplinkMessage summary() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("quantity", "temperature");
        f.put("start", wall.get().minus(Duration.ofMinutes(1)));
        f.put("end", wall.get());
        f.put("mean", 21.5);
        return record("summary", f);
    }

    private Map<String, Object> counters() {
        gate.report();
        ComponentStatus part = health.snapshot().stream().filter(p -> p.name().equals(OutboundGate.HEALTH))
                .findFirst().orElseThrow();
        return part.details();
    }

    @Test
    void actuatorStatesEnergyAndSummariesMadeOnA1970ClockAreWithheldAndCountedByKind() throws Exception {
        assertEquals(Outbound.Fate.WITHHELD, gate.send(actuatorState()));
        assertEquals(Outbound.Fate.WITHHELD, gate.send(energy()));
        assertEquals(Outbound.Fate.WITHHELD, gate.send(summary()));
        pass(Duration.ofSeconds(90));
        timeSyncSetsTheClock();
        gate.releaseHeld();

        assertEquals(List.of(), toStore, "no record with a 1970 stamp left");
        assertEquals(List.of(), toBroker);
        assertEquals(3L, counters().get("withheld_by_clock"));
        assertEquals(Map.of("actuator", 1L, "energy", 1L, "summary", 1L), counters().get("withheld_by_clock_by_kind"));

        UplinkMessage fresh = actuatorState();
        assertEquals(Outbound.Fate.SENT, gate.send(fresh), "on the set clock a state goes out");
        assertEquals(List.of(fresh), toStore);
        assertEquals(List.of(fresh), toBroker);
    }

    @Test
    void auditAndOtaRecordsMadeOnA1970ClockAreHeldAndSentWithTheirTrueTimesOnceTimeSyncSetsTheClock()
            throws Exception {
        pass(Duration.ofSeconds(20));
        assertEquals(Outbound.Fate.HELD, gate.send(audit()), "an override at 1970+62 s is held");
        pass(Duration.ofSeconds(30));
        assertEquals(Outbound.Fate.HELD, gate.send(otaReport(), Outbound.Route.STORE));
        pass(Duration.ofSeconds(40));
        gate.releaseHeld();
        assertEquals(List.of(), toStore, "nothing leaves while the clock waits");
        assertEquals(2, counters().get("held_for_clock"));

        timeSyncSetsTheClock();
        gate.releaseHeld();

        // made 70 s and 40 s of monotonic time before time sync set the clock to SYNCED
        Instant auditAt = SYNCED.minusSeconds(70);
        Instant otaAt = SYNCED.minusSeconds(40);
        assertEquals(2, toStore.size(), "both reached the store: " + toStore);
        assertEquals("audit", toStore.get(0).kind(), "oldest first");
        assertEquals(auditAt, toStore.get(0).fields().get("at"));
        assertEquals(auditAt.plus(Duration.ofMinutes(30)), toStore.get(0).fields().get("until"),
                "the override's end moves with it");
        assertEquals("override", toStore.get(0).fields().get("action"), "the rest is unchanged");
        assertEquals(otaAt, toStore.get(1).fields().get("at"));
        assertEquals(1, toBroker.size(), "the OTA report's route was the store alone");
        assertEquals(toStore.get(0), toBroker.get(0));
        assertEquals(0, counters().get("held_for_clock"));
        assertEquals(2L, counters().get("released"));
        assertEquals(0L, counters().get("withheld_by_clock"));
    }

    @Test
    void heldRecordsGoBeforeTheFirstRecordMadeOnTheSetClock() throws Exception {
        UplinkMessage early = audit();
        assertEquals(Outbound.Fate.HELD, gate.send(early));
        pass(Duration.ofSeconds(5));
        timeSyncSetsTheClock();
        UplinkMessage late = audit();
        assertEquals(Outbound.Fate.SENT, gate.send(late));
        assertEquals(List.of(PrivacyGate.restamped(early, Duration.between(BOOT, SYNCED.minusSeconds(5))), late),
                toStore);
    }

    @Test
    void aClockSetBackHoursHoldsAuditRecordsUntilItPassesWhereItWas() throws Exception {
        timeSyncSetsTheClock();
        assertEquals(Outbound.Fate.SENT, gate.send(audit()));
        Files.delete(syncFlag); // no time sync vouches for what follows
        wall.set(SYNCED.minus(Duration.ofHours(3)));
        UplinkMessage wrong = audit();
        assertEquals(Outbound.Fate.HELD, gate.send(wrong), "a clock 3 h back is not believed");
        pass(Duration.ofMinutes(1));
        wall.set(SYNCED.plus(Duration.ofMinutes(1))); // set right again, as the clock reads from now on
        gate.releaseHeld();
        assertEquals(2, toStore.size());
        assertEquals(SYNCED, toStore.get(1).fields().get("at"), "stamped where the right clock was then");
    }

    @Test
    void aRecordForTheStoreWhenThereIsNoStoreIsLeftToItsMaker() {
        wall.set(SYNCED);
        OutboundGate noStore = new OutboundGate(TimeBase.of(Clock.systemUTC(), monotonic::get), health, clock(), false);
        List<UplinkMessage> broker = new ArrayList<>();
        noStore.addSink(broker::add, Map.of());
        assertEquals(Outbound.Fate.NO_SINK, noStore.send(otaReport(), Outbound.Route.STORE));
        assertEquals(Outbound.Fate.SENT, noStore.send(otaReport(), Outbound.Route.NOT_STORE));
        assertEquals(1, broker.size());
    }

    @Test
    void heldRecordsAreBoundedAndTheOldestDroppedIsCounted() throws Exception {
        UplinkMessage first = audit();
        gate.send(first);
        for (int i = 0; i < OutboundGate.MAX_HELD; i++) {
            pass(Duration.ofMillis(10));
            gate.send(audit());
        }
        assertEquals(OutboundGate.MAX_HELD, counters().get("held_for_clock"));
        assertEquals(1L, counters().get("held_dropped"));
        timeSyncSetsTheClock();
        gate.releaseHeld();
        assertEquals(OutboundGate.MAX_HELD, toStore.size());
        assertTrue(toStore.stream().noneMatch(m -> m.fields().get("at").equals(
                PrivacyGate.restamped(first, Duration.between(BOOT, SYNCED.minusMillis(10L * OutboundGate.MAX_HELD)))
                        .fields().get("at"))), "the oldest was the one dropped");
    }
}
