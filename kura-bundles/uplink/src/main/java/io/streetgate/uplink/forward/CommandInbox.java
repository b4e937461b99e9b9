package io.streetgate.uplink.forward;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.uplink.payload.CommandRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The commands that arrived from the broker and wait for the sender thread, and what the log says of them.
 * <p>
 * At most {@link #CAPACITY} commands of at most {@link #MAX_BYTES} together wait: Paho's callback thread adds
 * them as fast as anyone may publish on the command topics, and one sender pass takes them all, so a full inbox
 * means a flood; what does not fit is refused unread and counted ({@link #takeOverflowed()}, which the sender
 * audits). The bytes bound the heap (a command may be up to 64 KiB), the count bounds the objects of tiny ones.
 * <p>
 * Each command is logged at DEBUG; at INFO the first one after a quiet {@link #SUMMARY_EVERY} is logged in full
 * (an operator's lone override stays visible), and the rest are counted into one line per interval, so that a
 * flood of junk commands cannot flood the journal.
 */
final class CommandInbox {

    /** Commands that may wait for the sender; more arrive only when someone floods the command topics. */
    static final int CAPACITY = 1024;
    /** Their payloads together: 1 MiB of a 96 MiB heap. */
    static final long MAX_BYTES = 1L << 20;
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    /** A message on a command topic, with what was left of its MQTT 5 expiry (null: none). */
    record Arrived(String topic, byte[] payload, Duration expiry) {
    }

    private final ArrayBlockingQueue<Arrived> waiting = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong overflowedTotal = new AtomicLong();
    private final LongSupplier nanoTime;
    // the sender thread's: counts since the last INFO line
    private long lastLineNanos;
    private boolean anyLine;
    private long done;
    private long refused;
    private long unread;

    CommandInbox() {
        this(System::nanoTime);
    }

    CommandInbox(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** From Paho's callback thread: false when the inbox is full (the command is dropped unread and counted). */
    boolean offer(String topic, byte[] payload, Duration expiry) {
        // one thread offers: between this check and the add, the sender can only take away
        if (bytes.get() + payload.length <= MAX_BYTES && waiting.offer(new Arrived(topic, payload, expiry))) {
            bytes.addAndGet(payload.length);
            return true;
        }
        overflowed.incrementAndGet();
        overflowedTotal.incrementAndGet();
        return false;
    }

    /** The next waiting command, or null. */
    Arrived poll() {
        Arrived a = waiting.poll();
        if (a != null) {
            bytes.addAndGet(-a.payload().length);
        }
        return a;
    }

    /** Commands refused unread since the last call (for the audit). */
    long takeOverflowed() {
        long n = overflowed.getAndSet(0);
        unread += n;
        return n;
    }

    /** Commands refused unread since the start (for the status). */
    long overflowedTotal() {
        return overflowedTotal.get();
    }

    /** Logs a command the sender handled: DEBUG always, INFO in full after a quiet interval. */
    void handled(CommandRequest r, String origin, CommandResult result) {
        String target = r.target() == null || r.target().isEmpty() ? "" : " on " + r.target();
        String outcome = result.accepted() ? "done" : "refused";
        LOG.debug("Command {} {}{} from {}: {} - {}", r.id(), r.name(), target, origin, outcome, result.reason());
        long now = nanoTime.getAsLong();
        if (!anyLine || now - lastLineNanos >= SUMMARY_EVERY.toNanos()) {
            summarise(now);
            LOG.info("Command {} {}{} from {}: {} - {}", r.id(), r.name(), target, origin, outcome, result.reason());
            anyLine = true;
            lastLineNanos = now;
            return;
        }
        if (result.accepted()) {
            done++;
        } else {
            refused++;
        }
    }

    /** Once per interval, one INFO line with what was not logged at INFO since the last. */
    void summariseIfDue() {
        long now = nanoTime.getAsLong();
        if (now - lastLineNanos >= SUMMARY_EVERY.toNanos()) {
            summarise(now);
        }
    }

    private void summarise(long now) {
        if (done + refused + unread == 0) {
            return;
        }
        LOG.info("Commands since the last line: {} done, {} refused, {} refused unread (more than {} or {} KiB "
                + "waiting); each one is logged at DEBUG", done, refused, unread, CAPACITY, MAX_BYTES >> 10);
        done = 0;
        refused = 0;
        unread = 0;
        anyLine = true;
        lastLineNanos = now;
    }

    /** What the summary would say now: done, refused, refused unread (for tests). */
    long[] unsummarised() {
        return new long[] {done, refused, unread};
    }
}
