package io.streetgate.ota.tuf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TARGETS entry: an artifact's path, length, hashes and custom fields (specification, "targets.json").
 * streetgate keeps its own fields (kind, version, hardware, ...) in {@code custom}; see {@link ArtifactInfo}.
 */
public record TargetInfo(String path, long length, Map<String, String> hashes, Map<String, Object> custom) {
    public TargetInfo {
        if (path == null || path.isEmpty()) {
            throw new TufException(TufException.Reason.FORMAT, "a target path is empty");
        }
        if (length < 0) {
            throw new TufException(TufException.Reason.FORMAT, "target " + path + ": length " + length + " is negative");
        }
        hashes = Map.copyOf(hashes);
        Hashes.requireHexDigests(hashes, "target " + path + " hashes");
        custom = custom == null ? Map.of() : Json.deepCopy(custom);
    }

    static TargetInfo fromJson(String path, Map<String, Object> json, String what) {
        String w = what + ".targets[\"" + path + "\"]";
        long length = Json.integer(json, "length", w);
        Map<String, String> hashes = Hashes.fromJson(Json.object(json, "hashes", w), w + ".hashes");
        Map<String, Object> custom = Json.optionalObject(json, "custom", w);
        return new TargetInfo(path, length, hashes, custom);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("length", length);
        m.put("hashes", new LinkedHashMap<>(hashes));
        if (!custom.isEmpty()) {
            m.put("custom", Json.deepCopy(custom));
        }
        return m;
    }

    /** The streetgate custom fields, parsed. */
    public ArtifactInfo artifact() {
        return ArtifactInfo.fromCustom(path, custom);
    }
}
