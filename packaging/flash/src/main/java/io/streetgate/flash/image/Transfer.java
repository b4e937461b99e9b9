package io.streetgate.flash.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Moves the mapped ranges of an image in large block-aligned chunks through two threads: one reads (and, when
 * writing, hashes), the other writes (or, when verifying, hashes), so the image's reads overlap the card's writes.
 * Buffers are direct and page-aligned, reused, and few, so several cards at once stay within a small heap.
 */
final class Transfer {
    /** Chunk size: large enough for sequential card speed, small enough for smooth progress. */
    static final int CHUNK = 4 << 20;
    private static final int BUFFERS = 3;

    private Transfer() {
    }

    /** A piece of a range: {@code length} bytes at {@code position}; {@code last} ends its range. */
    record Chunk(int range, long position, int length, boolean last) {
    }

    interface Step {
        void apply(Chunk chunk, ByteBuffer data) throws IOException;
    }

    static List<Chunk> plan(BlockMap map, int chunkSize) {
        int aligned = Math.max(map.blockSize(), chunkSize / map.blockSize() * map.blockSize());
        List<Chunk> out = new ArrayList<>();
        List<BlockMap.Range> ranges = map.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            long start = map.start(ranges.get(i));
            long end = map.end(ranges.get(i));
            for (long p = start; p < end; p += aligned) {
                int len = (int) Math.min(aligned, end - p);
                out.add(new Chunk(i, p, len, p + len >= end));
            }
        }
        return out;
    }

    /**
     * The buffers of the calling thread (a card's thread), made once and reused by every phase and every card it
     * flashes: direct memory is freed only by a garbage collection, and the launcher's heap (and so its direct
     * memory limit) is small.
     */
    private static final ThreadLocal<List<ByteBuffer>> BUFFERS_OF_THREAD = ThreadLocal.withInitial(() -> {
        List<ByteBuffer> l = new ArrayList<>();
        for (int i = 0; i < BUFFERS; i++) {
            l.add(ByteBuffer.allocateDirect(CHUNK + 4096).alignedSlice(4096).limit(CHUNK).slice());
        }
        return l;
    });

    /** One of the calling thread's buffers, for work outside {@link #run}. */
    static ByteBuffer spare() {
        return BUFFERS_OF_THREAD.get().get(0);
    }

    /** Runs {@code first} on each chunk in a helper thread and {@code second} after it in the calling thread. */
    static void run(List<Chunk> chunks, String threadName, Step first, Step second) throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
        free.addAll(BUFFERS_OF_THREAD.get());
        record Item(Chunk chunk, ByteBuffer data, Throwable error) {
        }
        BlockingQueue<Item> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        Item end = new Item(null, null, null);
        Thread producer = new Thread(() -> {
            try {
                for (Chunk c : chunks) {
                    ByteBuffer b = free.take();
                    b.clear().limit(c.length());
                    first.apply(c, b);
                    b.flip();
                    full.put(new Item(c, b, null));
                }
                full.put(end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                full.offer(new Item(null, null, e));
            }
        }, threadName);
        producer.setDaemon(true);
        producer.start();
        boolean done = false;
        try {
            while (true) {
                Item item = full.take();
                if (item == end) {
                    done = true;
                    return;
                }
                if (item.error() != null) {
                    done = true;
                    if (item.error() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(item.error().toString(), item.error());
                }
                second.apply(item.chunk(), item.data());
                free.put(item.data());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } finally {
            if (!done) {
                producer.interrupt();
            }
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void readFully(FileChannel ch, ByteBuffer b, long position, String what) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException(what + " ends at byte " + p + ", before the end of its block map ("
                        + (position + b.limit()) + ")");
            }
            p += n;
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }
}
