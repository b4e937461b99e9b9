package io.streetgate.ota.tuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The key ids a role trusts and how many of them must sign (specification, root "roles"). */
public record RoleKeys(List<String> keyIds, int threshold) {
    public RoleKeys {
        keyIds = List.copyOf(new LinkedHashSet<>(keyIds));
        if (threshold < 1) {
            throw new TufException(TufException.Reason.FORMAT, "threshold " + threshold + " is below 1; a role needs at least one signature");
        }
    }

    static RoleKeys fromJson(Map<String, Object> json, String what) {
        List<String> ids = Json.stringList(json, "keyids", what);
        if (ids.size() != new LinkedHashSet<>(ids).size()) {
            throw new TufException(TufException.Reason.FORMAT, what + ".keyids lists a key id twice");
        }
        long t = Json.integer(json, "threshold", what);
        if (t < 1 || t > Integer.MAX_VALUE) {
            throw new TufException(TufException.Reason.FORMAT, what + ".threshold is " + t + "; it must be at least 1");
        }
        return new RoleKeys(ids, (int) t);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyids", new ArrayList<>(keyIds));
        m.put("threshold", threshold);
        return m;
    }
}
