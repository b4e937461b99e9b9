package io.streetgate.ota.tuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * streetgate's custom fields of a target, signed with it in targets metadata:
 * <pre>
 * "custom": {"streetgate": {"kind": "bundle-set", "version": "1.4.0", "hardware": ["rpi4", "rpi5"],
 *                           "min_version": "1.2.0", "allow_downgrade": false}}
 * </pre>
 * {@code min_version}: a node must run at least this version to apply the artifact (e.g. a migration step).
 * {@code allow_downgrade}: ops explicitly signed a rollback to an older version.
 * {@code kind}: one of {@link #KINDS}, the one list the {@code ota} tool and the node's agent both go by.
 */
public record ArtifactInfo(String kind, ArtifactVersion version, List<String> hardware, ArtifactVersion minVersion,
                           boolean allowDowngrade) {
    public static final String KIND_BUNDLE_SET = "bundle-set";
    public static final String KIND_IMAGE = "image";
    /** A site file: validated on the node, applied on trial, kept only when the gateway is healthy on it. */
    public static final String KIND_SITE_FILE = "site-file";
    /** Every kind there is; a node refuses a target of any other kind, naming it. */
    public static final List<String> KINDS = List.of(KIND_BUNDLE_SET, KIND_IMAGE, KIND_SITE_FILE);
    public static final String CUSTOM_KEY = "streetgate";

    public ArtifactInfo {
        if (!KINDS.contains(kind)) {
            throw new TufException(TufException.Reason.FORMAT, "kind \"" + kind + "\" is not known here; the kinds are "
                    + String.join(", ", KINDS) + " (a newer tool's kind needs a newer node)");
        }
        hardware = List.copyOf(hardware);
    }

    static ArtifactInfo fromCustom(String path, Map<String, Object> custom) {
        String what = "target " + path + " custom.streetgate";
        Object o = custom.get(CUSTOM_KEY);
        if (o == null) {
            throw new TufException(TufException.Reason.FORMAT, what + " is missing: the artifact was not added with `ota add`");
        }
        Map<String, Object> m = Json.asObject(o, what);
        String kind = Json.string(m, "kind", what);
        ArtifactVersion version = ArtifactVersion.parse(Json.string(m, "version", what));
        List<String> hw = m.containsKey("hardware") ? Json.stringList(m, "hardware", what) : List.of();
        ArtifactVersion min = m.get("min_version") == null ? null : ArtifactVersion.parse(Json.string(m, "min_version", what));
        boolean down = Json.bool(m, "allow_downgrade", what, false);
        return new ArtifactInfo(kind, version, hw, min, down);
    }

    /** The {@code custom} object for targets metadata. */
    public Map<String, Object> toCustom() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("version", version.toString());
        m.put("hardware", new ArrayList<>(hardware));
        if (minVersion != null) {
            m.put("min_version", minVersion.toString());
        }
        m.put("allow_downgrade", allowDowngrade);
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put(CUSTOM_KEY, m);
        return custom;
    }

    /** True if a node of this hardware may install it (an empty list means any hardware). */
    public boolean fits(String nodeHardware) {
        return hardware.isEmpty() || hardware.contains(nodeHardware);
    }
}
