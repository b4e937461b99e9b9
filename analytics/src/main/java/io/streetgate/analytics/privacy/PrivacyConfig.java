package io.streetgate.analytics.privacy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What may leave the node: for each output kind ({@code summary}, {@code aqi}, {@code noise}, ...), the
 * fields allowed upstream (site key {@code analytics.privacy.allow.<kind>}). A kind without an entry sends
 * nothing. Raw audio and identifiers of people or their devices can never be allowed: naming one is a
 * configuration error (DESIGN.md principle 8).
 *
 * @param allow allowed field names by output kind
 */
public record PrivacyConfig(Map<String, Set<String>> allow) {

    /**
     * Field names that never leave, compared without case, '-' or '_': raw audio, images, radio or network
     * identifiers of people's devices, who asked for something (a command's origin, a user name) and text a
     * person typed (a note or comment).
     */
    public static final Set<String> NEVER_ALLOWED = Set.of("audio", "rawaudio", "samples", "waveform", "pcm",
            "recording", "mac", "macaddress", "bluetoothaddress", "bdaddr", "imsi", "imei", "msisdn",
            "deviceidentifier", "ip", "ipaddress", "ssid", "plate", "licenseplate", "image", "face",
            "origin", "user", "username", "note", "comment");

    public PrivacyConfig {
        Objects.requireNonNull(allow, "analytics.privacy.allow");
        Map<String, Set<String>> copy = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : allow.entrySet()) {
            for (String field : e.getValue()) {
                if (isNeverAllowed(field)) {
                    throw new IllegalArgumentException("analytics.privacy.allow." + e.getKey() + " lists '" + field
                            + "': raw audio, identifiers, user names and typed notes never leave the node; remove it");
                }
            }
            copy.put(e.getKey(), Set.copyOf(e.getValue()));
        }
        allow = Map.copyOf(copy);
    }

    /** Nothing leaves. */
    public static PrivacyConfig denyAll() {
        return new PrivacyConfig(Map.of());
    }

    public static boolean isNeverAllowed(String field) {
        return NEVER_ALLOWED.contains(field.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""));
    }

    public Set<String> allowed(String kind) {
        return allow.getOrDefault(kind, Set.of());
    }
}
