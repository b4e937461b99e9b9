package io.streetgate.uplink.forward;

import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestBroker;
import io.streetgate.uplink.testing.TestPki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway processes ({@link PublisherMain}) on one store that a test kills with SIGKILL, one after the other, and
 * the last one that drains the store: what they accepted, and what the store says it numbered.
 */
final class KilledPublishers implements AutoCloseable {

    private final Path dir;
    private final TestBroker broker;
    private final TestPki pki;
    private final String user;
    private final Path passwordFile;
    private final LinkSettings.Protocol protocol;
    private final int streams;
    private final int perSecond;
    private final List<Process> started = new ArrayList<>();

    KilledPublishers(Path dir, TestBroker broker, TestPki pki, String user, String password,
                     LinkSettings.Protocol protocol, int streams, int perSecond) throws Exception {
        this.dir = dir;
        this.broker = broker;
        this.pki = pki;
        this.user = user;
        this.protocol = protocol;
        this.streams = streams;
        this.perSecond = perSecond;
        this.passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    }

    Path store() {
        return dir.resolve("store.db");
    }

    /** Starts publisher {@code n}, which appends {@code perSecond} messages a second over its streams. */
    Process start(int n) throws Exception {
        return launch("publish", n);
    }

    private Process launch(String mode, int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path natives = Files.createDirectories(dir.resolve("native"));
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dorg.sqlite.tmpdir=" + natives,
                "-cp", System.getProperty("java.class.path"), PublisherMain.class.getName(), store().toString(),
                broker.url(), pki.caCert.toString(), user, passwordFile.toString(), mode, Integer.toString(streams),
                Integer.toString(perSecond), protocol.label())
                .redirectErrorStream(true).redirectOutput(log(n).toFile()).start();
        started.add(p);
        return p;
    }

    private Path log(int n) {
        return dir.resolve("publisher-" + n + ".log");
    }

    /** Waits until publisher {@code n} has accepted its first message, so that it is killed while publishing. */
    void awaitFirstAppend(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!Files.exists(log(n)) || Files.readAllLines(log(n)).stream()
                .noneMatch(line -> line.startsWith(PublisherMain.ACCEPTED))) {
            assertTrue(System.nanoTime() < deadline, "publisher " + n + " accepted nothing within a minute: "
                    + (Files.exists(log(n)) ? Files.readString(log(n)) : "(no output)"));
            Thread.sleep(20);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits for the process to be gone. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed process is gone");
    }

    /** Starts one more process that appends nothing, waits until it has delivered everything, and reads the store. */
    Drained drain(Duration timeout) throws Exception {
        Process drain = launch("drain", 0);
        assertTrue(drain.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), "the last process drains the store");
        assertEquals(0, drain.exitValue(), Files.readString(log(0)));
        Map<String, Long> last = new TreeMap<>();
        String epoch;
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + store());
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
        Map<String, Long> accepted = new TreeMap<>();
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("publisher-")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith(PublisherMain.ACCEPTED)) {
                        String[] parts = line.split(" ");
                        accepted.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                    }
                }
            }
        }
        return new Drained(last, accepted, epoch);
    }

    /**
     * What the store numbered (the last number of each stream, keyed as the topic after the node's prefix), what the
     * processes printed as accepted, and the store's epoch.
     */
    record Drained(Map<String, Long> lastSeq, Map<String, Long> accepted, String epoch) {

        long total() {
            return lastSeq.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Every number 1..last of every stream arrived, in the store's one epoch; answers how many came twice. */
        int assertEveryNumberArrived(List<Subscriber.Received> got) throws Exception {
            Map<String, Set<Long>> seqs = new HashMap<>();
            int duplicates = 0;
            for (Subscriber.Received r : got) {
                Map<String, Object> m = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(r.payload());
                assertEquals(epoch, m.get("epoch"), "one store, one epoch");
                String stream = r.topic().substring(r.topic().indexOf('/', "streetgate/".length()) + 1);
                if (!seqs.computeIfAbsent(stream, k -> new HashSet<>()).add(((Number) m.get("seq")).longValue())) {
                    duplicates++;
                }
            }
            for (Map.Entry<String, Long> e : lastSeq.entrySet()) {
                Set<Long> s = seqs.getOrDefault(e.getKey(), Set.of());
                List<Long> missing = new ArrayList<>();
                for (long n = 1; n <= e.getValue(); n++) {
                    if (!s.contains(n)) {
                        missing.add(n);
                    }
                }
                assertEquals(List.of(), missing, "no gap in " + e.getKey() + " (1.." + e.getValue() + ")");
            }
            return duplicates;
        }
    }

    /** Kills what is still running of the processes it started (a failed test's). */
    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                kill(p);
            }
        }
    }
}
