package io.streetgate.sim;

import java.time.Instant;
import java.util.PriorityQueue;

/** Simulator events in time order; events at the same instant keep the order they were added in. Not thread-safe. */
final class EventQueue {

    record Event(Instant at, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long sequence;

    void add(Instant at, Runnable action) {
        queue.add(new Event(at, sequence++, action));
    }

    /** The earliest event's instant, or null when there is none. */
    Instant nextAt() {
        Event next = queue.peek();
        return next == null ? null : next.at();
    }

    /** Removes and returns the earliest event if it is due by {@code by}, else null. */
    Event takeDue(Instant by) {
        Event next = queue.peek();
        return next != null && !next.at().isAfter(by) ? queue.poll() : null;
    }

    void clear() {
        queue.clear();
    }
}
