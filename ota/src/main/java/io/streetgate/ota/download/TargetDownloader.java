package io.streetgate.ota.download;

import io.streetgate.ota.tuf.TargetInfo;

import java.net.URI;
import java.nio.file.Path;

/** Downloads one target to {@code destination}, verified, resumable, cancellable; {@link Downloader} is the real one. */
@FunctionalInterface
public interface TargetDownloader {
    void download(URI uri, TargetInfo target, Path destination, DownloadListener listener);
}
