package io.streetgate.ota.agent;

import io.streetgate.ota.message.UpdateState;

import io.streetgate.ota.testkit.AgentBed;
import io.streetgate.ota.testkit.SimRepo;
import io.streetgate.ota.testkit.TestHttpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Power is cut at every step of download and install, for both backends, with a healthy and an unhealthy new
 * version. After each cut the node boots what the launcher or bootloader would boot; it must run the old or the
 * new version (never neither), and the agent must resume and end in a reported state.
 */
class PowerLossTest {
    static final class PowerLoss extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PowerLoss(String step) {
            super("power cut at " + step);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (AgentBed.Kind kind : AgentBed.Kind.values()) {
            for (String step : UpdateAgent.STEPS) {
                for (boolean healthy : new boolean[] {true, false}) {
                    if (step.equals("committed") && !healthy || step.equals("reverting") && healthy) {
                        continue;
                    }
                    out.add(Arguments.of(kind, step, healthy));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: power cut at {1}, new version healthy={2}")
    @MethodSource("cases")
    void theNodeRunsTheOldOrTheNewVersionAndTheAgentFinishes(AgentBed.Kind kind, String step, boolean healthy) throws Exception {
        Path tmp = Files.createTempDirectory("powerloss");
        SimRepo repo = new SimRepo();
        try (TestHttpServer http = TestHttpServer.serving(repo.files)) {
            AgentBed bed = new AgentBed(tmp, kind, repo, http);
            bed.publish("2.0.0", 2 << 20);
            bed.health = t -> healthy ? io.streetgate.ota.agent.HealthCheck.Result.ok()
                    : io.streetgate.ota.agent.HealthCheck.Result.failed("sensors silent");
            boolean[] cut = {false};
            bed.hook = s -> {
                if (s.equals(step) && !cut[0]) {
                    cut[0] = true;
                    throw new PowerLoss(s);
                }
            };
            int boots = 0;
            while (true) {
                int restartsBefore = bed.restarts.size();
                try {
                    bed.agent().runOnce();
                } catch (PowerLoss e) {
                    // the process died here; nothing after this point ran
                }
                boolean restartAsked = bed.restarts.size() > restartsBefore;
                if (cut[0] || restartAsked) {
                    bed.powerCycle();
                }
                String running = bed.runningFromDisk();
                assertTrue(running.equals("1.0.0") || running.equals("2.0.0"), "after the cut the node runs " + running);
                if (++boots > 8) {
                    fail("the agent did not finish: " + bed.states());
                }
                if (bed.agent().phase() == Journal.Phase.IDLE && !restartAsked && bed.states().stream().anyMatch(PowerLossTest::terminal)) {
                    break;
                }
            }
            assertTrue(cut[0], "the step " + step + " was reached");
            UpdateState end = bed.states().stream().filter(PowerLossTest::terminal).reduce((a, b) -> b).orElseThrow();
            String running = bed.runningFromDisk();
            if (end == UpdateState.COMMITTED) {
                assertEquals("2.0.0", running);
            } else {
                assertEquals("1.0.0", running, "ended " + end + ": " + bed.lastReport().reason());
            }
            if (!healthy) {
                assertEquals(UpdateState.ROLLED_BACK, end, bed.states().toString());
            } else if (!List.of("trial-running", "health-checked").contains(step)) {
                assertEquals(UpdateState.COMMITTED, end, "a cut outside the trial only delays a healthy update: " + bed.states());
            }
        }
    }

    static boolean terminal(UpdateState s) {
        return s == UpdateState.COMMITTED || s == UpdateState.ROLLED_BACK || s == UpdateState.FAILED;
    }
}
