package io.streetgate.ota.download;

import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.Hashes;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.TufException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the TUF client reaches the repository. Failures are {@link TufException}s whose reason says what went
 * wrong: {@code NOT_FOUND} (404/410), {@code TOO_LARGE} (more than the allowed bytes: endless data),
 * {@code SLOW_RETRIEVAL} (a read timed out or the rate fell below the minimum), {@code NETWORK} (anything a
 * retry may fix).
 */
public interface Fetcher {
    /** The whole body, refusing to read more than {@code maxLength} bytes. */
    byte[] fetch(URI uri, long maxLength);

    /**
     * Puts exactly the target's bytes at {@code destination}, verified against its length and hashes before the
     * file appears there (so nothing unverified is ever at that path). The default reads into memory; the
     * {@link Downloader} streams to disk with resume.
     */
    default void fetchTarget(URI uri, TargetInfo target, Path destination) {
        byte[] body = fetch(uri, target.length());
        if (body.length != target.length()) {
            throw new TufException(TufException.Reason.LENGTH_MISMATCH, "target " + target.path() + " from " + uri + " has "
                    + body.length + " bytes; trusted metadata says " + target.length());
        }
        Hashes.verify(body, target.hashes(), "target " + target.path() + " from " + uri);
        try {
            AtomicFiles.write(destination, body);
        } catch (IOException e) {
            throw new TufException(TufException.Reason.CONFIG, "cannot write " + destination + ": " + e.getMessage(), e);
        }
    }

}
