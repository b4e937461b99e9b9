package io.streetgate.distribution.hour;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The upstream content of one simulated hour ({@link SimulatedHour}: the street of
 * {@code simulated-hour/site.yaml} from its fixed start and seed, stepped in gateway time) is held to the recorded
 * files beside it, {@code json.txt} and {@code sparkplug.txt}: a change at a seam (drivers, sampling, quality rules,
 * windows, indices, the privacy gate, the store, either format) that changes a message, a field or a value fails
 * here, naming the message, the field, the recorded and the new value.
 *
 * <p>To record again after a change that is meant to change what leaves the node, run
 * <pre>mvn -B -ntp -o -q -pl packaging/distribution -am verify -Dtest='SimulatedHourTest' \
 *   -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dsimulated.hour.record=true</pre>
 * and commit the files with the change, saying in the commit what changed upstream and why (docs/simulation.md,
 * "A repeatable hour").
 */
class SimulatedHourTest {

    /** Set to {@code true} to write the recorded files instead of comparing with them. */
    static final String RECORD = "simulated.hour.record";
    private static final Path RECORDED = Path.of("src/test/resources/simulated-hour");
    private static final Duration HOUR = Duration.ofHours(1);

    /** Where the runs keep the uplink's store: memory (/dev/shm) when there is one, so that no fsync waits. */
    private static Path storeFolder;
    /** The first run of this JVM, which both tests use, so that the hour runs twice, not three times. */
    private static SimulatedHour.Content first;

    @BeforeAll
    static void folder() throws IOException {
        Path shm = Path.of("/dev/shm");
        storeFolder = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir")), "streetgate-hour");
    }

    @AfterAll
    static void removeFolder() throws IOException {
        try (Stream<Path> files = Files.walk(storeFolder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static synchronized SimulatedHour.Content first() throws IOException {
        if (first == null) {
            first = SimulatedHour.run(site(), HOUR, storeFolder.resolve("first"));
        }
        return first;
    }

    static String site() throws IOException {
        return Files.readString(RECORDED.resolve("site.yaml"));
    }

    @Test
    void theUpstreamContentOfTheHourIsTheRecordedOne() throws IOException {
        SimulatedHour.Content content = first();
        if (Boolean.getBoolean(RECORD)) {
            Files.write(RECORDED.resolve("json.txt"), content.json(), StandardCharsets.UTF_8);
            Files.write(RECORDED.resolve("sparkplug.txt"), content.sparkplug(), StandardCharsets.UTF_8);
            System.out.println("Recorded the simulated hour: " + content.json().size() + " JSON and "
                    + content.sparkplug().size() + " Sparkplug B publications in " + RECORDED.toAbsolutePath());
            return;
        }
        List<String> differences = new ArrayList<>();
        differences.addAll(differences("json.txt", content.json()));
        differences.addAll(differences("sparkplug.txt", content.sparkplug()));
        if (!differences.isEmpty()) {
            fail("The upstream content of the simulated hour differs from the recorded one in "
                    + differences.size() + " place(s)" + (differences.size() > 20 ? " (the first 20)" : "") + ":\n"
                    + String.join("\n", differences.subList(0, Math.min(20, differences.size())))
                    + "\nIf the change is meant to change what leaves the node, record the hour again with "
                    + "-D" + RECORD + "=true (see this test's comment and docs/simulation.md) and commit the files.");
        }
    }

    @Test
    void twoRunsOfTheHourInOneJvmSendTheSameContent() throws IOException {
        SimulatedHour.Content second = SimulatedHour.run(site(), HOUR, storeFolder.resolve("second"));
        assertTrue(first().json().size() > 1000, "the hour sent " + first().json().size() + " JSON messages");
        assertEquals(first().json(), second.json(), "JSON: the hour is not repeatable");
        assertEquals(first().sparkplug(), second.sparkplug(), "Sparkplug B: the hour is not repeatable");
    }

    /** The differences between a recorded file and a run's lines, each naming the message and the field. */
    private static List<String> differences(String file, List<String> now) throws IOException {
        Path path = RECORDED.resolve(file);
        if (!Files.exists(path)) {
            return List.of(file + ": no recorded file at " + path.toAbsolutePath() + "; record it with -D" + RECORD
                    + "=true");
        }
        return HourDiff.compare(file, Files.readAllLines(path, StandardCharsets.UTF_8), now);
    }
}
