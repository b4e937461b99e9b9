package io.streetgate.analytics.air;

/**
 * One pollutant's AQI.
 *
 * @param pollutant     the pollutant
 * @param concentration the truncated concentration that was looked up, in the table's unit
 * @param index         the sub-index, 0..500
 * @param beyondScale   true when the concentration is above the table's top: the index is reported as the
 *                      top of the scale (EPA calls such values "beyond the AQI")
 */
public record SubIndex(AqiPollutant pollutant, double concentration, int index, boolean beyondScale) {

    public AqiCategory category() {
        return AqiCategory.of(index);
    }
}
