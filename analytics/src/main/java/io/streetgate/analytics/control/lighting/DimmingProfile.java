package io.streetgate.analytics.control.lighting;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The base level of the lamps for each period of the night: the first period starts at dusk (whenever the
 * lamps come on), the others at a local clock time, e.g. 100 % from dusk, 70 % from 22:00, 40 % from 00:00,
 * 100 % from 05:00 (the shape CEN/TR 13201-1 adaptive lighting and common practice use). Night order runs
 * from noon to noon, so 22:00 comes before 00:00. Immutable.
 */
public final class DimmingProfile {

    /**
     * One period.
     *
     * @param from  the local time it starts; null for the period that starts at dusk
     * @param level its base level, 0..1
     */
    public record Period(LocalTime from, double level) {
        public Period {
            if (!(level > 0 && level <= 1)) {
                throw new IllegalArgumentException("a period's level must be above 0 and at most 1, not " + level);
            }
        }

        public static Period atDusk(double level) {
            return new Period(null, level);
        }

        public boolean atDusk() {
            return from == null;
        }

        public String describe() {
            return (from == null ? "dusk" : from.toString()) + " " + Math.round(level * 100) + " %";
        }
    }

    private final Period dusk;
    private final List<Period> clocked;

    /**
     * @param periods the dusk period first, then clock periods in night order (each at a different time)
     * @throws IllegalArgumentException when the first is not the dusk period, or the others are not in night order
     */
    public DimmingProfile(List<Period> periods) {
        if (periods.isEmpty() || !periods.get(0).atDusk()) {
            throw new IllegalArgumentException("a profile starts with the period from dusk");
        }
        this.dusk = periods.get(0);
        this.clocked = List.copyOf(periods.subList(1, periods.size()));
        for (int i = 0; i < clocked.size(); i++) {
            if (clocked.get(i).atDusk()) {
                throw new IllegalArgumentException("only the first period starts at dusk");
            }
            if (i > 0 && nightSeconds(clocked.get(i).from()) <= nightSeconds(clocked.get(i - 1).from())) {
                throw new IllegalArgumentException("period from " + clocked.get(i).from() + " is not after "
                        + clocked.get(i - 1).from() + " in night order (noon to noon)");
            }
        }
    }

    /** Full light all night. */
    public static DimmingProfile constant(double level) {
        return new DimmingProfile(List.of(Period.atDusk(level)));
    }

    /** The period in force at a local time of the night. */
    public Period periodAt(LocalTime local) {
        long now = nightSeconds(local);
        Period current = dusk;
        for (Period p : clocked) {
            if (nightSeconds(p.from()) <= now) {
                current = p;
            }
        }
        return current;
    }

    public List<Period> periods() {
        List<Period> all = new ArrayList<>();
        all.add(dusk);
        all.addAll(clocked);
        return all;
    }

    /** The lowest base level of any period. */
    public double lowest() {
        return periods().stream().map(Period::level).min(Comparator.naturalOrder()).orElse(1.0);
    }

    /** Seconds since the preceding noon: the order of a night. */
    static long nightSeconds(LocalTime t) {
        return Math.floorMod(t.toSecondOfDay() - LocalTime.NOON.toSecondOfDay(), 86_400);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DimmingProfile p && p.periods().equals(periods());
    }

    @Override
    public int hashCode() {
        return Objects.hash(periods());
    }

    @Override
    public String toString() {
        return String.join(", ", periods().stream().map(Period::describe).toList());
    }
}
