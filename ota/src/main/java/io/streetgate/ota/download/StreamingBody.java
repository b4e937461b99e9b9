package io.streetgate.ota.download;

import io.streetgate.ota.tuf.TufException;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read with a timeout on every read. The JDK's InputStream body blocks without one, so this
 * subscriber asks the client for one chunk at a time (memory stays bounded) and the reader waits for the next
 * chunk at most the read timeout.
 */
final class StreamingBody implements HttpResponse.BodySubscriber<StreamingBody> {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<StreamingBody> body = CompletableFuture.completedFuture(this);
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> current;
    private ByteBuffer buffer;
    private boolean ended;

    @Override
    public CompletionStage<StreamingBody> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /** Reads up to {@code len} bytes; -1 at the end; waits at most {@code timeout} for data. */
    int read(byte[] b, int off, int len, Duration timeout, String what) {
        while (buffer == null || !buffer.hasRemaining()) {
            if (current != null && current.hasNext()) {
                buffer = current.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TufException(TufException.Reason.NETWORK, what + ": interrupted", e);
            }
            if (next == null) {
                throw new TufException(TufException.Reason.SLOW_RETRIEVAL, what + ": no data for " + timeout.toSeconds()
                        + " s (read timeout)");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw new TufException(TufException.Reason.NETWORK, what + ": the link failed (" + t.getMessage() + ")", t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            current = list.iterator();
            subscription.request(1);
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
