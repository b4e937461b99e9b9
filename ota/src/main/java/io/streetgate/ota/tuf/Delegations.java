package io.streetgate.ota.tuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The delegations of a targets role: the keys of the delegated roles and the roles in priority order. */
public record Delegations(Map<String, Key> keys, List<DelegatedRole> roles) {
    public Delegations {
        keys = Map.copyOf(keys);
        roles = List.copyOf(roles);
    }

    static Delegations fromJson(Map<String, Object> json, String what) {
        String w = what + ".delegations";
        Map<String, Key> keys = new LinkedHashMap<>();
        Json.object(json, "keys", w).forEach((id, k) -> keys.put(id, Key.fromJson(Json.asObject(k, w + ".keys." + id), w + ".keys." + id)));
        List<DelegatedRole> roles = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Object r : Json.array(json, "roles", w)) {
            DelegatedRole role = DelegatedRole.fromJson(Json.asObject(r, w + ".roles"), w + ".roles");
            if (!names.add(role.name())) {
                throw new TufException(TufException.Reason.FORMAT, w + ".roles names " + role.name() + " twice");
            }
            if (Metadata.TOP_LEVEL.contains(role.name())) {
                throw new TufException(TufException.Reason.FORMAT, w + ": a delegated role may not be called " + role.name());
            }
            roles.add(role);
        }
        return new Delegations(keys, roles);
    }

    Map<String, Object> toJson() {
        Map<String, Object> k = new LinkedHashMap<>();
        keys.forEach((id, key) -> k.put(id, key.toJson()));
        List<Object> r = new ArrayList<>();
        roles.forEach(role -> r.add(role.toJson()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keys", k);
        m.put("roles", r);
        return m;
    }
}
