package io.streetgate.ota.repo;

import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.Json;
import io.streetgate.ota.tuf.TufException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A repository's settings ({@code repo.json}): how long each role's metadata stays valid, and whether
 * consistent snapshots are written. Defaults follow the specification's advice that keys used often and
 * kept online expire soon: root 365 days (offline key), targets 90, snapshot 7, timestamp 1.
 */
public record RepoSettings(Map<String, Duration> expiry, boolean consistentSnapshot) {
    public static final Map<String, Duration> DEFAULT_EXPIRY = Map.of(
            "root", Duration.ofDays(365), "targets", Duration.ofDays(90),
            "snapshot", Duration.ofDays(7), "timestamp", Duration.ofDays(1));

    public RepoSettings {
        Map<String, Duration> m = new LinkedHashMap<>(DEFAULT_EXPIRY);
        m.putAll(expiry);
        expiry = Map.copyOf(m);
    }

    public static RepoSettings defaults() {
        return new RepoSettings(Map.of(), true);
    }

    public Duration expiryOf(String role) {
        return expiry.get(role);
    }

    /** Parses "365d", "12h", "30m" or an ISO-8601 duration ("P365D"). */
    public static Duration parseDuration(String s, String what) {
        String t = s.trim();
        try {
            if (t.matches("\\d+[dhms]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new TufException(TufException.Reason.CONFIG, what + ": \"" + s + "\" is not a duration; write e.g. 365d, 12h or P7D");
        }
    }

    byte[] toBytes() {
        Map<String, Object> e = new LinkedHashMap<>();
        expiry.forEach((k, v) -> e.put(k, v.toString()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expiry", e);
        m.put("consistent_snapshot", consistentSnapshot);
        return CanonicalJson.pretty(m);
    }

    static RepoSettings fromBytes(byte[] bytes, String what) {
        Map<String, Object> m = Json.parseObject(bytes, what);
        Map<String, Duration> e = new LinkedHashMap<>();
        Map<String, Object> ex = Json.optionalObject(m, "expiry", what);
        if (ex != null) {
            ex.forEach((k, v) -> e.put(k, parseDuration(String.valueOf(v), what + ".expiry." + k)));
        }
        return new RepoSettings(e, Json.bool(m, "consistent_snapshot", what, true));
    }
}
