package io.streetgate.ota.download;

import java.time.Duration;

/**
 * Limits on every transfer. Field lessons (bug trackers of other updaters): a read without a timeout hangs an
 * agent on a dropped cellular link; a 404 retried forever burns a metered link; so every read has a timeout
 * and a minimum rate, and retries are bounded with back-off and stop on a permanent error.
 *
 * @param connectTimeout      TCP/TLS connect
 * @param readTimeout         longest wait for the next bytes (also for the response headers)
 * @param minBytesPerSecond   below this average over {@code rateWindow} the transfer is a slow retrieval
 * @param rateWindow          the window the minimum rate is measured over
 * @param maxBytesPerSecond   bandwidth cap (cellular); 0 for none
 * @param maxAttempts         attempts per file, the first included
 * @param initialBackoff      wait before the second attempt, doubled each time up to {@code maxBackoff}
 * @param maxBackoff          longest wait between attempts
 * @param maxDiskBytes        largest artifact the download folder may hold (bounded disk use)
 * @param minFreeDiskBytes    space that must stay free on the file system after the download
 */
public record DownloadPolicy(Duration connectTimeout, Duration readTimeout, long minBytesPerSecond, Duration rateWindow,
                             long maxBytesPerSecond, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             long maxDiskBytes, long minFreeDiskBytes) {
    public static final DownloadPolicy DEFAULT = new DownloadPolicy(Duration.ofSeconds(15), Duration.ofSeconds(30),
            1024, Duration.ofSeconds(60), 0, 6, Duration.ofSeconds(2), Duration.ofMinutes(5),
            2L << 30, 64L << 20);

    public DownloadPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
    }

    public DownloadPolicy withBandwidthCap(long bytesPerSecond) {
        return new DownloadPolicy(connectTimeout, readTimeout, minBytesPerSecond, rateWindow, bytesPerSecond, maxAttempts,
                initialBackoff, maxBackoff, maxDiskBytes, minFreeDiskBytes);
    }

    public DownloadPolicy withTimeouts(Duration read, long minRate, Duration window) {
        return new DownloadPolicy(connectTimeout, read, minRate, window, maxBytesPerSecond, maxAttempts,
                initialBackoff, maxBackoff, maxDiskBytes, minFreeDiskBytes);
    }

    public DownloadPolicy withRetries(int attempts, Duration initial, Duration max) {
        return new DownloadPolicy(connectTimeout, readTimeout, minBytesPerSecond, rateWindow, maxBytesPerSecond, attempts,
                initial, max, maxDiskBytes, minFreeDiskBytes);
    }

    public DownloadPolicy withDisk(long maxBytes, long minFree) {
        return new DownloadPolicy(connectTimeout, readTimeout, minBytesPerSecond, rateWindow, maxBytesPerSecond, maxAttempts,
                initialBackoff, maxBackoff, maxBytes, minFree);
    }
}
