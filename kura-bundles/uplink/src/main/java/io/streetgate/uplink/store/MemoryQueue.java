package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * Where messages go while the store file cannot be written (full disk, read-only file system): bounded in
 * bytes with the same drop policy, and lost if the gateway stops - which is why using it is reported as a
 * fault. Its sequence numbers count in an epoch of its own, so that they can never repeat numbers the file
 * has handed out or will hand out.
 */
final class MemoryQueue {

    private final long maxBytes;
    private final String epoch;
    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    private final Map<String, Long> nextSeq = new HashMap<>();
    private final Map<String, Long> dropped = new LinkedHashMap<>();
    private long nextId = 1;
    private long usedBytes;

    MemoryQueue(long maxBytes) {
        this.maxBytes = maxBytes;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.epoch = "m" + HexFormat.of().formatHex(random);
    }

    String epoch() {
        return epoch;
    }

    synchronized StoredMessage add(UplinkMessage m, Instant created, DropPolicy policy, LongPredicate inFlight) {
        StreamKey key = StreamKey.of(m);
        long seq = nextSeq.merge(key.key(), 1L, Long::sum);
        StoredMessage s = StoredMessage.inMemory(nextId++, key, seq, epoch, policy.priority(m), created, m);
        messages.put(s.id(), s);
        usedBytes += s.size();
        if (usedBytes > maxBytes) {
            dropDownTo(maxBytes - maxBytes / 20, inFlight);
        }
        return s;
    }

    private void dropDownTo(long target, LongPredicate inFlight) {
        List<StoredMessage> order = new ArrayList<>(messages.values());
        order.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(a.priority(), b.priority())
                : Long.compare(a.id(), b.id()));
        Iterator<StoredMessage> it = order.iterator();
        while (usedBytes > target && it.hasNext()) {
            StoredMessage victim = it.next();
            if (inFlight.test(victim.id())) {
                continue;
            }
            messages.remove(victim.id());
            usedBytes -= victim.size();
            dropped.merge(victim.stream().kind(), 1L, Long::sum);
        }
    }

    synchronized List<StoredMessage> read(long afterId, int limit) {
        List<StoredMessage> out = new ArrayList<>();
        for (StoredMessage m : messages.tailMap(afterId, false).values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(m);
        }
        return out;
    }

    synchronized void remove(StoredMessage m) {
        if (messages.remove(m.id()) != null) {
            usedBytes -= m.size();
        }
    }

    synchronized boolean isEmpty() {
        return messages.isEmpty();
    }

    synchronized long usedBytes() {
        return usedBytes;
    }

    synchronized long size() {
        return messages.size();
    }

    synchronized Instant oldest() {
        return messages.isEmpty() ? null : messages.firstEntry().getValue().created();
    }

    synchronized Map<String, Long> droppedCounts() {
        return new LinkedHashMap<>(dropped);
    }

    long maxBytes() {
        return maxBytes;
    }
}
