package io.streetgate.analytics.air;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * European Air Quality Index bands: for each pollutant, the lower edges (µg/m³) of the six levels Good, Fair,
 * Moderate, Poor, Very poor and Extremely poor. A concentration on an edge belongs to the lower level (the
 * EEA writes the bands as 0-5, 5-15, ...; "up to and including 5" is Good). Configurable (site key
 * {@code analytics.air.eaqi.bands}: {@code 2024} or {@code pre-2024}, or a table of edges).
 *
 * <p>Source: European Environment Agency, European Air Quality Index (airindex.eea.europa.eu), bands revised
 * in 2024 toward the WHO 2021 guidelines, and the earlier bands; as listed in
 * shared/reference/domain-facts-with-sources.md section 5 and shared/reference/formulas.md.
 *
 * @param lowerEdges six increasing lower edges per pollutant, the first 0
 */
public record EaqiTable(Map<EaqiPollutant, List<Double>> lowerEdges) {

    /** The EEA's 2024 bands (the default). */
    public static final EaqiTable BANDS_2024 = new EaqiTable(Map.of(
            EaqiPollutant.PM2_5, List.of(0.0, 5.0, 15.0, 50.0, 90.0, 140.0),
            EaqiPollutant.PM10, List.of(0.0, 15.0, 45.0, 120.0, 195.0, 270.0),
            EaqiPollutant.NO2, List.of(0.0, 10.0, 25.0, 60.0, 100.0, 150.0),
            EaqiPollutant.O3, List.of(0.0, 60.0, 100.0, 120.0, 160.0, 180.0),
            EaqiPollutant.SO2, List.of(0.0, 20.0, 40.0, 125.0, 190.0, 275.0)));

    /**
     * The bands before the 2024 revision. The SO2 edges (0, 100, 200, 350, 500, 750) are not in the shared
     * reference and are remembered from the EEA's earlier table (verify before relying on them).
     */
    public static final EaqiTable PRE_2024 = new EaqiTable(Map.of(
            EaqiPollutant.PM2_5, List.of(0.0, 10.0, 20.0, 25.0, 50.0, 75.0),
            EaqiPollutant.PM10, List.of(0.0, 20.0, 40.0, 50.0, 100.0, 150.0),
            EaqiPollutant.NO2, List.of(0.0, 40.0, 90.0, 120.0, 230.0, 340.0),
            EaqiPollutant.O3, List.of(0.0, 50.0, 100.0, 130.0, 240.0, 380.0),
            EaqiPollutant.SO2, List.of(0.0, 100.0, 200.0, 350.0, 500.0, 750.0)));

    public EaqiTable {
        Objects.requireNonNull(lowerEdges, "analytics.air.eaqi.bands");
        Map<EaqiPollutant, List<Double>> copy = new EnumMap<>(EaqiPollutant.class);
        for (Map.Entry<EaqiPollutant, List<Double>> e : lowerEdges.entrySet()) {
            List<Double> edges = List.copyOf(e.getValue());
            boolean increasing = edges.size() == EaqiLevel.values().length && edges.get(0) == 0.0;
            for (int i = 1; increasing && i < edges.size(); i++) {
                increasing = edges.get(i) > edges.get(i - 1);
            }
            if (!increasing) {
                throw new IllegalArgumentException("analytics.air.eaqi.bands." + e.getKey().name().toLowerCase()
                        + " = " + edges + " is not valid: list six increasing lower edges starting at 0");
            }
            copy.put(e.getKey(), edges);
        }
        lowerEdges = Map.copyOf(copy);
    }

    /** The table named in the site file: {@code 2024} or {@code pre-2024}. */
    public static EaqiTable named(String name) {
        return switch (name) {
            case "2024" -> BANDS_2024;
            case "pre-2024" -> PRE_2024;
            default -> throw new IllegalArgumentException("analytics.air.eaqi.bands = '" + name
                    + "' is not valid: use 2024 or pre-2024");
        };
    }

    /** The level of a concentration in µg/m³; null when the table has no bands for the pollutant. */
    public EaqiLevel level(EaqiPollutant pollutant, double concentration) {
        List<Double> edges = lowerEdges.get(pollutant);
        if (edges == null || !Double.isFinite(concentration)) {
            return null;
        }
        int level = 0;
        while (level + 1 < edges.size() && concentration > edges.get(level + 1)) {
            level++;
        }
        return EaqiLevel.values()[level];
    }

    /**
     * The index over several pollutants: the worst level, and the pollutant that sets it (ties go to the
     * first in {@link EaqiPollutant}). Null when no pollutant has bands.
     */
    public EaqiResult index(Map<EaqiPollutant, Double> concentrations) {
        EaqiLevel worst = null;
        EaqiPollutant dominant = null;
        for (EaqiPollutant p : EaqiPollutant.values()) {
            Double c = concentrations.get(p);
            EaqiLevel level = c == null ? null : level(p, c);
            if (level != null && (worst == null || level.compareTo(worst) > 0)) {
                worst = level;
                dominant = p;
            }
        }
        return worst == null ? null : new EaqiResult(worst, dominant);
    }

    /** The European index: the worst pollutant's level. */
    public record EaqiResult(EaqiLevel level, EaqiPollutant dominant) {
    }
}
