package io.streetgate.ota.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** timestamp.json: the version (and optionally length and hashes) of the current snapshot. Short expiry. */
public record Timestamp(String specVersion, long version, Instant expires, MetaInfo snapshotMeta,
                        Map<String, Object> extra) implements Signed {
    public static final String TYPE = "timestamp";

    public Timestamp {
        extra = extra == null ? Map.of() : Json.deepCopy(extra);
    }

    @Override
    public String type() {
        return TYPE;
    }

    static Timestamp fromJson(Map<String, Object> json, String what) {
        Common c = Common.parse(json, TYPE, what, Set.of("meta"));
        Map<String, Object> meta = Json.object(json, "meta", what);
        if (meta.size() != 1 || !meta.containsKey("snapshot.json")) {
            throw new TufException(TufException.Reason.FORMAT, what + ".meta must hold exactly \"snapshot.json\", found " + meta.keySet());
        }
        MetaInfo snap = MetaInfo.fromJson(Json.object(meta, "snapshot.json", what + ".meta"), what + ".meta[\"snapshot.json\"]");
        return new Timestamp(c.specVersion(), c.version(), c.expires(), snap, c.extra());
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Signed.header(TYPE, specVersion, version, expires, extra);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("snapshot.json", snapshotMeta.toJson());
        m.put("meta", meta);
        return m;
    }
}
