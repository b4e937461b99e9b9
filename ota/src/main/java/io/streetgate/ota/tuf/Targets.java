package io.streetgate.ota.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** targets.json (or a delegated role's file): artifacts with length and hashes, and optional delegations. */
public record Targets(String specVersion, long version, Instant expires, Map<String, TargetInfo> targets,
                      Delegations delegations, Map<String, Object> extra) implements Signed {
    public static final String TYPE = "targets";

    public Targets {
        targets = Map.copyOf(targets);
        extra = extra == null ? Map.of() : Json.deepCopy(extra);
    }

    @Override
    public String type() {
        return TYPE;
    }

    static Targets fromJson(Map<String, Object> json, String what) {
        Common c = Common.parse(json, TYPE, what, Set.of("targets", "delegations"));
        Map<String, TargetInfo> targets = new LinkedHashMap<>();
        Json.object(json, "targets", what).forEach((path, t) ->
                targets.put(path, TargetInfo.fromJson(path, Json.asObject(t, what + ".targets." + path), what)));
        Map<String, Object> d = Json.optionalObject(json, "delegations", what);
        return new Targets(c.specVersion(), c.version(), c.expires(), targets,
                d == null ? null : Delegations.fromJson(d, what), c.extra());
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Signed.header(TYPE, specVersion, version, expires, extra);
        Map<String, Object> t = new LinkedHashMap<>();
        targets.forEach((p, ti) -> t.put(p, ti.toJson()));
        m.put("targets", t);
        if (delegations != null) {
            m.put("delegations", delegations.toJson());
        }
        return m;
    }

    public Targets withTarget(TargetInfo target) {
        Map<String, TargetInfo> t = new LinkedHashMap<>(targets);
        t.put(target.path(), target);
        return new Targets(SPEC_VERSION, version, expires, t, delegations, extra);
    }

    public Targets withoutTarget(String path) {
        Map<String, TargetInfo> t = new LinkedHashMap<>(targets);
        t.remove(path);
        return new Targets(SPEC_VERSION, version, expires, t, delegations, extra);
    }

    public Targets withVersion(long v, Instant exp) {
        return new Targets(SPEC_VERSION, v, exp, targets, delegations, extra);
    }
}
