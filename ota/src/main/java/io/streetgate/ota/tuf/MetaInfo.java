package io.streetgate.ota.tuf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A METAFILES entry of timestamp and snapshot metadata: the version of a metadata file, and optionally its
 * length and hashes (specification, "snapshot.json" / "timestamp.json").
 */
public record MetaInfo(long version, Long length, Map<String, String> hashes) {
    public MetaInfo {
        hashes = hashes == null ? Map.of() : Map.copyOf(hashes);
    }

    public static MetaInfo of(long version) {
        return new MetaInfo(version, null, Map.of());
    }

    static MetaInfo fromJson(Map<String, Object> json, String what) {
        long version = Json.integer(json, "version", what);
        if (version < 1) {
            throw new TufException(TufException.Reason.FORMAT, what + ".version is " + version + "; versions start at 1");
        }
        Long length = Json.optionalInteger(json, "length", what);
        if (length != null && length < 0) {
            throw new TufException(TufException.Reason.FORMAT, what + ".length is negative");
        }
        Map<String, Object> h = Json.optionalObject(json, "hashes", what);
        Map<String, String> hashes = h == null ? Map.of() : Hashes.fromJson(h, what + ".hashes");
        return new MetaInfo(version, length, hashes);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        if (length != null) {
            m.put("length", length);
        }
        if (!hashes.isEmpty()) {
            m.put("hashes", new LinkedHashMap<>(hashes));
        }
        return m;
    }
}
