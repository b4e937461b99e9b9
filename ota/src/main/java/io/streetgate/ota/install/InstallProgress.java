package io.streetgate.ota.install;

/** Progress of writing a slot or unpacking a bundle set. */
@FunctionalInterface
public interface InstallProgress {
    InstallProgress NONE = (done, total) -> { };

    void update(long done, long total);
}
