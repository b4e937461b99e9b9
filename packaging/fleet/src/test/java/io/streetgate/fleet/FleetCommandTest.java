package io.streetgate.fleet;

import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streetgate sim fleet} as an operator runs it, against a real mosquitto. */
class FleetCommandTest {

    @TempDir
    Path tmp;
    String out;
    String err;

    int fleet(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = new CommandLine(new FleetCommand()).setOut(new PrintWriter(o, true))
                .setErr(new PrintWriter(e, true)).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void runsTheGatewaysReportsLiveAndCleansUp() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous(tmp.resolve("broker"));
             Subscriber dashboard = new Subscriber(broker.url(), "dashboard", "streetgate/#")) {
            int code = fleet("--gateways", "3", "--prefix", "test", "--broker", broker.url(), "--speed", "600",
                    "--duration", "4s", "--stagger", "0", "--report-every", "1s");
            assertEquals(FleetCommand.OK, code, out + err);
            assertTrue(out.contains("fleet: 3 gateways test-0001..test-0003, JSON (under streetgate/), MQTT 5"), out);
            assertTrue(out.contains("gateways connected 3/3  sent "), out);
            assertTrue(out.contains("fleet: 3 gateways ran "), out);
            assertTrue(out.contains("0 still waiting in the stores"), out);

            Matcher dir = Pattern.compile("stores in (\\S+) \\((in memory|on disk), deleted at the end\\)").matcher(out);
            assertTrue(dir.find(), out);
            assertFalse(Files.exists(Path.of(dir.group(1))), "the temporary store folder is gone");

            dashboard.await("an offline state from each gateway", l -> l.stream()
                    .filter(r -> r.topic().endsWith("/state") && r.text().contains("\"online\":false")).count() >= 3,
                    Duration.ofMinutes(1));
            Set<String> nodes = new TreeSet<>();
            dashboard.all().forEach(r -> nodes.add(r.topic().split("/")[1]));
            assertEquals(Set.of("test-0001", "test-0002", "test-0003"), nodes);
        }
    }

    @Test
    void aKeptStoreFolderGoesOnWhereTheLastRunStopped() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous(tmp.resolve("broker"))) {
            Path stores = tmp.resolve("stores");
            String[] args = {"--gateways", "1", "--broker", broker.url(), "--speed", "600", "--duration", "2s",
                    "--stagger", "0", "--store-dir", stores.toString()};
            assertEquals(FleetCommand.OK, fleet(args), out + err);
            assertTrue(Files.exists(stores.resolve("sim-0001").resolve("store.db")));
            assertEquals(FleetCommand.OK, fleet(args), out + err);
            assertTrue(Files.exists(stores.resolve("sim-0001").resolve("store.db")));
        }
    }

    @Test
    void badUsageIsNamed() {
        assertEquals(FleetCommand.USAGE, fleet("--format", "xml"));
        assertTrue(err.contains("--format 'xml' is not json or sparkplug"), err);
        assertEquals(FleetCommand.USAGE, fleet("--gateways", "0"));
        assertTrue(err.contains("--gateways 0 is not in 1..9999"), err);
        assertEquals(FleetCommand.USAGE, fleet("--protocol", "4"));
        assertTrue(err.contains("protocol '4' is not 5 or 3.1.1"), err);
    }

    @Test
    void aGatewayThatNeverConnectsFailsTheRun() throws Exception {
        int code = fleet("--gateways", "2", "--broker", "tcp://127.0.0.1:1", "--duration", "2s", "--stagger", "0",
                "--drain", "0");
        assertEquals(FleetCommand.NEVER_CONNECTED, code, out + err);
        assertTrue(out.contains("fleet: 2 gateway(s) never connected; last error: "), out);
    }
}
