package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.budget.BudgetGuard;
import io.streetgate.uplink.budget.ByteBudget;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.store.DropPolicy;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestClock;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A byte budget on the uplink to a real mosquitto: what goes first when it runs short, and what the status says. */
class BudgetUplinkTest {

    static final Instant NOON = Instant.parse("2026-06-21T12:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    @Test
    void whenTheDaysAllowanceRunsShortSummariesAreDroppedAndCountedWhileEventsStillGo() throws Exception {
        TestClock clock = new TestClock(NOON);
        HealthRegistryImpl health = new HealthRegistryImpl();
        long allowance = 40_000; // half the day gone: a forecast over it comes after about 20 kB
        try (Subscriber sub = broker.subscriber("sub-budget", false, "streetgate/pole-0042/#");
             Uplink u = broker.uplink(work.resolve("store.db"), TimeBase.of(clock),
                     s -> new JsonFormat("streetgate", NODE), LinkSettings.Protocol.MQTT_5, health)) {
            u.forwarder.budget(new BudgetGuard(new ByteBudget(allowance, ByteBudget.Period.DAY, u.store, NOON),
                    health));
            for (int i = 0; i < 200; i++) {
                u.store.append(Messages.summary("env-1", "temperature", NOON.minusSeconds(60L * (200 - i)), 18));
            }
            u.forwarder.start();
            u.awaitDrained(WAIT);
            clock.advance(Duration.ofSeconds(10)); // the drop report and the budget's status follow gateway time
            for (int i = 0; i < 5; i++) {
                u.store.append(Messages.event("noise-1", "noise.limit", NOON.plusSeconds(i)));
            }
            List<Subscriber.Received> all = sub.await("5 events and a drop report", l -> count(l, "/event/") == 5
                    && l.stream().anyMatch(r -> r.topic().endsWith("/dropped")), WAIT);

            long summaries = count(all, "/summary/");
            Map<String, Object> report = JSON.std.mapFrom(all.stream().filter(r -> r.topic().endsWith("/dropped"))
                    .reduce((a, b) -> b).orElseThrow().payload());
            @SuppressWarnings("unchecked")
            Map<String, Object> byKind = (Map<String, Object>) report.get("byKind");
            long dropped = ((Number) byKind.get("budget/summary")).longValue();
            assertTrue(summaries > 20 && dropped > 20, summaries + " sent, " + dropped + " dropped");
            assertEquals(200, summaries + dropped, "every summary was sent or dropped and counted");

            ComponentStatus part = awaitPart(health, h -> h.state() == HealthState.DEGRADED);
            assertTrue(part.health().reason().matches("[\\d.]+ kB of 40\\.0 kB used today; forecast [\\d.]+ kB; "
                    + "holding back drop classes below " + DropPolicy.INDICES), part.health().reason());
            assertEquals(allowance, ((Number) part.details().get("allowance")).longValue());
            long used = ((Number) part.details().get("used")).longValue();
            assertTrue(used > 0.45 * allowance && used < allowance, "used " + used);
            assertTrue(((Number) part.details().get("forecast")).longValue() > allowance);
        }
    }

    static long count(List<Subscriber.Received> l, String part) {
        return l.stream().filter(r -> r.topic().contains(part)).count();
    }

    static ComponentStatus awaitPart(HealthRegistryImpl health, java.util.function.Predicate<io.streetgate.driver.Health> ok)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ComponentStatus c : health.snapshot()) {
                if (c.name().equals(BudgetGuard.HEALTH) && ok.test(c.health())) {
                    return c;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + BudgetGuard.HEALTH + " part as expected: " + health.snapshot());
    }
}
