package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.SenmlCborFormat;
import io.streetgate.uplink.payload.SenmlCborFormat.Compression;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.SenmlRecords;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestClock;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lean format (SenML CBOR packs) against a real mosquitto with TLS and passwords. */
class SenmlCborUplinkTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:31:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration PACK_WINDOW = Duration.ofMinutes(5);

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    Uplink uplink(TestClock clock, SenmlCborFormat.Packing packing, LinkSettings.Protocol protocol) {
        Uplink u = broker.uplink(work.resolve("store.db"), TimeBase.of(clock),
                s -> new SenmlCborFormat("streetgate", NODE, "streetgate", packing), protocol,
                new HealthRegistryImpl());
        u.forwarder.start();
        return u;
    }

    /** 3 series of env-1 for {@code windows} minutes, mean {@code 18.4 + i/100 + 1/3}. */
    static void appendSummaries(Uplink u, int windows) {
        for (int i = 0; i < windows; i++) {
            for (String q : List.of("temperature", "humidity", "pressure")) {
                u.store.append(Messages.summary("env-1", q, T0.plusSeconds(60L * i), 18.4 + i / 100.0 + 1 / 3.0));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aWindowsSummariesGoOutAsOnePackWhenTheOldestHasWaitedThePackingWindowAndLeaveTheStoreOnItsPuback(
            Compression compression) throws Exception {
        TestClock clock = new TestClock(T0);
        String topic = "streetgate/pole-0042/" + (compression == Compression.DEFLATE ? "senml-deflate" : "senml");
        try (Subscriber sub = broker.subscriber("sub-pack-" + compression, topic);
             Uplink u = uplink(clock, new SenmlCborFormat.Packing(PACK_WINDOW, 64 * 1024, compression),
                     LinkSettings.Protocol.MQTT_5)) {
            appendSummaries(u, 10);
            clock.advance(PACK_WINDOW);

            Subscriber.Received pack = sub.awaitOne("a pack", r -> r.topic().equals(topic), WAIT);
            List<SenmlRecords.Record> records = SenmlRecords.read(pack.payload(), compression == Compression.DEFLATE);
            // 30 summaries, each mean, min, max, count and span
            assertEquals(150, records.size(), "every record: " + records);
            Map<String, SenmlRecords.Record> byNameAndTime = new HashMap<>();
            for (SenmlRecords.Record r : records) {
                byNameAndTime.put(r.name() + "@" + (long) r.time(), r);
            }
            SenmlRecords.Record mean = byNameAndTime.get("pole-0042/env-1/temperature/mean@"
                    + T0.plusSeconds(60 * 3).getEpochSecond());
            assertEquals("Cel", mean.unit());
            // 18.4 + 0.03 + 1/3 = 18.76333..., kept to the temperature's 0.01 (a 32-bit float within 0.005 of it)
            assertEquals(18.76, ((Number) mean.value()).doubleValue(), 0.004);
            SenmlRecords.Record humidity = byNameAndTime.get("pole-0042/env-1/humidity/mean@"
                    + T0.plusSeconds(60 * 3).getEpochSecond());
            assertEquals(18.763, ((Number) humidity.value()).doubleValue(), 0.0004, "humidity to 0.001");
            SenmlRecords.Record count = byNameAndTime.get("pole-0042/env-1/pressure/count@"
                    + T0.plusSeconds(60 * 9).getEpochSecond());
            assertEquals("count", count.unit());
            assertEquals(6, ((Number) count.value()).intValue());
            SenmlRecords.Record span = byNameAndTime.get("pole-0042/env-1/pressure/span@" + T0.getEpochSecond());
            assertEquals("s", span.unit());
            assertEquals(60, ((Number) span.value()).intValue());
            assertEquals(150, byNameAndTime.size(), "no record twice");
            u.awaitDrained(WAIT);
            assertEquals(1, sub.all().stream().filter(r -> r.topic().equals(topic)).count(),
                    "the 30 summaries went as one publication");
        }
    }

    @Test
    void aPackNeverPassesItsBoundAndEverySummaryArrivesOnceInOrder() throws Exception {
        TestClock clock = new TestClock(T0);
        String topic = "streetgate/pole-0042/senml";
        int bound = 1024;
        try (Subscriber sub = broker.subscriber("sub-bound", topic);
             Uplink u = uplink(clock, new SenmlCborFormat.Packing(PACK_WINDOW, bound, Compression.NONE),
                     LinkSettings.Protocol.MQTT_3_1_1)) {
            appendSummaries(u, 40);
            clock.advance(PACK_WINDOW);
            List<Subscriber.Received> packs = sub.await("120 summaries", l -> means(l).size() >= 120, WAIT);
            assertTrue(packs.size() > 1, "120 summaries do not fit in 1 KiB");
            for (Subscriber.Received p : packs) {
                assertTrue(p.payload().length <= bound, "a pack of " + p.payload().length + " bytes");
            }
            List<SenmlRecords.Record> means = means(packs);
            assertEquals(120, means.size());
            Map<String, Double> last = new HashMap<>();
            for (SenmlRecords.Record r : means) {
                Double before = last.put(r.name(), r.time());
                assertTrue(before == null || before < r.time(), "in order per series: " + r);
            }
            assertEquals(Set.of("pole-0042/env-1/temperature/mean", "pole-0042/env-1/humidity/mean",
                    "pole-0042/env-1/pressure/mean"), last.keySet());
            u.awaitDrained(WAIT);
        }
    }

    @Test
    void commandsAndTheirResultsAreTheJsonFormatsAndEventsGoOutAtOnceAsJson() throws Exception {
        TestClock clock = new TestClock(T0);
        try (Subscriber sub = broker.subscriber("sub-cmd", "streetgate/pole-0042/cmd/result",
                "streetgate/pole-0042/event/#");
             Uplink u = uplink(clock, new SenmlCborFormat.Packing(PACK_WINDOW, 64 * 1024, Compression.DEFLATE),
                     LinkSettings.Protocol.MQTT_5)) {
            u.commands.add(JsonUplinkTest.handler("test.ping", c -> CommandResult.done("pong", Map.of())));
            u.store.append(Messages.event("noise-1", "noise.limit", T0));
            Subscriber.Received event = sub.awaitOne("the event", r -> r.topic().contains("/event/"), WAIT);
            assertEquals("event", JSON.std.mapFrom(event.payload()).get("kind"));

            // the event came after the subscription to the command topic; issued now in gateway time
            sub.publish("streetgate/pole-0042/cmd", "{\"id\":\"c-1\",\"name\":\"test.ping\",\"issued\":\""
                    + clock.instant() + "\"}");
            Subscriber.Received result = sub.awaitOne("the result", r -> r.topic().endsWith("/cmd/result"), WAIT);
            Map<String, Object> answer = JSON.std.mapFrom(result.payload());
            assertEquals("c-1", answer.get("id"));
            assertEquals(true, answer.get("accepted"), answer.toString());
            u.awaitDrained(WAIT);
        }
    }

    static List<SenmlRecords.Record> means(List<Subscriber.Received> packs) {
        List<SenmlRecords.Record> out = new ArrayList<>();
        for (Subscriber.Received p : packs) {
            try {
                for (SenmlRecords.Record r : SenmlRecords.read(p.payload(), false)) {
                    if (r.name().endsWith("/mean")) {
                        out.add(r);
                    }
                }
            } catch (Exception e) {
                throw new AssertionError("not a SenML CBOR pack on " + p.topic(), e);
            }
        }
        return out;
    }
}
