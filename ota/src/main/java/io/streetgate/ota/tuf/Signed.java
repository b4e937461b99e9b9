package io.streetgate.ota.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The "signed" part of a metadata file. Fields a version of the specification adds that this code does not
 * know are kept in {@link #extra()} and written back, so signatures over them stay valid.
 */
public sealed interface Signed permits Root, Timestamp, Snapshot, Targets {
    /** The specification version written into new metadata. */
    String SPEC_VERSION = "1.0.31";

    String type();

    String specVersion();

    long version();

    Instant expires();

    Map<String, Object> extra();

    Map<String, Object> toJson();

    default boolean isExpired(Instant now) {
        return !now.isBefore(expires());
    }

    /** The fields every role has. */
    record Common(String specVersion, long version, Instant expires, Map<String, Object> extra) {
        static Common parse(Map<String, Object> json, String type, String what, Set<String> known) {
            String t = Json.string(json, "_type", what);
            if (!t.equals(type)) {
                throw new TufException(TufException.Reason.FORMAT, what + ": _type is \"" + t + "\", expected \"" + type + "\"");
            }
            String spec = Json.string(json, "spec_version", what);
            String[] parts = spec.split("\\.");
            if (parts.length < 2 || parts.length > 3 || !parts[0].equals("1") || !spec.matches("\\d+(\\.\\d+){1,2}")) {
                throw new TufException(TufException.Reason.FORMAT, what + ": spec_version \"" + spec
                        + "\" is not supported; this client reads specification 1.x");
            }
            long version = Json.integer(json, "version", what);
            if (version < 1) {
                throw new TufException(TufException.Reason.FORMAT, what + ": version " + version + " is below 1");
            }
            Instant expires = Json.instant(json, "expires", what);
            Map<String, Object> extra = new LinkedHashMap<>();
            json.forEach((k, v) -> {
                if (!known.contains(k) && !Set.of("_type", "spec_version", "version", "expires").contains(k)) {
                    extra.put(k, Json.deepCopy(v));
                }
            });
            return new Common(spec, version, expires, extra);
        }
    }

    static Map<String, Object> header(String type, String spec, long version, Instant expires, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>(Json.deepCopy(extra));
        m.put("_type", type);
        m.put("spec_version", spec);
        m.put("version", version);
        m.put("expires", Json.formatInstant(expires));
        return m;
    }
}
