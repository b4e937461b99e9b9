package io.streetgate.ota.repo;

/** Progress of long work (hashing and copying large artifacts), for a progress line or a log. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (what, done, total) -> { };

    /** {@code total} is -1 when unknown. */
    void update(String what, long done, long total);
}
