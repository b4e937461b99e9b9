package io.streetgate.sim.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Arrivals of a Poisson process whose rate changes with time, as a deterministic function of (seed, zone,
 * time): time is cut into one-minute slots, each slot draws its own count (Poisson with the slot's mean)
 * and uniform instants from a generator seeded by the slot. Asking for any interval, in any order, gives the
 * same arrivals.
 */
public final class PoissonArrivals {

    static final long SLOT_MILLIS = 60_000;

    private final long seed;
    private final ToDoubleFunction<Instant> ratePerHour;

    /**
     * @param seed        the scenario's seed
     * @param ratePerHour the mean number of arrivals per hour at an instant (read once per minute slot)
     */
    public PoissonArrivals(long seed, ToDoubleFunction<Instant> ratePerHour) {
        this.seed = seed;
        this.ratePerHour = ratePerHour;
    }

    /** The arrivals in [from, to) for a zone, in time order. */
    public List<Instant> between(String zone, Instant from, Instant to) {
        List<Instant> arrivals = new ArrayList<>();
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        long zoneSeed = seed ^ SmoothNoise.mix(zone.hashCode() * 0x632BE59BD9B4E019L);
        for (long slot = Math.floorDiv(start, SLOT_MILLIS); slot * SLOT_MILLIS < end; slot++) {
            long slotStart = slot * SLOT_MILLIS;
            double mean = Math.max(0, ratePerHour.applyAsDouble(Instant.ofEpochMilli(slotStart))) / 60.0;
            SplittableRandom random = new SplittableRandom(SmoothNoise.mix(zoneSeed + slot));
            int count = poisson(random, mean);
            long[] offsets = new long[count];
            for (int i = 0; i < count; i++) {
                offsets[i] = random.nextLong(SLOT_MILLIS);
            }
            java.util.Arrays.sort(offsets);
            for (long offset : offsets) {
                long at = slotStart + offset;
                if (at >= start && at < end) {
                    arrivals.add(Instant.ofEpochMilli(at));
                }
            }
        }
        return arrivals;
    }

    /** Knuth's multiplication method; fine for the small means of one minute. */
    private static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }
}
