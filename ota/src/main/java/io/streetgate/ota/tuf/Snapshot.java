package io.streetgate.ota.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** snapshot.json: the version of every targets metadata file, which stops mix-and-match. */
public record Snapshot(String specVersion, long version, Instant expires, Map<String, MetaInfo> meta,
                       Map<String, Object> extra) implements Signed {
    public static final String TYPE = "snapshot";

    public Snapshot {
        meta = Map.copyOf(meta);
        extra = extra == null ? Map.of() : Json.deepCopy(extra);
    }

    @Override
    public String type() {
        return TYPE;
    }

    static Snapshot fromJson(Map<String, Object> json, String what) {
        Common c = Common.parse(json, TYPE, what, Set.of("meta"));
        Map<String, MetaInfo> meta = new LinkedHashMap<>();
        Json.object(json, "meta", what).forEach((file, m) ->
                meta.put(file, MetaInfo.fromJson(Json.asObject(m, what + ".meta." + file), what + ".meta[\"" + file + "\"]")));
        return new Snapshot(c.specVersion(), c.version(), c.expires(), meta, c.extra());
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Signed.header(TYPE, specVersion, version, expires, extra);
        Map<String, Object> files = new LinkedHashMap<>();
        meta.forEach((f, mi) -> files.put(f, mi.toJson()));
        m.put("meta", files);
        return m;
    }
}
