package io.streetgate.coap.internal;

import io.streetgate.driver.Measurement;
import io.streetgate.gateway.api.MeasurementSink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A MeasurementSink that keeps what arrives, for tests to wait on. */
final class CollectingSink implements MeasurementSink {

    private final List<Measurement> received = new ArrayList<>();

    @Override
    public synchronized void accept(Measurement measurement) {
        received.add(measurement);
        notifyAll();
    }

    synchronized List<Measurement> received() {
        return List.copyOf(received);
    }

    /** Waits until the readings received so far satisfy the condition; fails naming it after the deadline. */
    synchronized List<Measurement> await(String what, Predicate<List<Measurement>> condition, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.test(received)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + deadline.toSeconds() + " s for " + what + "; received " + received);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(received);
    }
}
