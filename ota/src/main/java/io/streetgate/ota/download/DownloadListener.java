package io.streetgate.ota.download;

/** Progress of one target download, and the way to stop it (a halted campaign stops downloads in flight). */
public interface DownloadListener {
    DownloadListener NONE = new DownloadListener() { };

    /** Bytes of the target on disk so far (resumed bytes included) of {@code total}. */
    default void progress(long done, long total) {
    }

    /** Polled between reads; true stops the download at once (the partial file is kept for a later resume). */
    default boolean cancelled() {
        return false;
    }
}
