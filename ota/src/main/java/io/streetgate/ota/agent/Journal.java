package io.streetgate.ota.agent;

import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.Json;
import io.streetgate.ota.tuf.TargetInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's progress, one small JSON file replaced atomically at every step, so that after a power cut the
 * agent knows exactly which step to repeat. The target's length, hashes and fields are kept with it, so a resumed
 * download is still checked against what the signed metadata said.
 */
public record Journal(Phase phase, String campaignId, TargetInfo target, String fromVersion, int activations,
                      String reason, List<String> rejected, List<String> halted, List<String> taken) {
    /** Steps of one update. */
    public enum Phase { IDLE, DOWNLOADING, DOWNLOADED, STAGED, ACTIVATING, AWAITING_HEALTH, REVERTING }

    /** Failed versions, halted campaigns and campaigns whose notice was taken, remembered at most. */
    static final int MEMORY = 16;

    public Journal {
        rejected = List.copyOf(rejected);
        halted = List.copyOf(halted);
        taken = List.copyOf(taken);
    }

    static Journal idle() {
        return new Journal(Phase.IDLE, null, null, null, 0, null, List.of(), List.of(), List.of());
    }

    Journal at(Phase p) {
        return new Journal(p, campaignId, target, fromVersion, activations, reason, rejected, halted, taken);
    }

    Journal starting(String campaign, TargetInfo t, String from) {
        return new Journal(Phase.DOWNLOADING, campaign, t, from, 0, null, rejected, halted, taken);
    }

    Journal forCampaign(String campaign) {
        return new Journal(phase, campaign, target, fromVersion, activations, reason, rejected, halted, taken);
    }

    Journal activating() {
        return new Journal(Phase.ACTIVATING, campaignId, target, fromVersion, activations + 1, reason, rejected, halted, taken);
    }

    Journal reverting(String why) {
        return new Journal(Phase.REVERTING, campaignId, target, fromVersion, activations, why, rejected, halted, taken);
    }

    Journal done(String rejectVersion) {
        List<String> r = rejectVersion == null ? rejected : remember(rejected, rejectVersion);
        return new Journal(Phase.IDLE, null, null, null, 0, null, r, halted, taken);
    }

    Journal halting(String campaign) {
        return new Journal(phase, campaignId, target, fromVersion, activations, reason, rejected,
                remember(halted, campaign), taken);
    }

    /** A campaign's update notice was acted on: the same notice heard again (it is retained) is ignored. */
    Journal taking(String campaign) {
        return new Journal(phase, campaignId, target, fromVersion, activations, reason, rejected, halted,
                remember(taken, campaign));
    }

    private static List<String> remember(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        if (!out.contains(item)) {
            out.add(item);
        }
        while (out.size() > MEMORY) {
            out.remove(0);
        }
        return out;
    }

    static Journal load(Path file) {
        try {
            if (!Files.exists(file)) {
                return idle();
            }
            Map<String, Object> m = Json.parseObject(Files.readAllBytes(file), file.toString());
            String w = file.toString();
            TargetInfo t = null;
            if (m.get("target") instanceof Map<?, ?>) {
                Map<String, Object> tm = Json.object(m, "target", w);
                Map<String, String> hashes = new LinkedHashMap<>();
                Json.object(tm, "hashes", w).forEach((k, v) -> hashes.put(k, (String) v));
                t = new TargetInfo(Json.string(tm, "path", w), Json.integer(tm, "length", w), hashes, Json.optionalObject(tm, "custom", w));
            }
            return new Journal(Phase.valueOf(Json.string(m, "phase", w)), (String) m.get("campaign"), t,
                    (String) m.get("from_version"), (int) Json.integer(m, "activations", w), (String) m.get("reason"),
                    Json.stringList(m, "rejected", w), Json.stringList(m, "halted", w),
                    m.containsKey("taken") ? Json.stringList(m, "taken", w) : List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OTA journal " + file, e);
        }
    }

    void save(Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", phase.name());
        m.put("campaign", campaignId);
        if (target != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("path", target.path());
            t.put("length", target.length());
            t.put("hashes", new LinkedHashMap<>(target.hashes()));
            t.put("custom", Json.deepCopy(target.custom()));
            m.put("target", t);
        }
        m.put("from_version", fromVersion);
        m.put("activations", activations);
        m.put("reason", reason);
        m.put("rejected", new ArrayList<>(rejected));
        m.put("halted", new ArrayList<>(halted));
        m.put("taken", new ArrayList<>(taken));
        try {
            AtomicFiles.write(file, CanonicalJson.pretty(m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OTA journal " + file, e);
        }
    }
}
