package io.streetgate.ota.client;

import java.util.Optional;

/** Where the client keeps the metadata it trusts, by role name ("root", "timestamp", a delegated role's name). */
public interface MetadataStore {
    Optional<byte[]> load(String role);

    /** Replaces the role's file atomically. */
    void save(String role, byte[] bytes);

    void delete(String role);
}
