package io.streetgate.analytics.noise;

import java.time.LocalTime;
import java.util.Objects;

/**
 * When day, evening and night start (site key {@code analytics.noise.lden}). END 2002/49/EC Annex I sets
 * 07-19, 19-23 and 23-07 by default; member states may move them (France 06-18/18-22/22-06) or shorten the
 * evening, and the Lden weights then follow the hours (shared/reference/domain-facts-with-sources.md
 * section 5). Starts are on whole hours, in the order day, evening, night around the clock.
 *
 * @param dayStart     site key {@code day-start}
 * @param eveningStart site key {@code evening-start}
 * @param nightStart   site key {@code night-start}
 */
public record LdenPeriods(LocalTime dayStart, LocalTime eveningStart, LocalTime nightStart) {

    public static final double EVENING_PENALTY_DB = 5;
    public static final double NIGHT_PENALTY_DB = 10;

    /** 07-19 day, 19-23 evening, 23-07 night. */
    public static final LdenPeriods END_DEFAULT = new LdenPeriods(LocalTime.of(7, 0), LocalTime.of(19, 0),
            LocalTime.of(23, 0));

    /** The class of a period. */
    public enum Period { DAY, EVENING, NIGHT }

    public LdenPeriods {
        Objects.requireNonNull(dayStart, "analytics.noise.lden.day-start");
        Objects.requireNonNull(eveningStart, "analytics.noise.lden.evening-start");
        Objects.requireNonNull(nightStart, "analytics.noise.lden.night-start");
        for (LocalTime t : new LocalTime[] {dayStart, eveningStart, nightStart}) {
            if (t.getMinute() != 0 || t.getSecond() != 0 || t.getNano() != 0) {
                throw new IllegalArgumentException("analytics.noise.lden: " + t + " is not valid: use whole hours");
            }
        }
        int d = dayStart.getHour();
        int e = hoursAfter(d, eveningStart.getHour());
        int n = hoursAfter(d, nightStart.getHour());
        if (!(e > 0 && n > e)) {
            throw new IllegalArgumentException("analytics.noise.lden = day " + dayStart + ", evening " + eveningStart
                    + ", night " + nightStart + " is not valid: the evening must start after the day and the night"
                    + " after the evening, all within 24 hours");
        }
    }

    private static int hoursAfter(int from, int to) {
        return Math.floorMod(to - from, 24);
    }

    public int dayHours() {
        return hoursAfter(dayStart.getHour(), eveningStart.getHour());
    }

    public int eveningHours() {
        return hoursAfter(eveningStart.getHour(), nightStart.getHour());
    }

    public int nightHours() {
        return 24 - dayHours() - eveningHours();
    }

    /** The period a local time of day falls in. */
    public Period periodOf(LocalTime time) {
        int sinceDay = hoursAfter(dayStart.getHour(), time.getHour());
        if (sinceDay < dayHours()) {
            return Period.DAY;
        }
        return sinceDay < dayHours() + eveningHours() ? Period.EVENING : Period.NIGHT;
    }

    /** Lden from the three period levels with these periods' hours. */
    public double lden(double lday, double levening, double lnight) {
        return SoundLevels.lden(dayHours(), eveningHours(), nightHours(), lday, levening, lnight);
    }
}
