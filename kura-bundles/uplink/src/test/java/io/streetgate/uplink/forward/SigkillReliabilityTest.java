package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

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
        Path store = dir.resolve("store.db");
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "s3cret-Pole\n");
        Random random = new Random(20261123);
        Map<String, Long> accepted = new TreeMap<>();
        int kills = 0;
        int brokerRestarts = 0;

        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), pki, pki.serverCert, pki.serverKey,
                Map.of("pole-0042", "s3cret-Pole", "ops", "ops-pass"), false);
             Subscriber sub = new Subscriber(broker.url(), Tls.socketFactory(pki.caCert, null, null), "ops",
                     "ops-pass", "reliability-check", true, "streetgate/pole-0042/summary/#")) {
            for (int round = 1; round <= ROUNDS; round++) {
                Process p = publisher(pki, broker, store, passwordFile, "publish", round);
                awaitFirstAppend(round); // a loaded machine can take seconds to start a JVM
                Thread.sleep(1000 + random.nextInt(1500));
                switch (round % 6) {
                    case 2 -> { // killed in the first moments of an outage
                        broker.stop();
                        brokerRestarts++;
                        Thread.sleep(50 + random.nextInt(300));
                        kill(p);
                        broker.start();
                    }
                    case 4 -> { // killed in the middle of an outage; the next process starts while it lasts
                        broker.stop();
                        brokerRestarts++;
                        Thread.sleep(800 + random.nextInt(800));
                        kill(p);
                        accepted(p, round, accepted);
                        p = publisher(pki, broker, store, passwordFile, "publish", round * 100);
                        Thread.sleep(500 + random.nextInt(500));
                        broker.start();
                        Thread.sleep(random.nextInt(600)); // and killed while the backlog drains
                        kill(p);
                        kills++;
                    }
                    default -> kill(p); // killed while connected and publishing
                }
                kills++;
                accepted(p, round, accepted);
            }
            Process drain = publisher(pki, broker, store, passwordFile, "drain", 0);
            assertTrue(drain.waitFor(4, TimeUnit.MINUTES), "the last process drains the store");
            String out = Files.readString(publisherLog(0));
            assertEquals(0, drain.exitValue(), out);

            Map<String, Long> last = new TreeMap<>();
            String epoch;
            try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + store);
                 Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT key, next_seq - 1 FROM stream")) {
                    while (r.next()) {
                        last.put(r.getString(1), r.getLong(2));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM message")) {
                    r.next();
                    assertEquals(0, r.getLong(1), "the store is empty");
                }
                try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'epoch'")) {
                    r.next();
                    epoch = r.getString(1);
                }
            }
            long expected = last.values().stream().mapToLong(Long::longValue).sum();
            List<Subscriber.Received> got = sub.await(expected + " distinct messages", l -> distinct(l).size() >= expected,
                    Duration.ofMinutes(3));

            Map<String, Set<Long>> seqs = new HashMap<>();
            int duplicates = 0;
            for (Subscriber.Received r : got) {
                Map<String, Object> m = JSON.std.mapFrom(r.payload());
                assertEquals(epoch, m.get("epoch"), "one store, one epoch");
                String stream = r.topic().substring("streetgate/pole-0042/".length());
                if (!seqs.computeIfAbsent(stream, k -> new HashSet<>()).add(((Number) m.get("seq")).longValue())) {
                    duplicates++;
                }
            }
            for (Map.Entry<String, Long> e : last.entrySet()) {
                Set<Long> s = seqs.getOrDefault(e.getKey(), Set.of());
                List<Long> missing = new ArrayList<>();
                for (long n = 1; n <= e.getValue(); n++) {
                    if (!s.contains(n)) {
                        missing.add(n);
                    }
                }
                assertEquals(List.of(), missing, "no gap in " + e.getKey() + " (1.." + e.getValue() + ")");
                assertTrue(accepted.getOrDefault(e.getKey(), 0L) <= e.getValue(), "everything accepted was kept");
            }
            int interruptions = kills + brokerRestarts;
            System.out.printf("SIGKILL reliability: %d kills, %d broker restarts, %d streams, %d messages, "
                    + "%d duplicates (%.2f %%), at most %d per interruption allowed%n", kills, brokerRestarts,
                    last.size(), expected, duplicates, 100.0 * duplicates / expected, 2 * MAX_INFLIGHT);
            assertEquals(STREAMS, last.size());
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

    private Process publisher(TestPki pki, Mosquitto broker, Path store, Path passwordFile, String mode, int n)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path natives = Files.createDirectories(dir.resolve("native"));
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dorg.sqlite.tmpdir=" + natives,
                "-cp", System.getProperty("java.class.path"), PublisherMain.class.getName(), store.toString(),
                broker.url(), pki.caCert.toString(), "pole-0042", passwordFile.toString(), mode,
                Integer.toString(STREAMS), Integer.toString(PER_SECOND))
                .redirectErrorStream(true).redirectOutput(publisherLog(n).toFile()).start();
    }

    /** Waits until publisher {@code n} has printed its first accepted message, so that it is killed while publishing. */
    private void awaitFirstAppend(int n) throws Exception {
        Path log = publisherLog(n);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Files.readAllLines(log).stream().noneMatch(line -> line.startsWith(PublisherMain.ACCEPTED))) {
            assertTrue(System.nanoTime() < deadline, "publisher " + n + " accepted nothing within a minute: "
                    + Files.readString(log));
            Thread.sleep(20);
        }
    }

    private Path publisherLog(int n) {
        return dir.resolve("publisher-" + n + ".log");
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits for the process to be gone. */
    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    private void accepted(Process p, int n, Map<String, Long> accepted) throws Exception {
        Path log = publisherLog(n);
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith(PublisherMain.ACCEPTED)) {
                String[] parts = line.split(" ");
                accepted.merge(parts[1], Long.parseLong(parts[2]), Math::max);
            }
        }
    }
}
