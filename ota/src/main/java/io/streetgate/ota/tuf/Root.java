package io.streetgate.ota.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** root.json: the keys of every top-level role and their thresholds. */
public record Root(String specVersion, long version, Instant expires, boolean consistentSnapshot,
                   Map<String, Key> keys, Map<String, RoleKeys> roles, Map<String, Object> extra) implements Signed {
    public static final String TYPE = "root";

    public Root {
        keys = Map.copyOf(keys);
        roles = Map.copyOf(roles);
        extra = extra == null ? Map.of() : Json.deepCopy(extra);
        for (String r : Metadata.TOP_LEVEL) {
            if (!roles.containsKey(r)) {
                throw new TufException(TufException.Reason.FORMAT, "root version " + version + " has no \"" + r + "\" role");
            }
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    public RoleKeys role(String name) {
        return roles.get(name);
    }

    /** The keys of one role, by id, as verification needs them. */
    public Map<String, Key> keysOf(String roleName) {
        Map<String, Key> out = new LinkedHashMap<>();
        for (String id : roles.get(roleName).keyIds()) {
            Key k = keys.get(id);
            if (k != null) {
                out.put(id, k);
            }
        }
        return out;
    }

    static Root fromJson(Map<String, Object> json, String what) {
        Common c = Common.parse(json, TYPE, what, Set.of("consistent_snapshot", "keys", "roles"));
        boolean consistent = Json.bool(json, "consistent_snapshot", what, false);
        Map<String, Key> keys = new LinkedHashMap<>();
        Json.object(json, "keys", what).forEach((id, k) -> keys.put(id, Key.fromJson(Json.asObject(k, what + ".keys." + id), what + ".keys." + id)));
        Map<String, RoleKeys> roles = new LinkedHashMap<>();
        Json.object(json, "roles", what).forEach((name, r) -> roles.put(name, RoleKeys.fromJson(Json.asObject(r, what + ".roles." + name), what + ".roles." + name)));
        for (String r : Metadata.TOP_LEVEL) {
            if (!roles.containsKey(r)) {
                throw new TufException(TufException.Reason.FORMAT, what + ".roles has no \"" + r + "\" role");
            }
        }
        return new Root(c.specVersion(), c.version(), c.expires(), consistent, keys, roles, c.extra());
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Signed.header(TYPE, specVersion, version, expires, extra);
        m.put("consistent_snapshot", consistentSnapshot);
        Map<String, Object> k = new LinkedHashMap<>();
        keys.forEach((id, key) -> k.put(id, key.toJson()));
        m.put("keys", k);
        Map<String, Object> r = new LinkedHashMap<>();
        for (String name : List.of("root", "snapshot", "targets", "timestamp")) {
            r.put(name, roles.get(name).toJson());
        }
        roles.forEach((name, rk) -> r.putIfAbsent(name, rk.toJson()));
        m.put("roles", r);
        return m;
    }

    public Root withVersion(long v, Instant exp) {
        return new Root(SPEC_VERSION, v, exp, consistentSnapshot, keys, roles, extra);
    }

    /** This root with one role's keys and threshold replaced; keys no role uses any more are dropped. */
    public Root withRole(String roleName, Map<String, Key> roleKeys, int threshold) {
        Map<String, Key> newKeys = new LinkedHashMap<>(keys);
        newKeys.putAll(roleKeys);
        Map<String, RoleKeys> newRoles = new LinkedHashMap<>(roles);
        newRoles.put(roleName, new RoleKeys(List.copyOf(roleKeys.keySet()), threshold));
        newKeys.keySet().removeIf(id -> newRoles.values().stream().noneMatch(r -> r.keyIds().contains(id)));
        return new Root(SPEC_VERSION, version, expires, consistentSnapshot, newKeys, newRoles, extra);
    }
}
