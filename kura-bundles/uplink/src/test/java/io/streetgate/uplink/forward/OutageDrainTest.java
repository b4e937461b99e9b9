package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.store.StoreStatus;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestPki;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker outage of six hours of gateway time (gateway time runs 1800 times faster than the wall clock):
 * a node with six streams keeps storing one summary per stream per minute; when the broker is back the
 * backlog drains oldest first while new summaries keep arriving, until the uplink has caught up. Every
 * message arrives, in order per stream, without gaps.
 */
class OutageDrainTest {

    static final Instant T0 = Instant.parse("2026-06-21T18:00:00Z");
    static final double SPEED = 1800;
    static final List<String> SENSORS = List.of("env-1", "env-2", "env-3");
    static final List<String> QUANTITIES = List.of("temperature", "humidity");

    @TempDir
    Path dir;

    @Test
    void sixHoursOfBacklogDrainCompletelyAndInOrderWhileNewDataKeepsFlowing() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        TimeBase time = TimeBase.accelerated(T0, SPEED);
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), pki, pki.serverCert, pki.serverKey,
                Map.of("pole-0042", "s3cret-Pole", "ops", "ops-pass"), false);
             Subscriber sub = new Subscriber(broker.url(), Tls.socketFactory(pki.caCert, null, null), "ops", "ops-pass",
                     "outage-check", true, "streetgate/pole-0042/summary/#");
             Uplink u = new Uplink(dir.resolve("store.db"), time, s -> new JsonFormat("streetgate", "pole-0042"),
                     Uplink.link(broker, pki, LinkSettings.Protocol.MQTT_5, "pole-0042", "s3cret-Pole", false),
                     Uplink.fastSettings(), new HealthRegistryImpl())) {
            u.forwarder.start();
            ExecutorService sources = Executors.newFixedThreadPool(SENSORS.size() * QUANTITIES.size());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong appended = new AtomicLong();
            Thread source = new Thread(() -> {
                // one summary per stream per gateway minute, appended together as the pipeline's window
                // closes do (group commit: one sync per minute of summaries)
                Instant next = time.now().plus(Duration.ofMinutes(1));
                while (running.get()) {
                    long wait = time.realDelayNanos(Duration.between(time.now(), next));
                    try {
                        Thread.sleep(wait / 1_000_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    Instant end = next;
                    List<Future<?>> minute = new ArrayList<>();
                    for (String sensor : SENSORS) {
                        for (String q : QUANTITIES) {
                            minute.add(sources.submit(() -> u.store.append(Messages.summary(sensor, q, end, 18))));
                        }
                    }
                    for (Future<?> f : minute) {
                        try {
                            f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    appended.addAndGet(minute.size());
                    next = next.plus(Duration.ofMinutes(1));
                }
            });
            source.start();
            sub.await("the first minute", l -> l.size() >= 6, Duration.ofSeconds(60));

            broker.stop();
            Instant outageStart = time.now();
            Thread.sleep(time.realDelayNanos(Duration.ofHours(6)) / 1_000_000);
            StoreStatus during = u.store.status();
            broker.start();
            Instant outageEnd = time.now();

            // the uplink catches up with the live data while it keeps coming
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (u.store.waiting() > 12 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Instant caughtUp = time.now();
            assertTrue(u.store.waiting() <= 12, "caught up: " + u.store.status().describe());
            Thread.sleep(time.realDelayNanos(Duration.ofMinutes(20)) / 1_000_000); // live data after the drain
            running.set(false);
            source.join();
            sources.shutdown();
            u.awaitDrained(Duration.ofMinutes(2));

            long total = appended.get();
            List<Subscriber.Received> got = sub.await(total + " summaries", l -> l.stream()
                    .map(r -> r.topic() + r.text().substring(0, r.text().indexOf(",\"epoch\""))).distinct()
                    .count() >= total, Duration.ofMinutes(2));
            Map<String, List<Long>> arrival = new HashMap<>();
            for (Subscriber.Received r : got) {
                arrival.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                        .add(((Number) JSON.std.mapFrom(r.payload()).get("seq")).longValue());
            }
            assertEquals(SENSORS.size() * QUANTITIES.size(), arrival.size());
            long duplicates = 0;
            for (Map.Entry<String, List<Long>> e : arrival.entrySet()) {
                List<Long> seqs = e.getValue();
                long expect = 1;
                for (long s : seqs) {
                    if (s < expect) {
                        duplicates++; // a re-delivery of one already seen, never a step back past a gap
                        continue;
                    }
                    assertEquals(expect, s, "in order without a gap on " + e.getKey());
                    expect++;
                }
            }
            long backlog = Duration.between(outageStart, outageEnd).toMinutes() * SENSORS.size() * QUANTITIES.size();
            System.out.printf("Outage of %s gateway time: %d messages waited (%s); drained and caught up %s of gateway "
                    + "time after the broker returned; %d messages in all, %d duplicates%n",
                    Duration.between(outageStart, outageEnd), during.messages(), during.describe(),
                    Duration.between(outageEnd, caughtUp), total, duplicates);
            assertTrue(during.messages() >= backlog * 9 / 10, during.messages() + " of about " + backlog + " waited");
            assertTrue(during.holdsHours() > 6, "the store holds more than the outage: " + during.describe());
            assertTrue(Duration.between(outageEnd, caughtUp).compareTo(Duration.ofHours(6)) < 0);
        }
    }
}
