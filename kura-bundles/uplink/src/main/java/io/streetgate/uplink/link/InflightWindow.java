package io.streetgate.uplink.link;

/**
 * How many QoS 1 messages may wait for their PUBACK at once: the batch the sender reads from the store and
 * puts on the link. It adapts to the link the way TCP's congestion window does (additive increase,
 * multiplicative decrease, RFC 5681 in spirit): from a small start it doubles each round trip until the first
 * sign of trouble, then grows by one per round trip; a lost connection or a PUBACK slower than
 * {@code slowAckNanos} halves it. It never exceeds the configured maximum nor the broker's Receive Maximum
 * (MQTT 5.0 section 3.2.2.3.3: the client must not have more QoS 1 publications in flight than that).
 */
public final class InflightWindow {

    private final int max;
    private final long slowAckNanos;
    private int limit;
    private int size;
    private int acksThisRound;
    private boolean slowStart = true;

    public InflightWindow(int initial, int max, long slowAckNanos) {
        if (max < 1 || initial < 1) {
            throw new IllegalArgumentException("in-flight window must be at least 1 (initial " + initial + ", max "
                    + max + ")");
        }
        this.max = max;
        this.limit = max;
        this.size = Math.min(initial, max);
        this.slowAckNanos = slowAckNanos;
    }

    /** A new connection: the broker allows {@code receiveMaximum} (65535 when it says nothing). */
    public void connected(int receiveMaximum) {
        limit = Math.max(1, Math.min(max, receiveMaximum));
        size = Math.min(size, limit);
        acksThisRound = 0;
    }

    public int size() {
        return size;
    }

    /** A PUBACK arrived after {@code latencyNanos}; {@code windowFull} when the sender was held by the window. */
    public void acknowledged(long latencyNanos, boolean windowFull) {
        if (latencyNanos > slowAckNanos) {
            decrease();
            return;
        }
        if (!windowFull) {
            return; // the link is not what limits: no reason to grow
        }
        if (slowStart) {
            size = Math.min(limit, size + 1); // +1 per ack doubles per round trip
            if (size == limit) {
                slowStart = false;
            }
            return;
        }
        if (++acksThisRound >= size) {
            acksThisRound = 0;
            size = Math.min(limit, size + 1);
        }
    }

    /** The connection was lost. */
    public void lost() {
        decrease();
    }

    private void decrease() {
        slowStart = false;
        acksThisRound = 0;
        size = Math.max(1, size / 2);
    }
}
