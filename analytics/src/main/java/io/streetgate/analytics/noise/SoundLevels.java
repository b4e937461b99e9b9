package io.streetgate.analytics.noise;

/**
 * Energy arithmetic on sound levels in dB. Sources: EU Environmental Noise Directive 2002/49/EC Annex I
 * (Lden); LAeq as the energy average of equal-duration samples, never the arithmetic mean of decibels
 * (shared/reference/formulas.md "Noise"; giojacuzzi/noise-pollution-pop-health, energyavg).
 */
public final class SoundLevels {

    private SoundLevels() {
    }

    /** 10^(L/10): the relative energy of a level. */
    public static double energy(double level) {
        return Math.pow(10, level / 10);
    }

    /** 10·log10(e): the level of a relative energy. */
    public static double level(double energy) {
        return 10 * Math.log10(energy);
    }

    /** LAeq of equal-duration samples: 10·log10((1/N)·Σ 10^(L_i/10)). NaN when empty. */
    public static double laeq(double... levels) {
        if (levels.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double l : levels) {
            sum += energy(l);
        }
        return level(sum / levels.length);
    }

    /** LAeq of samples of different durations: the energy terms weighted by time. */
    public static double laeq(double[] levels, double[] durations) {
        if (levels.length != durations.length) {
            throw new IllegalArgumentException(levels.length + " levels but " + durations.length + " durations");
        }
        double sum = 0;
        double total = 0;
        for (int i = 0; i < levels.length; i++) {
            if (!(durations[i] >= 0)) {
                throw new IllegalArgumentException("duration " + durations[i] + " of sample " + i + " is negative");
            }
            sum += durations[i] * energy(levels[i]);
            total += durations[i];
        }
        return total == 0 ? Double.NaN : level(sum / total);
    }

    /**
     * Lden with the default 12/4/8 hours: 10·lg[(12·10^(Lday/10) + 4·10^((Levening+5)/10)
     * + 8·10^((Lnight+10)/10))/24] (END 2002/49/EC Annex I).
     */
    public static double lden(double lday, double levening, double lnight) {
        return lden(12, 4, 8, lday, levening, lnight);
    }

    /**
     * Lden with the period lengths of the member state (they must add up to 24 h): the weights follow the
     * hours, the penalties stay +5 dB evening and +10 dB night.
     */
    public static double lden(double dayHours, double eveningHours, double nightHours, double lday, double levening,
                              double lnight) {
        double total = dayHours + eveningHours + nightHours;
        if (Math.abs(total - 24) > 1e-9) {
            throw new IllegalArgumentException("Lden periods add up to " + total + " h, not 24 h");
        }
        return level((dayHours * energy(lday) + eveningHours * energy(levening + LdenPeriods.EVENING_PENALTY_DB)
                + nightHours * energy(lnight + LdenPeriods.NIGHT_PENALTY_DB)) / 24);
    }
}
