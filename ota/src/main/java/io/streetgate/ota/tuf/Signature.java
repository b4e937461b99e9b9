package io.streetgate.ota.tuf;

/** One entry of a metadata file's "signatures": the signing key's id and the hex signature. */
public record Signature(String keyId, String sig) {
}
