package io.streetgate.ota.tuf;

import org.bouncycastle.util.encoders.Hex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A delegated targets role (specification, "delegations"): its keys, threshold, whether the search stops
 * here, and which target paths it may sign — by glob patterns ({@code paths}) or hash prefixes.
 */
public record DelegatedRole(String name, RoleKeys keys, boolean terminating, List<String> paths,
                            List<String> pathHashPrefixes) {
    public DelegatedRole {
        paths = paths == null ? null : List.copyOf(paths);
        pathHashPrefixes = pathHashPrefixes == null ? null : List.copyOf(pathHashPrefixes);
    }

    static DelegatedRole fromJson(Map<String, Object> json, String what) {
        String name = Json.string(json, "name", what);
        String w = what + "[" + name + "]";
        RoleKeys keys = RoleKeys.fromJson(json, w);
        boolean terminating = Json.bool(json, "terminating", w, false);
        List<String> paths = json.containsKey("paths") ? Json.stringList(json, "paths", w) : null;
        List<String> prefixes = json.containsKey("path_hash_prefixes") ? Json.stringList(json, "path_hash_prefixes", w) : null;
        if ((paths == null) == (prefixes == null)) {
            throw new TufException(TufException.Reason.FORMAT, w + " must have exactly one of \"paths\" and \"path_hash_prefixes\"");
        }
        return new DelegatedRole(name, keys, terminating, paths, prefixes);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.putAll(keys.toJson());
        m.put("terminating", terminating);
        if (paths != null) {
            m.put("paths", new ArrayList<>(paths));
        } else {
            m.put("path_hash_prefixes", new ArrayList<>(pathHashPrefixes));
        }
        return m;
    }

    /** True if this role is trusted for {@code targetPath}. */
    public boolean isDelegatedPath(String targetPath) {
        if (paths != null) {
            for (String pattern : paths) {
                if (globMatches(pattern, targetPath)) {
                    return true;
                }
            }
            return false;
        }
        String hash = Hex.toHexString(Hashes.digest("sha256").digest(targetPath.getBytes(StandardCharsets.UTF_8)));
        return pathHashPrefixes.stream().anyMatch(hash::startsWith);
    }

    /**
     * The specification's path pattern: shell-style, where {@code *} never matches the separator {@code /}, and
     * pattern and path must have the same number of segments.
     */
    static boolean globMatches(String pattern, String path) {
        String[] p = pattern.split("/", -1);
        String[] t = path.split("/", -1);
        if (p.length != t.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!segmentMatches(p[i], 0, t[i], 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentMatches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (segmentMatches(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?' || c == s.charAt(si)) {
                pi++;
                si++;
            } else if (c == '[') {
                int close = p.indexOf(']', pi + 1);
                if (close < 0) {
                    return c == s.charAt(si) && segmentMatches(p, pi + 1, s, si + 1);
                }
                String set = p.substring(pi + 1, close);
                boolean negate = set.startsWith("!");
                if (negate) {
                    set = set.substring(1);
                }
                boolean in = false;
                char ch = s.charAt(si);
                for (int k = 0; k < set.length(); k++) {
                    if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
                        in |= ch >= set.charAt(k) && ch <= set.charAt(k + 2);
                        k += 2;
                    } else {
                        in |= ch == set.charAt(k);
                    }
                }
                if (in == negate) {
                    return false;
                }
                pi = close + 1;
                si++;
            } else {
                return false;
            }
        }
        return si == s.length();
    }
}
