package io.streetgate.analytics.quality;

/**
 * Hampel outlier rule: with median m and MAD = median(|x_i − m|) of the reference samples,
 * σ̂ = 1.4826·MAD, a reading x is an outlier when |x − m| > t·max(σ̂, minSigma). Source: Pearson (2002),
 * "Outliers in process modeling and identification", IEEE TCST 10(1); the MATLAB {@code hampel} doc; see
 * shared/reference/domain-facts-with-sources.md section 6.
 *
 * <p>On a live stream the filter is causal: the reference is the {@code 2k} readings before this one (the
 * textbook filter centres 2k+1 samples on x, which would hold every reading back by k samples). The reading
 * is flagged, never replaced.
 *
 * @param halfWindow k, so that {@code 2k} previous readings form the reference (site key
 *                   {@code hampel.half-window}, 1..50)
 * @param threshold  t, in robust standard deviations (site key {@code hampel.threshold}, > 0; 3 is usual)
 * @param minSigma   floor for σ̂ in the quantity's unit, so that a run of identical readings does not make
 *                   every later change an outlier; use the sensor's resolution (site key
 *                   {@code hampel.min-sigma}, ≥ 0)
 */
public record HampelRule(int halfWindow, double threshold, double minSigma) {

    /** 1.4826 = 1/Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data. */
    public static final double MAD_TO_SIGMA = 1.4826;

    public HampelRule {
        if (halfWindow < 1 || halfWindow > 50) {
            throw new IllegalArgumentException("hampel.half-window = " + halfWindow + " is not valid: use 1..50");
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("hampel.threshold = " + threshold
                    + " is not valid: use a positive number of robust standard deviations (3 is usual)");
        }
        if (!(minSigma >= 0) || Double.isInfinite(minSigma)) {
            throw new IllegalArgumentException("hampel.min-sigma = " + minSigma
                    + " is not valid: use 0 or the sensor's resolution");
        }
    }

    /** Window 2k = 2·halfWindow previous readings, t = 3. */
    public static HampelRule of(int halfWindow, double minSigma) {
        return new HampelRule(halfWindow, 3.0, minSigma);
    }
}
