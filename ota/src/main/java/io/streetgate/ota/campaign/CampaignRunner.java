package io.streetgate.ota.campaign;

import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.CampaignState;
import io.streetgate.ota.message.MessageRefused;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.tuf.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a campaign against live nodes, between a notice board (MQTT in {@code ota campaign run}) and the campaign
 * file: each {@link #step} feeds the reports heard since the last one, posts the next phase's update notices (or
 * the halt notices) and rewrites the file atomically when it changed, <em>after</em> the notices went out. The
 * file is the truth: when a notice cannot be posted, the campaign is read back from the file, so the next step
 * admits the same nodes and posts the same notices again (a node takes a campaign's notice once). A restarted
 * runner therefore goes on where the last one stopped, and a change made to the file meanwhile ({@code ota
 * campaign halt}) is picked up at the next step. Plain Java.
 */
public final class CampaignRunner {

    /** Where notices go, each to one node and kept for it (retained) until replaced. */
    @FunctionalInterface
    public interface NoticeBoard {
        void post(String node, CampaignNotice notice) throws IOException;
    }

    /**
     * What one step did.
     *
     * @param state   the campaign now
     * @param posted  the notices posted in this step
     * @param applied the reports fed in this step
     */
    public record Step(CampaignState state, List<Campaign.Addressed> posted, int applied) {
    }

    private final Path file;
    private final NoticeBoard board;
    /** The newest report per node heard since the last step: bounded by the campaign's group, whatever arrives. */
    private final Map<String, NodeReport> heard = new LinkedHashMap<>();
    private final String id;
    private final Set<String> group;
    private Campaign campaign;
    /** What the file holds as this runner last read or wrote it. */
    private byte[] written;
    private long refused;
    private String lastRefusal;

    public CampaignRunner(Path file, NoticeBoard board) throws IOException {
        this.file = file;
        this.board = board;
        load();
        this.id = campaign.spec().id();
        this.group = Set.copyOf(campaign.order());
    }

    private void load() throws IOException {
        campaign = CampaignFile.load(file);
        written = Files.readAllBytes(file);
    }

    public String campaignId() {
        return id;
    }

    /**
     * A report as it arrived (the uplink's JSON form of a node report); called on the transport's thread. A
     * payload the schema refuses is counted ({@link #refused()}) and otherwise ignored.
     */
    public void hear(byte[] payload) {
        NodeReport r;
        try {
            r = OtaMessages.reportFromJson(payload);
        } catch (MessageRefused e) {
            synchronized (heard) {
                refused++;
                lastRefusal = e.getMessage();
            }
            return;
        }
        hear(r);
    }

    /** A report; reports of other campaigns and of nodes outside the group are ignored. */
    public void hear(NodeReport r) {
        synchronized (heard) {
            if (!id.equals(r.campaignId()) || !group.contains(r.nodeId())) {
                return;
            }
            NodeReport before = heard.get(r.nodeId());
            if (before == null || !r.at().isBefore(before.at())) {
                heard.put(r.nodeId(), r);
            }
        }
    }

    /** Reports the schema refused so far, and the last reason ("" when none). */
    public String refused() {
        synchronized (heard) {
            return refused == 0 ? "" : refused + " refused, the last: " + lastRefusal;
        }
    }

    /**
     * Feeds the reports heard, then posts what the campaign says to send now, and saves.
     *
     * @throws IOException when a notice could not be posted (the campaign is as the file says again) or the file
     *                     could not be written
     */
    public Step step(Instant now) throws IOException {
        int applied = keepHeard(); // reports admit no one: safe to keep before any notice goes out
        List<Campaign.Addressed> notices = campaign.tick(now);
        try {
            for (Campaign.Addressed a : notices) {
                board.post(a.nodeId(), a.notice());
            }
        } catch (IOException | RuntimeException e) {
            load();
            throw e;
        }
        save();
        return new Step(campaign.status(now), notices, applied);
    }

    /**
     * Feeds the reports heard since the last step into the campaign file, and nothing else: what a stopping
     * command does after its connection is closed, since the broker counts a report it handed over as delivered.
     *
     * @return how many reports were fed
     */
    public int keepHeard() throws IOException {
        if (!Arrays.equals(Files.readAllBytes(file), written)) {
            load(); // changed by another command (a halt by hand); a modification time may not tell within 4 ms
        }
        List<NodeReport> reports;
        synchronized (heard) {
            reports = new ArrayList<>(heard.values());
            heard.clear();
        }
        reports.forEach(campaign::onReport);
        save();
        return reports.size();
    }

    /** Finished, or halted with its halt notices sent: nothing more to do. */
    public boolean done() {
        return campaign.finished() || (campaign.isHalted() && campaign.haltSent());
    }

    private void save() throws IOException {
        byte[] now = CampaignFile.bytes(campaign);
        if (!Arrays.equals(now, written)) {
            AtomicFiles.write(file, now);
            written = now;
        }
    }
}
