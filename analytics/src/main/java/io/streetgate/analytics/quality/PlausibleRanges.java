package io.streetgate.analytics.quality;

import io.streetgate.driver.Quantity;

import java.util.Map;

/**
 * The range outside which a reading of a standard quantity cannot be a real measurement on a street: the check a
 * quantity gets when the site file gives it no {@code range} of its own, so that a temperature of 1e300 from a
 * broken or hostile node is flagged {@code OUT_OF_RANGE} and kept out of every summary. These are physical and
 * instrument bounds, not the site's expectations: a site sets tighter ranges in {@code analytics.quality}.
 * Quantities not listed here (and quantities a site defines) get no range unless the site gives one.
 */
public final class PlausibleRanges {

    private static final Map<Quantity, double[]> RANGES = Map.ofEntries(
            // WMO Archive of Weather and Climate Extremes: lowest air temperature −89.2 °C (Vostok, 1983); the top
            // of a Sensirion SHT4x's output, T = −45 + 175·S/65535 °C, is 130 °C (DS18B20: 125 °C, Maxim datasheet)
            Map.entry(Quantity.TEMPERATURE, new double[] {-90, 130}),
            // relative humidity is a percentage of saturation: 0..100 (Sensirion SHT4x datasheet clamps to it)
            Map.entry(Quantity.HUMIDITY, new double[] {0, 100}),
            // Bosch BME280 datasheet: operating range 300..1100 hPa
            Map.entry(Quantity.PRESSURE, new double[] {30_000, 110_000}),
            // ROHM BH1750 datasheet: its largest reading, 65535 / 1.2 × 69/31, is about 121 600 lx; full sunlight
            // is about 100 000 lx
            Map.entry(Quantity.ILLUMINANCE, new double[] {0, 150_000}),
            // Sensirion SCD4x datasheet: measurement range 0..40 000 ppm
            Map.entry(Quantity.CO2, new double[] {0, 40_000}),
            // Sensirion SPS30 datasheet: mass concentration range 0..1000 µg/m³ (Plantower PMS5003: the same maximum)
            Map.entry(Quantity.PM1, new double[] {0, 1000}),
            Map.entry(Quantity.PM2_5, new double[] {0, 1000}),
            Map.entry(Quantity.PM10, new double[] {0, 1000}),
            // EU Directive 2003/10/EC (noise at work): 140 dB(C) peak is the exposure limit value
            Map.entry(Quantity.SOUND_LEVEL, new double[] {0, 140}),
            // presence is a boolean, counts and volumes do not go below zero
            Map.entry(Quantity.PRESENCE, new double[] {0, 1}),
            Map.entry(Quantity.MOTION_EVENTS, new double[] {0, Double.NaN}),
            Map.entry(Quantity.VOLUME, new double[] {0, Double.NaN}),
            // EU Low Voltage Directive 2014/35/EU: low voltage is up to 1000 V AC and 1500 V DC
            Map.entry(Quantity.VOLTAGE, new double[] {-1500, 1500}));

    private PlausibleRanges() {
    }

    /** The rules with the quantity's plausible range when they give no range of their own. */
    static QuantityRules apply(Quantity quantity, QuantityRules rules) {
        double[] range = RANGES.get(quantity);
        if (range == null || !Double.isNaN(rules.min()) || !Double.isNaN(rules.max())) {
            return rules;
        }
        return new QuantityRules(range[0], range[1], rules.maxRatePerSecond(), rules.hampel(), rules.stuck(),
                rules.flatLine(), rules.gap());
    }

    /**
     * The widest values of the quantity that can be real: its plausible range, each end widened by the site's own
     * range where that reaches further (a site that measures an oven gives its range and is believed). A site's
     * tighter range does not narrow it: that is the site's expectation, for flagging, not a physical bound. Empty
     * for a quantity with no plausible range, or whose range the site opens at both ends.
     */
    static java.util.Optional<ValueRange> widened(Quantity quantity, QuantityRules site) {
        double[] range = RANGES.get(quantity);
        if (range == null) {
            return java.util.Optional.empty();
        }
        double min = Double.isNaN(site.min()) || Double.isNaN(range[0]) ? range[0] : Math.min(range[0], site.min());
        double max = Double.isNaN(site.max()) || Double.isNaN(range[1]) ? range[1] : Math.max(range[1], site.max());
        return Double.isNaN(min) && Double.isNaN(max) ? java.util.Optional.empty()
                : java.util.Optional.of(new ValueRange(min, max));
    }

    /** Each listed quantity's name with its range as {@code min..max} (an open end as nothing), for the docs. */
    public static Map<String, String> byName() {
        Map<String, String> names = new java.util.TreeMap<>();
        RANGES.forEach((q, r) -> names.put(q.name(), new ValueRange(r[0], r[1]).toString()));
        return names;
    }

    static String show(double v) {
        return Double.isNaN(v) ? "" : v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
