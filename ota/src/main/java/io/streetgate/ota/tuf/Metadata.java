package io.streetgate.ota.tuf;

import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.encoders.Hex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A metadata file: {@code {"signed": {...}, "signatures": [{"keyid", "sig"}]}}. Signatures are over the
 * canonical JSON of "signed" exactly as it was read, so fields unknown here still count.
 *
 * @param <T> the role's type
 */
public final class Metadata<T extends Signed> {
    /** The top-level roles. */
    public static final Set<String> TOP_LEVEL = Set.of("root", "targets", "snapshot", "timestamp");

    private final T signed;
    private final Map<String, Object> signedJson;
    private final byte[] canonicalSigned;
    private final List<Signature> signatures;

    private Metadata(T signed, Map<String, Object> signedJson, List<Signature> signatures) {
        this.signed = signed;
        this.signedJson = signedJson;
        this.canonicalSigned = CanonicalJson.encode(signedJson);
        this.signatures = List.copyOf(signatures);
    }

    /** New, unsigned metadata. */
    public static <T extends Signed> Metadata<T> of(T signed) {
        return new Metadata<>(signed, signed.toJson(), List.of());
    }

    /** Parses any role's file. */
    public static Metadata<? extends Signed> parse(byte[] bytes, String what) {
        Map<String, Object> json = Json.parseObject(bytes, what);
        Map<String, Object> s = Json.object(json, "signed", what);
        String type = Json.string(s, "_type", what + ".signed");
        return switch (type) {
            case Root.TYPE -> parse(bytes, Root.class, what);
            case Timestamp.TYPE -> parse(bytes, Timestamp.class, what);
            case Snapshot.TYPE -> parse(bytes, Snapshot.class, what);
            case Targets.TYPE -> parse(bytes, Targets.class, what);
            default -> throw new TufException(TufException.Reason.FORMAT, what + ": unknown _type \"" + type + "\"");
        };
    }

    /** Parses a file that must hold the role of {@code type}. */
    public static <T extends Signed> Metadata<T> parse(byte[] bytes, Class<T> type, String what) {
        // Unknown top-level fields are allowed (and not signed), as python-tuf and tuf-js allow them.
        Map<String, Object> json = Json.parseObject(bytes, what);
        Map<String, Object> s = Json.object(json, "signed", what);
        String w = what + ".signed";
        Signed parsed;
        if (type == Root.class) {
            parsed = Root.fromJson(s, w);
        } else if (type == Timestamp.class) {
            parsed = Timestamp.fromJson(s, w);
        } else if (type == Snapshot.class) {
            parsed = Snapshot.fromJson(s, w);
        } else if (type == Targets.class) {
            parsed = Targets.fromJson(s, w);
        } else {
            throw new IllegalArgumentException(type.getName());
        }
        List<Signature> sigs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object o : Json.array(json, "signatures", what)) {
            Map<String, Object> sig = Json.asObject(o, what + ".signatures");
            String keyId = Json.string(sig, "keyid", what + ".signatures");
            if (!seen.add(keyId)) {
                throw new TufException(TufException.Reason.FORMAT, what + ": key " + keyId + " signed twice");
            }
            sigs.add(new Signature(keyId, Json.string(sig, "sig", what + ".signatures")));
        }
        try {
            return new Metadata<>(type.cast(parsed), Json.deepCopy(s), sigs);
        } catch (IllegalArgumentException e) {
            throw new TufException(TufException.Reason.FORMAT, what + ": " + e.getMessage(), e);
        }
    }

    public T signed() {
        return signed;
    }

    public List<Signature> signatures() {
        return signatures;
    }

    /** The bytes signatures are made over. */
    public byte[] canonicalSigned() {
        return canonicalSigned.clone();
    }

    /** Adds (or replaces) the signature of {@code key}. */
    public Metadata<T> sign(SigningKey key) {
        String sig = Hex.toHexString(key.sign(canonicalSigned));
        List<Signature> out = new ArrayList<>();
        for (Signature s : signatures) {
            if (!s.keyId().equals(key.keyId())) {
                out.add(s);
            }
        }
        out.add(new Signature(key.keyId(), sig));
        return new Metadata<>(signed, signedJson, out);
    }

    /** Signature merge of two copies signed by different people; the signed parts must be identical. */
    public Metadata<T> merge(Metadata<?> other, String what) {
        if (!java.util.Arrays.equals(canonicalSigned, other.canonicalSigned)) {
            throw new TufException(TufException.Reason.CONFIG, what + ": the copies differ in their signed content"
                    + " (version " + signed.version() + " vs " + other.signed.version() + "); everyone must sign the same"
                    + " staged file: take the newest one and sign it again");
        }
        Map<String, Signature> byId = new LinkedHashMap<>();
        signatures.forEach(s -> byId.put(s.keyId(), s));
        other.signatures.forEach(s -> byId.putIfAbsent(s.keyId(), s));
        return new Metadata<>(signed, signedJson, new ArrayList<>(byId.values()));
    }

    /** Removes all signatures (after the content changed, old signatures are void anyway). */
    public Metadata<T> unsigned() {
        return new Metadata<>(signed, signedJson, List.of());
    }

    /**
     * The ids of the role's keys whose signature on this file verifies, one id per distinct key: a key listed
     * under two ids counts once, or its holder alone could meet a threshold of two (go-tuf advisory
     * GHSA-3633-5h82-39pq; key ids are the repository's choice, so they are no proof of distinct keys).
     */
    public Set<String> validSigners(Map<String, Key> keys, RoleKeys role) {
        Set<String> valid = new java.util.LinkedHashSet<>();
        Set<String> counted = new HashSet<>();
        for (String id : role.keyIds()) {
            Key key = keys.get(id);
            if (key == null || counted.contains(key.material())) {
                continue;
            }
            for (Signature s : signatures) {
                if (s.keyId().equals(id)) {
                    byte[] sig;
                    try {
                        sig = Hex.decode(s.sig());
                    } catch (DecoderException e) {
                        break;
                    }
                    if (key.verify(canonicalSigned, sig)) {
                        valid.add(id);
                        counted.add(key.material());
                    }
                    break;
                }
            }
        }
        return valid;
    }

    /**
     * Checks that a threshold of {@code role}'s keys signed.
     *
     * @throws TufException UNSIGNED naming the file, how many valid signatures were found and how many are needed
     */
    public void verifyThreshold(Map<String, Key> keys, RoleKeys role, String what) {
        Set<String> valid = validSigners(keys, role);
        if (valid.size() < role.threshold()) {
            throw new TufException(TufException.Reason.UNSIGNED, what + " has " + valid.size()
                    + " valid signature(s) of the " + role.keyIds().size() + " trusted key(s); the threshold is "
                    + role.threshold());
        }
    }

    /** The whole file: indented JSON, readable in review; verifiers re-canonicalize "signed". */
    public byte[] toBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signed", signedJson);
        List<Object> sigs = new ArrayList<>();
        for (Signature s : signatures) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("keyid", s.keyId());
            e.put("sig", s.sig());
            sigs.add(e);
        }
        m.put("signatures", sigs);
        return CanonicalJson.pretty(m);
    }
}
