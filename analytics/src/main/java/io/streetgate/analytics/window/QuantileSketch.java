package io.streetgate.analytics.window;

import java.util.Arrays;

/**
 * Percentiles of a stream in bounded memory, written for this project.
 *
 * <p>Up to {@link PercentileConfig#exactCapacity()} values are kept as they are and percentiles are exact.
 * Beyond that the values move into logarithmic buckets: bucket {@code i} holds magnitudes in
 * {@code (γ^(i−1), γ^i]} with {@code γ = (1 + α)/(1 − α)}, and reports {@code 2γ^i/(γ + 1)}, which is within
 * relative error α of every magnitude in the bucket (the relative-error bucket mapping of Masson, Rim and
 * Lee, "DDSketch", VLDB 2019). Negative values use a mirror set of buckets; magnitudes below
 * {@value #ZERO_THRESHOLD} count as zero.
 *
 * <p><b>Accuracy.</b> {@link #quantile(double)} is the nearest-rank percentile: the value of rank
 * {@code r = max(1, ceil(q·n))} in the sorted input. In exact mode it is that value. In sketch mode it is
 * within relative error α of it (|estimate − x_r| ≤ α·|x_r|), and never outside [min, max], as long as the
 * magnitudes of one sign span fewer than {@code maxBins} buckets (a factor of 10^17 at α = 1 %, 2048 bins);
 * past that the smallest magnitudes are merged into one bucket and only their percentiles lose accuracy.
 *
 * <p><b>Memory.</b> At most {@code 8·exactCapacity} bytes of values, or {@code 4·maxBins} bytes of counts per
 * sign, whichever mode the sketch is in. Sketches merge (for sliding windows built from panes). Not
 * thread-safe.
 */
public final class QuantileSketch {

    /** Magnitudes below this are counted as zero in sketch mode. */
    public static final double ZERO_THRESHOLD = 1e-12;

    private final PercentileConfig config;
    private final double logGamma;
    private final double gamma;
    private double[] exact;
    private int exactSize;
    private boolean sorted = true;
    private Buckets positive;
    private Buckets negative;
    private long zeros;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public QuantileSketch(PercentileConfig config) {
        this.config = config;
        double alpha = config.relativeAccuracy();
        this.gamma = (1 + alpha) / (1 - alpha);
        this.logGamma = Math.log(gamma);
        if (config.exactCapacity() > 0) {
            this.exact = new double[Math.min(16, config.exactCapacity())];
        }
    }

    /** Adds a finite value. */
    public void add(double value) {
        count++;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        if (exact != null) {
            if (exactSize < config.exactCapacity()) {
                if (exactSize == exact.length) {
                    exact = Arrays.copyOf(exact, Math.min(config.exactCapacity(), exact.length * 2));
                }
                if (exactSize > 0 && value < exact[exactSize - 1]) {
                    sorted = false;
                }
                exact[exactSize++] = value;
                return;
            }
            toSketch();
        }
        addToBuckets(value, 1);
    }

    /** Adds every value of another sketch built with the same configuration. */
    public void merge(QuantileSketch other) {
        if (other.count == 0) {
            return;
        }
        if (!other.config.equals(config)) {
            throw new IllegalArgumentException("cannot merge sketches with different configurations");
        }
        if (other.exact != null) {
            for (int i = 0; i < other.exactSize; i++) {
                add(other.exact[i]);
            }
            return;
        }
        if (exact != null) {
            toSketch();
        }
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        zeros += other.zeros;
        if (other.positive != null) {
            positive().mergeFrom(other.positive);
        }
        if (other.negative != null) {
            negative().mergeFrom(other.negative);
        }
    }

    public long count() {
        return count;
    }

    /** True while every value is held exactly. */
    public boolean isExact() {
        return exact != null || count == 0;
    }

    /**
     * The nearest-rank q-quantile, q in [0, 1]; NaN when empty. See the class comment for its accuracy.
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " is outside 0..1");
        }
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        if (rank == 1 && exact == null) {
            return min;
        }
        if (rank == count && exact == null) {
            return max;
        }
        if (exact != null) {
            if (!sorted) {
                Arrays.sort(exact, 0, exactSize);
                sorted = true;
            }
            return exact[(int) rank - 1];
        }
        long seen = 0;
        if (negative != null) {
            // most negative first: highest magnitude bucket first
            for (int i = negative.counts.length - 1; i >= 0; i--) {
                seen += negative.counts[i];
                if (seen >= rank) {
                    return clamp(-representative(negative.offset + i));
                }
            }
        }
        seen += zeros;
        if (seen >= rank) {
            return clamp(0.0);
        }
        if (positive != null) {
            for (int i = 0; i < positive.counts.length; i++) {
                seen += positive.counts[i];
                if (seen >= rank) {
                    return clamp(representative(positive.offset + i));
                }
            }
        }
        return max;
    }

    /**
     * False once buckets had to be merged because one sign's magnitudes spanned more than maxBins buckets:
     * percentiles among the smallest magnitudes are then outside the stated accuracy (min and max stay exact).
     */
    public boolean accuracyGuaranteed() {
        return (positive == null || !positive.collapsed) && (negative == null || !negative.collapsed);
    }

    /** Approximate bytes this sketch holds now (arrays and fields), for memory accounting. */
    public long retainedBytes() {
        long bytes = 64;
        if (exact != null) {
            bytes += 16 + 8L * exact.length;
        }
        if (positive != null) {
            bytes += 32 + 4L * positive.counts.length;
        }
        if (negative != null) {
            bytes += 32 + 4L * negative.counts.length;
        }
        return bytes;
    }

    private double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }

    private void toSketch() {
        double[] values = exact;
        int n = exactSize;
        exact = null;
        exactSize = 0;
        for (int i = 0; i < n; i++) {
            addToBuckets(values[i], 1);
        }
    }

    private void addToBuckets(double value, int n) {
        double magnitude = Math.abs(value);
        if (magnitude < ZERO_THRESHOLD) {
            zeros += n;
        } else if (value > 0) {
            positive().add(index(magnitude), n);
        } else {
            negative().add(index(magnitude), n);
        }
    }

    private int index(double magnitude) {
        return (int) Math.ceil(Math.log(magnitude) / logGamma);
    }

    private double representative(int index) {
        return 2 * Math.exp(index * logGamma) / (gamma + 1);
    }

    private Buckets positive() {
        if (positive == null) {
            positive = new Buckets(config.maxBins());
        }
        return positive;
    }

    private Buckets negative() {
        if (negative == null) {
            negative = new Buckets(config.maxBins());
        }
        return negative;
    }

    /** Dense counts for a contiguous range of bucket indexes, growing up to maxBins. */
    private static final class Buckets {
        private final int maxBins;
        private int[] counts = new int[0];
        private int offset;
        private boolean collapsed;

        Buckets(int maxBins) {
            this.maxBins = maxBins;
        }

        void add(int index, int n) {
            if (counts.length == 0) {
                counts = new int[8];
                offset = index - 4;
            }
            if (index < offset) {
                if (counts.length + (offset - index) > maxBins) {
                    // too wide: the smallest magnitudes join the lowest bucket kept
                    index = offset;
                    collapsed = true;
                } else {
                    grow(index, offset + counts.length - 1);
                }
            } else if (index >= offset + counts.length) {
                if (index - offset + 1 > maxBins) {
                    collapseBelow(index - maxBins + 1);
                }
                grow(offset, index);
            }
            counts[index - offset] += n;
        }

        void mergeFrom(Buckets other) {
            for (int i = 0; i < other.counts.length; i++) {
                if (other.counts[i] != 0) {
                    add(other.offset + i, other.counts[i]);
                }
            }
        }

        private void grow(int low, int high) {
            int wanted = high - low + 1;
            int size = Math.min(maxBins, Math.max(wanted, Math.min(maxBins, counts.length * 2)));
            // growing down leaves the spare room below, growing up leaves it above
            int newOffset = low < offset ? high - size + 1 : offset;
            int[] grown = new int[size];
            System.arraycopy(counts, 0, grown, offset - newOffset, counts.length);
            counts = grown;
            offset = newOffset;
        }

        /** Moves every count below {@code newLow} into bucket {@code newLow}. */
        private void collapseBelow(int newLow) {
            int shift = newLow - offset;
            if (shift <= 0) {
                return;
            }
            collapsed = true;
            int moved = 0;
            for (int i = 0; i < Math.min(shift, counts.length); i++) {
                moved += counts[i];
            }
            int[] kept = new int[counts.length];
            if (shift < counts.length) {
                System.arraycopy(counts, shift, kept, 0, counts.length - shift);
            }
            kept[0] += moved;
            counts = kept;
            offset = newLow;
        }
    }
}
