package io.streetgate.ota.download;

import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.Hashes;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.TufException;
import io.streetgate.ota.tuf.TufException.Reason;
import org.bouncycastle.util.encoders.Hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP(S) transfers with the JDK client: metadata into memory up to a length limit, targets to disk with
 * resume. A target is written to {@code NAME.part} beside its destination, hashed as it streams (a resumed
 * one is hashed again in full from disk once complete; its first bytes are not downloaded again), and renamed
 * to its destination only after its length and hashes match the trusted metadata: an installer never sees a
 * byte that was not verified.
 *
 * <p>It stays one class because the limits, the resume, the hashing and the rename are one transfer's rules: the
 * bytes counted against the length limit are the bytes hashed and the bytes kept for a resume.
 */
public final class Downloader implements Fetcher, TargetDownloader {
    /** Waits between attempts; tests replace it so back-off costs no time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What one target download cost. */
    public record Result(Path file, long bytesReceived, long resumedFrom, int attempts) {
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final DownloadPolicy policy;
    private final Sleeper sleeper;
    private final AtomicLong bytesReceived = new AtomicLong();

    public Downloader(HttpClient client, DownloadPolicy policy, Sleeper sleeper) {
        this.client = client;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /** A downloader with its own JDK client (system trust store, redirects only to the same or a safer scheme). */
    public static Downloader create(DownloadPolicy policy) {
        return create(policy, null);
    }

    /** The same with the repository's CA file ({@link RepositoryTls}; null: the JVM's trusted CAs). */
    public static Downloader create(DownloadPolicy policy, Path caFile) {
        HttpClient c = HttpClient.newBuilder().connectTimeout(policy.connectTimeout())
                .sslContext(RepositoryTls.context(caFile))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new Downloader(c, policy, d -> Thread.sleep(d.toMillis()));
    }

    public DownloadPolicy policy() {
        return policy;
    }

    /** Body bytes received over the network by this downloader so far. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    // ---- metadata ------------------------------------------------------------------------------------------

    @Override
    public byte[] fetch(URI uri, long maxLength) {
        return withRetries(uri.toString(), attempt -> {
            Transfer t = open(uri, -1);
            try {
                checkStatus(t.response, uri);
                Optional<Long> declared = contentLength(t.response);
                if (declared.isPresent() && declared.get() > maxLength) {
                    throw new TufException(Reason.TOO_LARGE, uri + " announces " + declared.get()
                            + " bytes; at most " + maxLength + " are accepted");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                copy(t, uri.toString(), maxLength + 1, out::write, DownloadListener.NONE, 0, -1);
                if (out.size() > maxLength) {
                    throw new TufException(Reason.TOO_LARGE, uri + " sent more than " + maxLength
                            + " bytes (endless data); the limit comes from trusted metadata or the client's defaults");
                }
                return out.toByteArray();
            } finally {
                t.body.cancel();
            }
        });
    }

    // ---- targets -------------------------------------------------------------------------------------------

    @Override
    public void fetchTarget(URI uri, TargetInfo target, Path destination) {
        downloadWithResult(uri, target, destination, DownloadListener.NONE);
    }

    /** Downloads a target with resume, bounded disk, bandwidth cap and cancellation. */
    @Override
    public void download(URI uri, TargetInfo target, Path destination, DownloadListener listener) {
        downloadWithResult(uri, target, destination, listener);
    }

    /** As {@link #download}, returning what the transfer cost. */
    public Result downloadWithResult(URI uri, TargetInfo target, Path destination, DownloadListener listener) {
        Path part = destination.resolveSibling(destination.getFileName() + ".part");
        try {
            Files.createDirectories(destination.toAbsolutePath().getParent());
            checkDisk(target, part);
        } catch (IOException e) {
            throw new TufException(Reason.CONFIG, "cannot prepare " + destination + ": " + e.getMessage(), e);
        }
        long[] received = {0};
        long[] firstOffset = {-1};
        int[] attempts = {0};
        withRetries(uri.toString(), attempt -> {
            attempts[0] = attempt;
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (have > target.length()) {
                Files.delete(part);
                have = 0;
            }
            if (firstOffset[0] < 0) {
                firstOffset[0] = have;
            }
            if (!transferAndVerify(uri, target, part, have, listener, received)) {
                // The bytes kept from before did not verify with the rest (a stale or damaged partial file):
                // once, start over from zero instead of failing the update.
                transferAndVerify(uri, target, part, 0, listener, received);
            }
            AtomicFiles.forceAndMove(part, destination);
            return null;
        });
        return new Result(destination, received[0], Math.max(0, firstOffset[0]), attempts[0]);
    }

    /**
     * Brings {@code part} from {@code have} bytes to the target's length and checks every hash. A fresh transfer
     * is hashed as it streams; one that continues bytes already on disk is hashed again in full from the disk
     * once complete, so what is renamed into place is exactly what was verified.
     *
     * @return false if bytes kept from before made the file fail its hash (the part is deleted); a fresh
     *         transfer that fails throws HASH_MISMATCH instead
     */
    private boolean transferAndVerify(URI uri, TargetInfo target, Path part, long have, DownloadListener listener,
                                      long[] received) throws IOException {
        if (have == 0) {
            Files.deleteIfExists(part);
        }
        String primary = primaryHash(target);
        MessageDigest sha = Hashes.digest(primary);
        boolean continuesDisk = have > 0;
        if (have < target.length()) {
            Transfer t = open(uri, have > 0 ? have : -1);
            try {
                checkStatus(t.response, uri);
                long start = 0;
                if (t.response.statusCode() == 206) {
                    start = rangeStart(t.response, uri);
                    if (start != have) {
                        throw new TufException(Reason.NETWORK, uri + " answered a range from " + start + " to a request from " + have);
                    }
                } else if (have > 0) {
                    // The server ignored the range: start over, counting from zero.
                    have = 0;
                    continuesDisk = false;
                }
                Optional<Long> declared = contentLength(t.response);
                if (declared.isPresent() && start + declared.get() > target.length()) {
                    throw new TufException(Reason.TOO_LARGE, uri + " announces " + (start + declared.get())
                            + " bytes; trusted metadata says " + target.length());
                }
                boolean hashWhileStreaming = !continuesDisk;
                StandardOpenOption mode = have > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
                try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
                    long got = copy(t, uri.toString(), target.length() - have, (b, off, n) -> {
                        if (hashWhileStreaming) {
                            sha.update(b, off, n);
                        }
                        out.write(b, off, n);
                    }, listener, have, target.length());
                    received[0] += got;
                    have += got;
                }
            } finally {
                t.body.cancel();
            }
            if (have < target.length()) {
                throw new TufException(Reason.NETWORK, uri + ": the link closed after " + have + " of "
                        + target.length() + " bytes");
            }
        }
        if (continuesDisk) {
            rehash(part, Files.size(part), sha);
        }
        String actual = Hex.toHexString(sha.digest());
        String expected = target.hashes().get(primary);
        if (!actual.equals(expected)) {
            Files.deleteIfExists(part);
            if (continuesDisk) {
                return false;
            }
            throw new TufException(Reason.HASH_MISMATCH, "target " + target.path() + " from " + uri + ": "
                    + primary + " is " + actual + " but trusted metadata says " + expected);
        }
        verifyOtherHashes(part, target, uri);
        return true;
    }

    private static String primaryHash(TargetInfo t) {
        for (String h : new String[] {"sha256", "sha512", "sha384"}) {
            if (t.hashes().containsKey(h)) {
                return h;
            }
        }
        throw new TufException(Reason.HASH_MISMATCH, "target " + t.path() + " names no supported hash (" + t.hashes().keySet()
                + "); sha256 is required");
    }

    private static void verifyOtherHashes(Path file, TargetInfo target, URI uri) throws IOException {
        Map<String, String> others = new java.util.HashMap<>(target.hashes());
        others.remove(primaryHash(target));
        others.keySet().removeIf(h -> Hashes.jdkName(h) == null);
        for (Map.Entry<String, String> e : others.entrySet()) {
            MessageDigest d = Hashes.digest(e.getKey());
            rehash(file, Files.size(file), d);
            if (!Hex.toHexString(d.digest()).equalsIgnoreCase(e.getValue())) {
                Files.deleteIfExists(file);
                throw new TufException(Reason.HASH_MISMATCH, "target " + target.path() + " from " + uri + ": " + e.getKey()
                        + " differs from trusted metadata");
            }
        }
    }

    private static void rehash(Path file, long length, MessageDigest d) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long left = length;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                d.update(buf, 0, n);
                left -= n;
            }
        }
    }

    private void checkDisk(TargetInfo target, Path part) throws IOException {
        if (target.length() > policy.maxDiskBytes()) {
            throw new TufException(Reason.TOO_LARGE, "target " + target.path() + " has " + target.length()
                    + " bytes; the download budget is " + policy.maxDiskBytes() + " bytes (DownloadPolicy.maxDiskBytes)");
        }
        long have = Files.exists(part) ? Files.size(part) : 0;
        long free = Files.getFileStore(part.toAbsolutePath().getParent()).getUsableSpace();
        long need = target.length() - have;
        if (free - need < policy.minFreeDiskBytes()) {
            throw new TufException(Reason.CONFIG, "not enough disk for target " + target.path() + ": it needs " + need
                    + " more bytes and " + policy.minFreeDiskBytes() + " must stay free, but " + free + " are free in "
                    + part.toAbsolutePath().getParent());
        }
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    private record Transfer(HttpResponse<StreamingBody> response, StreamingBody body) {
    }

    private Transfer open(URI uri, long from) {
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new TufException(Reason.CONFIG, uri + ": only http and https URLs are fetched");
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(policy.readTimeout()).GET();
        if (from > 0) {
            rb.header("Range", "bytes=" + from + "-");
        }
        Future<HttpResponse<StreamingBody>> f = client.sendAsync(rb.build(), info -> new StreamingBody());
        try {
            HttpResponse<StreamingBody> r = f.get(policy.connectTimeout().plus(policy.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
            return new Transfer(r, r.body());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TufException(Reason.SLOW_RETRIEVAL, uri + ": no response within "
                    + policy.connectTimeout().plus(policy.readTimeout()).toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.net.http.HttpTimeoutException) {
                throw new TufException(Reason.SLOW_RETRIEVAL, uri + ": timed out (" + c.getMessage() + ")", c);
            }
            throw new TufException(Reason.NETWORK, uri + ": " + c.getClass().getSimpleName() + " " + c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TufException(Reason.NETWORK, uri + ": interrupted", e);
        }
    }

    private static void checkStatus(HttpResponse<?> r, URI uri) {
        int s = r.statusCode();
        if (s == 200 || s == 206) {
            return;
        }
        if (s == 404 || s == 410 || s == 403) {
            throw new TufException(Reason.NOT_FOUND, uri + ": HTTP " + s + " (not retried)");
        }
        if (s == 408 || s == 429 || s >= 500) {
            throw new TufException(Reason.NETWORK, uri + ": HTTP " + s + " (worth a retry)");
        }
        throw new TufException(Reason.NOT_FOUND, uri + ": HTTP " + s + " is a permanent error (not retried)");
    }

    private static Optional<Long> contentLength(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Length").map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    private static long rangeStart(HttpResponse<?> r, URI uri) {
        String cr = r.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(cr);
        if (!m.matches()) {
            throw new TufException(Reason.NETWORK, uri + ": 206 without a usable Content-Range (\"" + cr + "\")");
        }
        return Long.parseLong(m.group(1));
    }

    @FunctionalInterface
    private interface Sink {
        void write(byte[] b, int off, int n) throws IOException;
    }

    /**
     * Copies at most {@code limit} bytes, enforcing the read timeout, the minimum rate and the bandwidth cap.
     * Returns the bytes copied.
     */
    private long copy(Transfer t, String what, long limit, Sink sink, DownloadListener listener, long offset, long total)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        long copied = 0;
        long start = System.nanoTime();
        long windowStart = start;
        long windowBytes = 0;
        long lastReport = 0;
        while (copied < limit) {
            if (listener.cancelled()) {
                throw new DownloadCancelledException(what + ": cancelled after " + (offset + copied) + " bytes");
            }
            int n = t.body.read(buf, 0, (int) Math.min(buf.length, limit - copied), policy.readTimeout(), what);
            if (n < 0) {
                break;
            }
            sink.write(buf, 0, n);
            copied += n;
            windowBytes += n;
            bytesReceived.addAndGet(n);
            long now = System.nanoTime();
            long windowNanos = policy.rateWindow().toNanos();
            if (now - windowStart >= windowNanos) {
                double rate = windowBytes * 1e9 / (now - windowStart);
                if (rate < policy.minBytesPerSecond()) {
                    throw new TufException(Reason.SLOW_RETRIEVAL, what + ": " + Math.round(rate) + " B/s over the last "
                            + policy.rateWindow().toSeconds() + " s, below the minimum " + policy.minBytesPerSecond() + " B/s");
                }
                windowStart = now;
                windowBytes = 0;
            }
            if (policy.maxBytesPerSecond() > 0) {
                long due = start + copied * 1_000_000_000L / policy.maxBytesPerSecond();
                long ahead = due - System.nanoTime();
                if (ahead > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(ahead);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TufException(Reason.NETWORK, what + ": interrupted", e);
                    }
                }
            }
            if (total > 0 && (copied - lastReport >= (1 << 20) || offset + copied == total)) {
                listener.progress(offset + copied, total);
                lastReport = copied;
            }
        }
        return copied;
    }

    // ---- retries -------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Attempt<T> {
        T run(int attempt) throws IOException;
    }

    private <T> T withRetries(String what, Attempt<T> attempt) {
        Duration backoff = policy.initialBackoff();
        for (int i = 1; ; i++) {
            try {
                return attempt.run(i);
            } catch (TufException e) {
                boolean transientError = e.reason() == Reason.NETWORK || e.reason() == Reason.SLOW_RETRIEVAL;
                if (!transientError || i >= policy.maxAttempts()) {
                    if (transientError) {
                        throw new TufException(e.reason(), e.getMessage() + " (gave up after " + i + " attempts)", e);
                    }
                    throw e;
                }
            } catch (IOException e) {
                if (i >= policy.maxAttempts()) {
                    throw new TufException(Reason.NETWORK, what + ": " + e.getMessage() + " (gave up after " + i + " attempts)", e);
                }
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new TufException(Reason.NETWORK, what + ": interrupted while backing off", ie);
            }
            backoff = backoff.multipliedBy(2).compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : backoff.multipliedBy(2);
        }
    }
}
