package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.Health;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.LoopGuard;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

/**
 * The sender thread survives whatever one of its passes throws, against a real mosquitto: an {@link Error}
 * while encoding a message (Mockito makes the real JSON format throw it once: no real part throws an Error on
 * demand) and an Error while reporting the store's health. Before, the first one ended the thread without a
 * word and nothing was sent again; now the pass is counted in {@code loop/uplink}, the session ends, and the
 * message goes out on the next connection.
 */
class SenderFailuresTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    Subscriber subscriber(String id) throws Exception {
        return broker.subscriber(id, "streetgate/pole-0042/summary/#");
    }

    Uplink uplink(PayloadFormat format, HealthRegistry health) {
        Uplink u = broker.uplink(work.resolve("store.db"), TimeBase.system(), store -> format,
                LinkSettings.Protocol.MQTT_5, health);
        u.forwarder.start();
        return u;
    }

    static ComponentStatus part(HealthRegistry health, String name) {
        return health.snapshot().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    static long number(ComponentStatus part, String key) {
        return part == null || !(part.details().get(key) instanceof Number n) ? -1 : n.longValue();
    }

    static void awaitPart(HealthRegistry health, String what, java.util.function.Predicate<ComponentStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ComponentStatus p = part(health, "loop/uplink");
            if (p != null && condition.test(p)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("loop/uplink: not within " + WAIT.toSeconds() + " s: " + what + "; " + p);
            }
            Thread.sleep(20);
        }
    }

    static List<Long> temperatures(List<Subscriber.Received> got) {
        return got.stream().map(r -> {
            try {
                return JSON.std.mapFrom(r.payload()).get("seq");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).filter(Objects::nonNull).map(s -> ((Number) s).longValue()).distinct().sorted().toList();
    }

    @Test
    void anErrorWhileEncodingEndsTheSessionNotTheThreadAndTheMessageGoesOutOnTheNext() throws Exception {
        JsonFormat format = spy(new JsonFormat("streetgate", NODE));
        doThrow(new StackOverflowError("injected into encode")).doCallRealMethod()
                .when(format).encode(any(), anyBoolean(), any());
        HealthRegistryImpl health = new HealthRegistryImpl();
        try (Subscriber sub = subscriber("sub-encode-error");
             Uplink u = uplink(format, health)) {
            for (int i = 0; i < 3; i++) {
                u.store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60L * i), 18 + i));
            }
            List<Subscriber.Received> got = sub.await("the three summaries", l -> temperatures(l).size() == 3, WAIT);
            assertEquals(List.of(1L, 2L, 3L), temperatures(got), "sent after the failed pass, none lost");
            u.awaitDrained(WAIT);
            assertTrue(u.forwarder.stats().connections() >= 2, "the session was made again: " + u.forwarder.stats());
            awaitPart(health, "one failed pass, and good passes after it", p -> number(p, "failed_passes") == 1
                    && p.health().state() == HealthState.OK);
            ComponentStatus loop = part(health, "loop/uplink");
            assertTrue(String.valueOf(loop.details().get("last_failure")).contains("StackOverflowError: injected"),
                    loop.toString());
            assertEquals(LoopGuard.MINIMUM_STUCK_AFTER.toMillis(), number(loop, LoopGuard.STUCK_AFTER_MS));
            long passes = number(loop, LoopGuard.PASSES);
            awaitPart(health, "passes moving", p -> number(p, LoopGuard.PASSES) > passes);
        }
        assertEquals(null, part(health, "loop/uplink"), "a stopped sender leaves the status");
    }

    @Test
    void anErrorWhileReportingHealthIsCaughtAndTheSenderGoesOn() throws Exception {
        HealthRegistryImpl health = spy(new HealthRegistryImpl());
        doThrow(new NoClassDefFoundError("injected into the health registry")).doCallRealMethod()
                .when(health).report(eq(Forwarder.STORE_HEALTH), any(Health.class), anyMap());
        try (Subscriber sub = subscriber("sub-report-error");
             Uplink u = uplink(new JsonFormat("streetgate", NODE), health)) {
            u.store.append(Messages.summary("env-1", "temperature", T0, 18));
            sub.await("the summary", l -> temperatures(l).size() == 1, WAIT);
            awaitPart(health, "the failed report counted", p -> number(p, "failed_passes") >= 1);
            u.store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60), 19));
            sub.await("the next summary", l -> temperatures(l).size() == 2, WAIT);
            u.awaitDrained(WAIT);
        }
    }
}
