package io.streetgate.uplink.forward;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.uplink.payload.CommandRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At most a bounded number of commands wait; the log names a lone command and counts a flood. */
class CommandInboxTest {

    private static final CommandRequest REQUEST = CommandRequest.refused("c-1", "ping", null, "no time");

    @Test
    void whatDoesNotFitIsRefusedUnreadAndCounted() {
        CommandInbox inbox = new CommandInbox();
        for (int i = 0; i < CommandInbox.CAPACITY; i++) {
            assertTrue(inbox.offer("cmd", new byte[] {(byte) i}, null));
        }
        assertFalse(inbox.offer("cmd", new byte[0], null));
        assertFalse(inbox.offer("cmd", new byte[0], null));
        assertEquals(2, inbox.takeOverflowed());
        assertEquals(0, inbox.takeOverflowed(), "taken once for the audit");
        assertEquals(2, inbox.overflowedTotal(), "kept for the status");
        assertEquals(0, inbox.poll().payload()[0], "oldest first");
        assertTrue(inbox.offer("cmd", new byte[0], null), "room again once the sender took one");
    }

    @Test
    void theirBytesAreBoundedToo() {
        CommandInbox inbox = new CommandInbox();
        byte[] big = new byte[64 * 1024]; // the largest command the formats read
        int fit = (int) (CommandInbox.MAX_BYTES / big.length);
        for (int i = 0; i < fit; i++) {
            assertTrue(inbox.offer("cmd", big, null));
        }
        assertFalse(inbox.offer("cmd", new byte[1], null), "1 MiB waits already");
        assertEquals(1, inbox.takeOverflowed());
        inbox.poll();
        assertTrue(inbox.offer("cmd", big, null), "what the sender took is room again");
    }

    @Test
    void theFirstCommandAfterAQuietMinuteIsLoggedInFullAndTheRestAreCountedIntoOneLine() {
        AtomicLong nanos = new AtomicLong();
        CommandInbox inbox = new CommandInbox(nanos::get);
        inbox.handled(REQUEST, "mqtt", CommandResult.done("pong", Map.of()));
        assertArrayEquals(new long[] {0, 0, 0}, inbox.unsummarised(), "the first one has its own line");
        inbox.handled(REQUEST, "mqtt", CommandResult.done("pong", Map.of()));
        inbox.handled(REQUEST, "mqtt", CommandResult.refused("stale"));
        inbox.offer("cmd", new byte[0], null);
        for (int i = 0; i < CommandInbox.CAPACITY; i++) {
            inbox.offer("cmd", new byte[0], null);
        }
        inbox.takeOverflowed();
        assertArrayEquals(new long[] {1, 1, 1}, inbox.unsummarised());
        inbox.summariseIfDue();
        assertArrayEquals(new long[] {1, 1, 1}, inbox.unsummarised(), "not before the interval has passed");
        nanos.addAndGet(CommandInbox.SUMMARY_EVERY.toNanos());
        inbox.summariseIfDue();
        assertArrayEquals(new long[] {0, 0, 0}, inbox.unsummarised(), "one line said it all");
    }
}
