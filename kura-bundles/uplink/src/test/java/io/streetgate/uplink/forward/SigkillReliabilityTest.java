package io.streetgate.uplink.forward;

import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store-and-forward promise under SIGKILL: a process publishing through the uplink is killed with
 * SIGKILL over and over - while connected, in the first moments of a broker outage, in its middle, and
 * while the broker comes back - and restarted on the same store. At the end every sequence number of every
 * stream has arrived at a subscriber on the broker (no gaps), and nothing the process had accepted is missing.
 * Duplicates are counted and must stay within the in-flight window per interruption.
 */
class SigkillReliabilityTest {

    static final int ROUNDS = 24;
    static final int STREAMS = 4;
    static final int PER_SECOND = 400;
    static final int MAX_INFLIGHT = 64; // Uplink.fastSettings()

    @TempDir
    Path dir;

    @Test
    void afterTwentyFourKillsAndFiveBrokerRestartsEverySequenceNumberArrivedAndDuplicatesAreBounded()
            throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Random random = new Random(20261123);
        int kills = 0;
        int brokerRestarts = 0;

        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), pki, pki.serverCert, pki.serverKey,
                Map.of("pole-0042", "s3cret-Pole", "ops", "ops-pass"), false);
             Subscriber sub = new Subscriber(broker.url(), Tls.socketFactory(pki.caCert, null, null), "ops",
                     "ops-pass", "reliability-check", true, "streetgate/pole-0042/summary/#");
             KilledPublishers publishers = new KilledPublishers(dir, broker, pki, "pole-0042", "s3cret-Pole",
                     LinkSettings.Protocol.MQTT_5, STREAMS, PER_SECOND)) {
            for (int round = 1; round <= ROUNDS; round++) {
                Process p = publishers.start(round);
                publishers.awaitFirstAppend(round); // a loaded machine can take seconds to start a JVM
                Thread.sleep(1000 + random.nextInt(1500));
                switch (round % 6) {
                    case 2 -> { // killed in the first moments of an outage
                        broker.stop();
                        brokerRestarts++;
                        Thread.sleep(50 + random.nextInt(300));
                        KilledPublishers.kill(p);
                        broker.start();
                    }
                    case 4 -> { // killed in the middle of an outage; the next process starts while it lasts
                        broker.stop();
                        brokerRestarts++;
                        Thread.sleep(800 + random.nextInt(800));
                        KilledPublishers.kill(p);
                        p = publishers.start(round * 100);
                        Thread.sleep(500 + random.nextInt(500));
                        broker.start();
                        Thread.sleep(random.nextInt(600)); // and killed while the backlog drains
                        KilledPublishers.kill(p);
                        kills++;
                    }
                    default -> KilledPublishers.kill(p); // killed while connected and publishing
                }
                kills++;
            }
            KilledPublishers.Drained drained = publishers.drain(Duration.ofMinutes(4));
            long expected = drained.total();
            List<Subscriber.Received> got = sub.await(expected + " distinct messages",
                    l -> distinct(l).size() >= expected, Duration.ofMinutes(3));
            int duplicates = drained.assertEveryNumberArrived(got);
            for (Map.Entry<String, Long> e : drained.lastSeq().entrySet()) {
                assertTrue(drained.accepted().getOrDefault(e.getKey(), 0L) <= e.getValue(),
                        "everything accepted was kept");
            }
            int interruptions = kills + brokerRestarts;
            System.out.printf("SIGKILL reliability: %d kills, %d broker restarts, %d streams, %d messages, "
                    + "%d duplicates (%.2f %%), at most %d per interruption allowed%n", kills, brokerRestarts,
                    drained.lastSeq().size(), expected, duplicates, 100.0 * duplicates / expected, 2 * MAX_INFLIGHT);
            assertEquals(STREAMS, drained.lastSeq().size());
            assertTrue(kills >= 20, "killed " + kills + " times");
            assertTrue(duplicates <= interruptions * 2 * MAX_INFLIGHT, duplicates + " duplicates after "
                    + interruptions + " interruptions");
        }
    }

    private static Set<String> distinct(List<Subscriber.Received> l) {
        Set<String> keys = new HashSet<>();
        for (Subscriber.Received r : l) {
            String text = r.text();
            int i = text.indexOf("\"seq\":");
            keys.add(r.topic() + "#" + text.substring(i, text.indexOf(',', i)));
        }
        return keys;
    }
}
