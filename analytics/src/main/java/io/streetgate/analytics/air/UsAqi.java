package io.streetgate.analytics.air;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The US EPA Air Quality Index over several pollutants: the highest sub-index is the AQI and its pollutant
 * the dominant one (EPA TAD 2024; shared/reference/formulas.md). The PM2.5 table is selectable: the 2024
 * revision by default, the earlier one for comparisons.
 */
public final class UsAqi {

    private final Map<AqiPollutant, AqiTable> tables;

    private UsAqi(Map<AqiPollutant, AqiTable> tables) {
        this.tables = tables;
    }

    /** The current tables, with the 2024 PM2.5 breakpoints. */
    public static UsAqi standard() {
        return with(AqiTable.PM25_2024);
    }

    /** The tables with the PM2.5 breakpoints in force before 6 May 2024. */
    public static UsAqi pre2024() {
        return with(AqiTable.PM25_PRE_2024);
    }

    private static UsAqi with(AqiTable pm25) {
        Map<AqiPollutant, AqiTable> t = new EnumMap<>(AqiPollutant.class);
        for (AqiTable table : new AqiTable[] {pm25, AqiTable.PM10, AqiTable.O3_8H, AqiTable.O3_1H, AqiTable.NO2,
                AqiTable.CO, AqiTable.SO2}) {
            t.put(table.pollutant(), table);
        }
        return new UsAqi(t);
    }

    public AqiTable table(AqiPollutant pollutant) {
        return tables.get(pollutant);
    }

    /** The sub-index of one pollutant's concentration, in the table's unit ({@link AqiPollutant#unit()}). */
    public Optional<SubIndex> subIndex(AqiPollutant pollutant, double concentration) {
        return tables.get(Objects.requireNonNull(pollutant, "pollutant")).subIndex(concentration);
    }

    /**
     * The AQI over the given concentrations; empty when none has a sub-index. Ties go to the pollutant
     * listed first in {@link AqiPollutant}.
     */
    public Optional<AqiResult> aqi(Map<AqiPollutant, Double> concentrations) {
        Map<AqiPollutant, SubIndex> subs = new EnumMap<>(AqiPollutant.class);
        SubIndex worst = null;
        for (AqiPollutant p : AqiPollutant.values()) {
            Double c = concentrations.get(p);
            if (c == null) {
                continue;
            }
            Optional<SubIndex> s = subIndex(p, c);
            if (s.isPresent()) {
                subs.put(p, s.get());
                if (worst == null || s.get().index() > worst.index()) {
                    worst = s.get();
                }
            }
        }
        if (worst == null) {
            return Optional.empty();
        }
        return Optional.of(new AqiResult(worst.index(), worst.category(), worst.pollutant(), subs));
    }

    /**
     * @param aqi       the highest sub-index
     * @param category  its category
     * @param dominant  the pollutant with the highest sub-index
     * @param subIndices every pollutant's sub-index
     */
    public record AqiResult(int aqi, AqiCategory category, AqiPollutant dominant, Map<AqiPollutant, SubIndex> subIndices) {
        public AqiResult {
            subIndices = Map.copyOf(subIndices);
        }
    }
}
