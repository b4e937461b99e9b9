package io.streetgate.uplink.forward;

import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.gateway.time.ClockRule;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.JsonFormat;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static io.streetgate.uplink.forward.CommandSecurityTest.CMD;
import static io.streetgate.uplink.forward.CommandSecurityTest.WAIT;
import static io.streetgate.uplink.forward.CommandSecurityTest.answer;
import static io.streetgate.uplink.forward.CommandSecurityTest.override;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The uplink against a real mosquitto on a gateway whose clock is far in the past (a board without a real-time
 * clock after a cold boot): it does not connect while the clock is not plausible and says why in its health,
 * connects once time sync sets the clock, and leaves the broker when the clock goes back. The commands that wait
 * for it are bounded: what does not fit is refused unread, counted and audited once.
 */
class ClockWaitTest {

    static final Instant BUILT = Instant.parse("2026-11-30T00:00:00Z");
    static final Instant COLD_BOOT = Instant.parse("1970-01-01T00:00:07Z");
    static final Instant SYNCED = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    private Uplink uplink(TimeBase time, HealthRegistryImpl health, ClockCheck clock) {
        return new Uplink(work.resolve("store.db"), time, s -> new JsonFormat("streetgate", NODE),
                broker.link(LinkSettings.Protocol.MQTT_5), Uplink.fastSettings(),
                health, clock);
    }

    private static String link(HealthRegistryImpl health) {
        return health.snapshot().stream().filter(p -> p.name().equals(Forwarder.LINK_HEALTH))
                .map(ComponentStatus::health).map(h -> h.state() + ": " + h.reason()).findFirst().orElse("none");
    }

    private static void await(String what, BooleanSupplier condition, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + WAIT + "; " + state);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void onA1970ClockTheUplinkWaitsAndConnectsWhenTimeSyncSetsTheClock() throws Exception {
        TestClock clock = new TestClock(COLD_BOOT);
        TimeBase time = TimeBase.of(clock);
        ClockCheck check = new ClockRule(BUILT, Optional.empty(), ClockRule.BACKWARDS_TOLERANCE).check(time::now);
        HealthRegistryImpl health = new HealthRegistryImpl();
        try (Subscriber ops = broker.subscriber("ops-clock", false, CMD + "/result");
             Uplink u = uplink(time, health, check)) {
            u.commands.add(JsonUplinkTest.handler("actuator.override", c -> CommandResult.done("ok", Map.of())));
            u.forwarder.start();
            await("the link saying that it waits for the clock",
                    () -> link(health).contains("waiting for a plausible clock"), link(health));
            assertEquals(0, u.forwarder.stats().connections(), "no TLS handshake on a 1970 clock");
            assertTrue(link(health).contains("1970-01-01T00:00:07Z") && link(health).contains("time sync"),
                    link(health));

            clock.advance(Duration.between(COLD_BOOT, SYNCED)); // time sync sets the clock
            await("the connection", () -> u.forwarder.stats().connected(), u.forwarder.stats().toString());
            ops.publish(CMD, override("after-sync", clock.instant(), clock.instant().plusSeconds(300)));
            assertEquals(true, answer(ops, "after-sync").get("accepted"), "a fresh command works on the set clock");

            clock.advance(Duration.ofHours(-3)); // the clock goes back: certificates and freshness mean nothing
            await("the session's end", () -> !u.forwarder.stats().connected()
                    && link(health).contains("went back"), link(health));
            clock.advance(Duration.ofHours(3));
            await("the connection again", () -> u.forwarder.stats().connected(), u.forwarder.stats().toString());
        }
    }

    @Test
    void commandsBeyondTheInboxAreRefusedUnreadCountedAndAuditedOnce() throws Exception {
        TimeBase time = TimeBase.system();
        ClockCheck check = new ClockRule(BUILT, Optional.empty(), ClockRule.BACKWARDS_TOLERANCE).check(time::now);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CommandSecurityTest.Refusals audit = new CommandSecurityTest.Refusals();
        int junk = CommandInbox.CAPACITY + 44;
        try (Subscriber ops = broker.subscriber("ops-flood", false, CMD + "/result");
             Uplink u = uplink(time, new HealthRegistryImpl(), check)) {
            u.commands.add(JsonUplinkTest.handler("hold", c -> {
                entered.countDown();
                try {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CommandResult.done("held", Map.of());
            }));
            u.commands.audit(audit);
            CommandSecurityTest.connect(u, ops);

            Instant now = Instant.now();
            ops.publish(CMD, "{\"id\":\"hold\",\"name\":\"hold\",\"issued\":\"" + now + "\"}");
            assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the sender took the holding command");
            for (int i = 0; i < junk; i++) {
                ops.publish(CMD, "{\"id\":\"junk-" + i + "\",\"name\":\"no.such.command\"}");
            }
            await("the inbox's overflow", () -> u.forwarder.stats().commandsRefusedUnread() == 44,
                    u.forwarder.stats().toString());
            release.countDown();

            await("the answers to what fitted", () -> ops.all().stream()
                    .filter(r -> r.text().contains("\"junk-")).count() == CommandInbox.CAPACITY,
                    "answers: " + ops.count());
            await("the audit of the overflow", () -> audit.recorded.stream().anyMatch(r -> r.contains("unread")),
                    audit.recorded.size() + " audit records");
            assertEquals(1, audit.recorded.stream().filter(r -> r.contains("refused unread")).count());
            assertTrue(audit.recorded.stream().anyMatch(r -> r.equals("unread mqtt []: 44 command(s) refused "
                    + "unread: more than 1024 commands or 1024 KiB waited for the gateway: a flood of its command "
                    + "topics")), audit.recorded.toString());
            assertEquals(44, u.forwarder.stats().commandsRefusedUnread());
        }
    }
}
