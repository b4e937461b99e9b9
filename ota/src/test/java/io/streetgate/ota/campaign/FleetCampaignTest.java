package io.streetgate.ota.campaign;

import io.streetgate.ota.agent.HealthCheck;
import io.streetgate.ota.agent.UpdateAgent;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.ota.testkit.AgentBed;
import io.streetgate.ota.testkit.SimRepo;
import io.streetgate.ota.testkit.TestHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many agents (A/B slot pairs on folders) behind one repository, driven by a campaign through their reports. */
class FleetCampaignTest {
    static final int NODES = 60;

    @TempDir
    Path tmp;
    SimRepo repo;
    TestHttpServer http;
    final Map<String, AgentBed> beds = new LinkedHashMap<>();
    final Map<String, UpdateAgent> agents = new LinkedHashMap<>();
    String target;
    Instant now = SimRepo.T0.plus(Duration.ofHours(1));

    @BeforeEach
    void fleet() throws Exception {
        repo = new SimRepo();
        http = TestHttpServer.serving(repo.files);
        for (int i = 0; i < NODES; i++) {
            String id = String.format("pole-%03d", i);
            AgentBed bed = new AgentBed(tmp.resolve(id), AgentBed.Kind.AB_SLOTS, repo, http);
            bed.nodeId = id;
            bed.installOnPoll = false;
            beds.put(id, bed);
        }
        target = beds.values().iterator().next().publish("2.0.0", 64);
        for (AgentBed b : beds.values()) {
            agents.put(b.nodeId, b.agent());
        }
    }

    @AfterEach
    void stop() {
        http.close();
    }

    /** One round: the campaign ticks, notified nodes work (rebooting as asked), their reports flow back. */
    void round(Campaign c) throws Exception {
        for (AgentBed b : beds.values()) {
            b.now.set(now);
        }
        for (Campaign.Addressed a : c.tick(now)) {
            AgentBed bed = beds.get(a.nodeId());
            UpdateAgent agent = agents.get(a.nodeId());
            agent.onCampaignNotice(a.notice());
            int before = bed.reports.size();
            for (int boots = 0; boots < 4; boots++) {
                int restarts = bed.restarts.size();
                agent.runOnce();
                if (bed.restarts.size() == restarts) {
                    break;
                }
                bed.powerCycle();
                agent = bed.agent();
                agents.put(a.nodeId(), agent);
            }
            List<NodeReport> fresh;
            synchronized (bed.reports) {
                fresh = new ArrayList<>(bed.reports.subList(before, bed.reports.size()));
            }
            fresh.forEach(c::onReport);
        }
        now = now.plus(Duration.ofMinutes(30));
    }

    CampaignSpec spec(double maxFailure, MaintenanceWindow window) {
        return new CampaignSpec("spring", target, "2.0.0", repo.targets.targets().get(target).hashes().get("sha256"),
                List.of(1, 10, 50, 100), maxFailure, window, Duration.ofHours(6));
    }

    @Test
    void aHealthyFleetIsUpdatedPhaseByPhaseInsideTheWindow() throws Exception {
        // Window 02:00-04:00 UTC; the campaign starts at 01:00 and must wait.
        Campaign c = new Campaign(spec(0.05, new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(4, 0), ZoneId.of("UTC"))),
                new ArrayList<>(beds.keySet()));
        round(c);
        assertEquals(0, c.status(now).admitted(), "nothing happens outside the window");
        List<Integer> admittedPerRound = new ArrayList<>();
        for (int i = 0; i < 200 && !c.finished(); i++) {
            round(c);
            admittedPerRound.add(c.status(now).admitted());
        }
        assertTrue(c.finished(), c.status(now).toString());
        assertTrue(admittedPerRound.contains(1) && admittedPerRound.contains(6) && admittedPerRound.contains(30),
                "phases of 1, 10 and 50 percent: " + admittedPerRound);
        for (AgentBed b : beds.values()) {
            assertEquals("2.0.0", b.runningFromDisk(), b.nodeId);
        }
        assertEquals(NODES, c.status(now).count(UpdateState.COMMITTED));
        assertEquals(c.order().get(0), c.nodes().values().stream().filter(n -> n.phase() == 0).findFirst().orElseThrow().nodeId());
    }

    @Test
    void theCampaignHaltsItselfWhenTooManyNodesRollBack() throws Exception {
        Campaign c = new Campaign(spec(0.05, MaintenanceWindow.ALWAYS), new ArrayList<>(beds.keySet()));
        // The 1% canary passes; a third of the fleet has a sensor the new version breaks.
        Set<String> broken = Set.copyOf(c.order().subList(1, 60).stream().filter(n -> n.hashCode() % 3 == 0).toList());
        assertTrue(broken.size() > 5);
        for (String n : broken) {
            beds.get(n).health = t -> HealthCheck.Result.failed("sensor bme280 silent");
        }
        for (int i = 0; i < 50 && !c.isHalted(); i++) {
            round(c);
        }
        assertTrue(c.isHalted(), c.status(now).toString());
        assertTrue(c.status(now).haltReason().contains("above the threshold 5.0%"), c.status(now).haltReason());
        int admitted = c.status(now).admitted();
        assertTrue(admitted <= 6, "halted during the 10% phase, admitted " + admitted);
        round(c);
        round(c);
        assertEquals(admitted, c.status(now).admitted(), "no node is admitted after the halt");
        for (AgentBed b : beds.values()) {
            String running = b.runningFromDisk();
            assertTrue(running.equals("1.0.0") || running.equals("2.0.0") && !broken.contains(b.nodeId), b.nodeId + " runs " + running);
        }
        long updated = beds.values().stream().filter(b -> {
            try {
                return b.runningFromDisk().equals("2.0.0");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).count();
        assertTrue(updated < 6, "most of the fleet was never touched: " + updated + " updated");
    }

    @Test
    void aNodeThatGoesSilentCountsAsFailed() {
        Campaign c = new Campaign(new CampaignSpec("s", target, "2.0.0", null, List.of(50, 100), 0.4, MaintenanceWindow.ALWAYS, Duration.ofHours(1)),
                List.of("a", "b", "c", "d"));
        List<Campaign.Addressed> first = c.tick(now);
        assertEquals(2, first.size());
        c.onReport(new NodeReport(first.get(0).nodeId(), "s", UpdateState.COMMITTED, "2.0.0", "2.0.0", 0, 0, null, now));
        assertTrue(c.tick(now.plus(Duration.ofMinutes(30))).isEmpty(), "the phase waits for the second node");
        List<Campaign.Addressed> halt = c.tick(now.plus(Duration.ofHours(2)));
        assertTrue(c.isHalted(), c.status(now).toString());
        assertEquals(2, halt.size());
        assertEquals(io.streetgate.ota.message.CampaignNotice.Action.HALT, halt.get(0).notice().action());
        assertEquals(1, c.silent());
    }
}
