package io.streetgate.uplink.link;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    static final Duration MIN = Duration.ofSeconds(2);
    static final Duration MAX = Duration.ofMinutes(5);
    static final Duration STABLE = Duration.ofSeconds(30);

    static Backoff backoff(RandomGenerator random) {
        return new Backoff(MIN, MAX, STABLE, random);
    }

    @Test
    void theCeilingDoublesFromMinUpToMax() {
        Backoff b = backoff(new SplittableRandom(1));
        long[] expected = {2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300};
        for (long seconds : expected) {
            assertEquals(Duration.ofSeconds(seconds), b.ceiling());
            b.next();
        }
    }

    @Test
    void everyWaitIsDrawnFromZeroToTheCeilingSoNoWaitExceedsMax() {
        Backoff b = backoff(new SplittableRandom(7));
        for (int i = 0; i < 1000; i++) {
            Duration ceiling = b.ceiling();
            Duration wait = b.next();
            assertTrue(!wait.isNegative() && wait.compareTo(ceiling) <= 0, wait + " within [0, " + ceiling + "]");
            assertTrue(wait.compareTo(MAX) <= 0);
        }
    }

    @Test
    void aThousandGatewaysThatLostTheBrokerTogetherSpreadTheirReconnectsOverTheWholeInterval() {
        // full jitter: after the k-th failure each gateway waits uniformly in [0, ceiling], so the arrivals
        // per tenth of the interval are about equal instead of one spike
        int gateways = 1000;
        int[] buckets = new int[10];
        SplittableRandom seeds = new SplittableRandom(42);
        for (int g = 0; g < gateways; g++) {
            Backoff b = backoff(seeds.split());
            for (int k = 0; k < 4; k++) {
                b.next();
            }
            long ceiling = b.ceiling().toMillis(); // 32 s for every gateway
            buckets[(int) Math.min(9, b.next().toMillis() * 10 / (ceiling + 1))]++;
        }
        for (int n : buckets) {
            assertTrue(n > 60 && n < 140, "about 100 reconnects per tenth: " + java.util.Arrays.toString(buckets));
        }
    }

    @Test
    void theCountStartsAgainOnlyAfterAConnectionLastedLongEnough() {
        Backoff b = backoff(new SplittableRandom(3));
        for (int i = 0; i < 5; i++) {
            b.next();
        }
        long t = 0;
        b.connected(t);
        b.lost(t + Duration.ofSeconds(5).toNanos());
        assertEquals(Duration.ofSeconds(64), b.ceiling(), "dropped after 5 s: a flapping broker keeps the long waits");

        b.connected(t);
        b.lost(t + STABLE.toNanos());
        assertEquals(MIN, b.ceiling(), "up for 30 s: back to the short wait");
    }

    @Test
    void minMustBePositiveAndNotAboveMax() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, MAX, STABLE, new SplittableRandom()));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(MAX, MIN, STABLE, new SplittableRandom()));
    }
}
