package io.streetgate.analytics.noise;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Noise analytics (site key {@code analytics.noise}).
 *
 * @param period          length of each LAeq/LAmax/L10/L90 period (site key {@code period}, 1 min..1 day,
 *                        dividing a day); periods shorter than a day are aligned to UTC multiples, which are
 *                        local hours in zones with whole-hour offsets; a 1-day period is the local day
 * @param lden            when day, evening and night start
 * @param zone            local time zone for the periods and the Lden day (site key {@code zone})
 * @param limitDay        LAeq limit for periods starting in the day, dB(A); NaN for none (site key
 *                        {@code limits.day})
 * @param limitEvening    the same for the evening (site key {@code limits.evening})
 * @param limitNight      the same for the night (site key {@code limits.night})
 * @param limitLAmax      LAmax limit at any time, dB(A); NaN for none (site key {@code limits.lamax})
 * @param allowedLateness how long after its end a period still takes late samples (site key
 *                        {@code allowed-lateness}, 0..1 h)
 */
public record NoiseConfig(Duration period, LdenPeriods lden, ZoneId zone, double limitDay, double limitEvening,
                          double limitNight, double limitLAmax, Duration allowedLateness) {

    public NoiseConfig {
        Objects.requireNonNull(period, "analytics.noise.period");
        Objects.requireNonNull(lden, "analytics.noise.lden");
        Objects.requireNonNull(zone, "analytics.noise.zone");
        Objects.requireNonNull(allowedLateness, "analytics.noise.allowed-lateness");
        if (period.compareTo(Duration.ofMinutes(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0
                || Duration.ofDays(1).toMillis() % period.toMillis() != 0) {
            throw new IllegalArgumentException("analytics.noise.period = " + period
                    + " is not valid: use 1 min to 1 day, dividing a day (e.g. 15m, 1h)");
        }
        check("limits.day", limitDay);
        check("limits.evening", limitEvening);
        check("limits.night", limitNight);
        check("limits.lamax", limitLAmax);
        if (allowedLateness.isNegative() || allowedLateness.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("analytics.noise.allowed-lateness = " + allowedLateness
                    + " is not valid: use 0s..1h");
        }
    }

    private static void check(String key, double limit) {
        if (!Double.isNaN(limit) && !(limit >= 0 && limit <= 200)) {
            throw new IllegalArgumentException("analytics.noise." + key + " = " + limit
                    + " is not valid: use a level in dB(A) from 0 to 200, or leave it out");
        }
    }

    /** 1-hour periods, END periods, no limits. */
    public static NoiseConfig hourly(ZoneId zone) {
        return new NoiseConfig(Duration.ofHours(1), LdenPeriods.END_DEFAULT, zone, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Duration.ofMinutes(1));
    }

    public NoiseConfig withLimits(double day, double evening, double night, double lamax) {
        return new NoiseConfig(period, lden, zone, day, evening, night, lamax, allowedLateness);
    }

    double limitFor(LdenPeriods.Period p) {
        return switch (p) {
            case DAY -> limitDay;
            case EVENING -> limitEvening;
            case NIGHT -> limitNight;
        };
    }
}
