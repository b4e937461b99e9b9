package io.streetgate.ota.campaign;

import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.CampaignState;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.message.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What `ota campaign run` does between its notice board and the campaign file: phase by phase as the nodes
 * commit, a halt by itself with halt notices, and the file as the truth across restarts and failed posts.
 */
class CampaignRunnerTest {
    static final Instant T = Instant.parse("2030-01-01T02:00:00Z");
    static final String SHA = "9f2c6a0e4bd1c1b2a83e5c6f0d0f1b4e9b1f2a7c3d4e5f60718293a4b5c6d7e8";

    @TempDir
    Path tmp;
    final List<String> board = new ArrayList<>();

    /** Ten nodes: a canary of one (10%), then the rest. */
    Path campaign(double maxFailureRate) throws IOException {
        CampaignSpec spec = new CampaignSpec("spring", "bundles/gateway-1.4.0.zip", "1.4.0", SHA, List.of(10, 100),
                maxFailureRate, MaintenanceWindow.ALWAYS, Duration.ofHours(6));
        Path f = tmp.resolve("spring.json");
        CampaignFile.save(new Campaign(spec, IntStream.range(0, 10).mapToObj(i -> "pole-" + i).toList()), f);
        return f;
    }

    CampaignRunner runner(Path f) throws IOException {
        return new CampaignRunner(f, (node, n) -> board.add(node + " " + OtaMessages.toJson(n)));
    }

    static NodeReport report(String node, UpdateState s, Instant at) {
        return new NodeReport(node, "spring", s, "1.4.0", "1.3.0", 0, 0,
                s == UpdateState.ROLLED_BACK ? "health check failed: bundles not active: io.streetgate.control" : null, at);
    }

    static String node(String posted) {
        return posted.substring(0, posted.indexOf(' '));
    }

    @Test
    void theNextPhaseIsToldOnlyOnceTheCanaryCommittedAndTheCampaignFinishes() throws Exception {
        CampaignRunner r = runner(campaign(0.05));
        CampaignRunner.Step first = r.step(T);
        assertEquals(1, board.size(), board.toString());
        String canary = node(board.get(0));
        CampaignNotice n = OtaMessages.noticeFromJson(OtaMessages.bytes(board.get(0).substring(canary.length() + 1)));
        assertEquals(CampaignNotice.update("spring", "bundles/gateway-1.4.0.zip", "1.4.0", SHA, T.plus(Duration.ofHours(6))), n);
        assertEquals(1, first.state().byPhase().get(0).states().get(UpdateState.PENDING));

        r.hear(OtaMessages.bytes(OtaMessages.toJson(report(canary, UpdateState.DOWNLOADING, T.plusSeconds(1)))));
        assertEquals(1, r.step(T.plusSeconds(2)).state().count(UpdateState.DOWNLOADING));
        assertEquals(1, board.size(), "no one else is told while the canary is downloading");

        r.hear(report(canary, UpdateState.COMMITTED, T.plusSeconds(30)));
        r.hear(report(canary, UpdateState.AWAITING_HEALTH, T.plusSeconds(20))); // a late copy of an older report
        CampaignRunner.Step second = r.step(T.plusSeconds(31));
        assertEquals(10, board.size(), board.toString());
        assertEquals(9, second.posted().size());
        assertEquals(1, second.state().byPhase().get(0).states().get(UpdateState.COMMITTED));
        assertFalse(r.done());

        for (String p : board.subList(1, 10)) {
            r.hear(report(node(p), UpdateState.COMMITTED, T.plusSeconds(60)));
        }
        CampaignState end = r.step(T.plusSeconds(61)).state();
        assertTrue(end.finished() && r.done(), end.toString());
        assertEquals(10, end.count(UpdateState.COMMITTED));
        assertTrue(CampaignFile.load(tmp.resolve("spring.json")).finished(), "the file says so too");
    }

    @Test
    void aRolledBackCanaryHaltsTheCampaignWithAHaltNoticeAndNoOtherNodeIsTold() throws Exception {
        CampaignRunner r = runner(campaign(0.05));
        r.step(T);
        String canary = node(board.get(0));
        r.hear(report(canary, UpdateState.ROLLED_BACK, T.plusSeconds(40)));
        CampaignRunner.Step halted = r.step(T.plusSeconds(41));
        assertTrue(halted.state().halted(), halted.state().toString());
        assertEquals("failure rate 100.0% (1 of 1 admitted nodes) is above the threshold 5.0%", halted.state().haltReason());
        assertEquals(List.of(canary), halted.posted().stream().map(Campaign.Addressed::nodeId).toList());
        assertEquals(CampaignNotice.Action.HALT, halted.posted().get(0).notice().action());
        assertTrue(r.done());
        assertEquals(2, board.size(), "the canary's update and its halt: " + board);
        assertEquals(List.of(), r.step(T.plusSeconds(42)).posted(), "halt notices go out once");
        assertEquals(new CampaignState.Issue(canary, UpdateState.ROLLED_BACK,
                "health check failed: bundles not active: io.streetgate.control"), halted.state().issues().get(0));
    }

    @Test
    void aRestartedRunnerGoesOnFromTheFileAndReportsOfOtherCampaignsOrNodesAreIgnored() throws Exception {
        Path f = campaign(0.05);
        runner(f).step(T);
        String canary = node(board.get(0));

        CampaignRunner again = runner(f);
        assertEquals(List.of(), again.step(T.plusSeconds(5)).posted(), "the canary is still at work");
        again.hear(new NodeReport(canary, "autumn", UpdateState.COMMITTED, "1.4.0", "1.4.0", 0, 0, null, T.plusSeconds(6)));
        again.hear(report("pole-99", UpdateState.COMMITTED, T.plusSeconds(6)));
        again.hear(OtaMessages.bytes("{\"v\":2,\"node\":\"" + canary + "\"}"));
        assertEquals(0, again.step(T.plusSeconds(7)).applied());
        assertTrue(again.refused().startsWith("1 refused, the last: node report: schema version 2"), again.refused());
        again.hear(report(canary, UpdateState.COMMITTED, T.plusSeconds(8)));
        assertEquals(9, again.step(T.plusSeconds(9)).posted().size());
    }

    @Test
    void reportsHeardAfterTheLastStepAreKeptInTheFileWithoutTellingAnyone() throws Exception {
        Path f = campaign(0.05);
        CampaignRunner r = runner(f);
        r.step(T);
        String canary = node(board.get(0));
        r.hear(report(canary, UpdateState.COMMITTED, T.plusSeconds(30)));
        assertEquals(1, r.keepHeard());
        assertEquals(1, board.size(), "no notice is posted by keeping reports");
        assertEquals(UpdateState.COMMITTED, CampaignFile.load(f).nodes().get(canary).state());
    }

    @Test
    void noticesThatCouldNotBePostedLeaveTheFileAsItWasAndArePostedAgainByTheNextStep() throws Exception {
        Path f = campaign(0.05);
        runner(f).step(T);
        String canary = node(board.get(0));
        List<String> failing = new ArrayList<>();
        CampaignRunner r = new CampaignRunner(f, (node, n) -> {
            if (failing.size() == 4) {
                throw new IOException("connection lost");
            }
            failing.add(node);
        });
        r.hear(report(canary, UpdateState.COMMITTED, T.plusSeconds(30)));
        byte[] before = Files.readAllBytes(f);
        assertThrows(IOException.class, () -> r.step(T.plusSeconds(31)));
        Campaign saved = CampaignFile.load(f);
        assertEquals(UpdateState.COMMITTED, saved.nodes().get(canary).state(), "the report is kept");
        assertEquals(1, saved.nodes().size(), "nobody of phase 2 is admitted in the file");
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(f)));

        board.clear();
        CampaignRunner.Step retried = runner(f).step(T.plusSeconds(40));
        assertEquals(9, retried.posted().size());
        assertTrue(board.stream().map(CampaignRunnerTest::node).toList().containsAll(failing), board.toString());
    }

    @Test
    void aHaltTypedWhileTheRunnerRunsIsPickedUpAndItsNoticesPosted() throws Exception {
        Path f = campaign(0.05);
        CampaignRunner r = runner(f);
        r.step(T);
        Campaign c = CampaignFile.load(f);
        c.halt("halted by hand: pole-17 lights flicker");
        CampaignFile.save(c, f);
        CampaignRunner.Step s = r.step(T.plusSeconds(10));
        assertEquals("halted by hand: pole-17 lights flicker", s.state().haltReason());
        assertEquals(CampaignNotice.Action.HALT, s.posted().get(0).notice().action());
        assertTrue(CampaignFile.load(f).haltSent(), "the file knows the halt notices went out");
    }
}
