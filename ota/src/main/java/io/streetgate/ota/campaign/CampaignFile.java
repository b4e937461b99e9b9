package io.streetgate.ota.campaign;

import io.streetgate.ota.message.CampaignState;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A campaign and its progress in one JSON file (what `ota campaign` works on), written atomically. */
public final class CampaignFile {
    private CampaignFile() {
    }

    public static void save(Campaign c, Path file) throws IOException {
        AtomicFiles.write(file, bytes(c));
    }

    /** What {@link #save} writes: the same campaign gives the same bytes, so a caller can tell a change. */
    public static byte[] bytes(Campaign c) {
        CampaignSpec s = c.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("target", s.targetPath());
        m.put("version", s.version());
        m.put("sha256", s.sha256());
        m.put("phases", new ArrayList<>(s.phases()));
        m.put("max_failure_permille", Math.round(s.maxFailureRate() * 1000));
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start", s.window().start().toString());
        w.put("end", s.window().end().toString());
        w.put("zone", s.window().zone().getId());
        m.put("window", w);
        m.put("silent_after", s.silentAfter() == null ? null : s.silentAfter().toString());
        m.put("group", new ArrayList<>(c.order()));
        m.put("phase", c.phaseIndex());
        CampaignState st = c.status(Instant.EPOCH);
        m.put("halted", st.halted());
        m.put("halt_reason", st.haltReason());
        m.put("halt_sent", c.haltSent());
        List<Object> nodes = new ArrayList<>();
        for (Campaign.NodeStatus n : c.nodes().values().stream().sorted(java.util.Comparator.comparing(Campaign.NodeStatus::nodeId)).toList()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("node", n.nodeId());
            e.put("phase", n.phase());
            e.put("admitted", n.admittedAt().toString());
            e.put("state", n.state().wire());
            e.put("running", n.running());
            e.put("reason", n.reason());
            e.put("last_report", n.lastReport() == null ? null : n.lastReport().toString());
            nodes.add(e);
        }
        m.put("nodes", nodes);
        return CanonicalJson.pretty(m);
    }

    public static Campaign load(Path file) throws IOException {
        String w = file.toString();
        Map<String, Object> m = Json.parseObject(Files.readAllBytes(file), w);
        List<Integer> phases = new ArrayList<>();
        Json.array(m, "phases", w).forEach(p -> phases.add(((Number) p).intValue()));
        Map<String, Object> win = Json.object(m, "window", w);
        MaintenanceWindow window = new MaintenanceWindow(LocalTime.parse(Json.string(win, "start", w)),
                LocalTime.parse(Json.string(win, "end", w)), ZoneId.of(Json.string(win, "zone", w)));
        Object silent = m.get("silent_after");
        CampaignSpec spec = new CampaignSpec(Json.string(m, "id", w), Json.string(m, "target", w),
                Json.string(m, "version", w), (String) m.get("sha256"), phases,
                Json.integer(m, "max_failure_permille", w) / 1000.0, window, silent == null ? null : Duration.parse((String) silent));
        Campaign c = new Campaign(spec, Json.stringList(m, "group", w));
        List<Campaign.NodeStatus> known = new ArrayList<>();
        for (Object o : Json.array(m, "nodes", w)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) o;
            known.add(new Campaign.NodeStatus((String) e.get("node"), ((Number) e.get("phase")).intValue(),
                    Instant.parse((String) e.get("admitted")), state((String) e.get("state"), w),
                    (String) e.get("running"), (String) e.get("reason"),
                    e.get("last_report") == null ? null : Instant.parse((String) e.get("last_report"))));
        }
        c.restore((int) Json.integer(m, "phase", w), Json.bool(m, "halted", w, false), (String) m.get("halt_reason"),
                Json.bool(m, "halt_sent", w, false), known);
        return c;
    }

    private static UpdateState state(String wire, String file) {
        UpdateState s = wire == null ? UpdateState.PENDING : UpdateState.fromWire(wire);
        if (s == null) {
            throw new IllegalArgumentException(file + ": node state \"" + wire + "\" is unknown; this campaign file was"
                    + " written by a different version of ota: create the campaign again");
        }
        return s;
    }
}
