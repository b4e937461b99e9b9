package io.streetgate.analytics.air;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference values from the EPA breakpoint tables in shared/reference (2024 PM2.5 revision). */
class UsAqiTest {

    private final UsAqi aqi = UsAqi.standard();

    private int index(AqiPollutant p, double c) {
        return aqi.subIndex(p, c).orElseThrow().index();
    }

    @ParameterizedTest(name = "PM2.5 {0} µg/m³ -> AQI {1}")
    @CsvSource({"0.0,0", "9.0,50", "9.1,51", "35.4,100", "35.5,101", "55.4,150", "55.5,151", "125.4,200",
        "125.5,201", "225.4,300", "225.5,301", "325.4,500"})
    void pm25BandEdgesOfThe2024Table(double c, int expected) {
        assertEquals(expected, index(AqiPollutant.PM2_5, c));
    }

    @ParameterizedTest(name = "{0} {1} -> AQI {2}")
    @CsvSource({"PM10,54,50", "PM10,55,51", "PM10,154,100", "PM10,155,101", "PM10,424,300", "PM10,425,301",
        "PM10,604,500", "O3_8H,54,50", "O3_8H,70,100", "O3_8H,71,101", "O3_8H,200,300", "O3_1H,125,101",
        "O3_1H,604,500", "NO2,53,50", "NO2,54,51", "NO2,100,100", "NO2,2049,500", "CO,4.4,50", "CO,4.5,51",
        "CO,50.4,500", "SO2,35,50", "SO2,36,51", "SO2,304,200"})
    void otherPollutantsAtTheirBandEdges(AqiPollutant p, double c, int expected) {
        assertEquals(expected, index(p, c));
    }

    @Test
    void interpolatesInsideABandAndRoundsToAnInteger() {
        // (100 − 51)/(35.4 − 9.1)·(20.0 − 9.1) + 51 = 71.31 -> 71
        assertEquals(71, index(AqiPollutant.PM2_5, 20.0));
        // (150 − 101)/(55.4 − 35.5)·(40.0 − 35.5) + 101 = 112.08 -> 112
        assertEquals(112, index(AqiPollutant.PM2_5, 40.0));
    }

    @Test
    void truncatesBeforeTheTableInsteadOfRounding() {
        assertEquals(50, index(AqiPollutant.PM2_5, 9.09), "9.09 truncates to 9.0, rounding would give 9.1 -> 51");
        assertEquals(100, index(AqiPollutant.PM10, 154.9), "PM10 truncates to an integer");
        assertEquals(50, index(AqiPollutant.CO, 4.49));
    }

    @Test
    void the2024RevisionMovesPm25ButThePreviousTableStaysAvailable() {
        assertEquals(56, index(AqiPollutant.PM2_5, 12.0), "2024: (49/26.3)·2.9 + 51 = 56.4");
        assertEquals(50, UsAqi.pre2024().subIndex(AqiPollutant.PM2_5, 12.0).orElseThrow().index());
        assertEquals(51, UsAqi.pre2024().subIndex(AqiPollutant.PM2_5, 12.1).orElseThrow().index());
        assertEquals(500, UsAqi.pre2024().subIndex(AqiPollutant.PM2_5, 500.4).orElseThrow().index());
    }

    @Test
    void aboveTheTableIsTheTopOfTheScaleAndSaysSo() {
        SubIndex s = aqi.subIndex(AqiPollutant.PM2_5, 400).orElseThrow();
        assertEquals(500, s.index());
        assertTrue(s.beyondScale());
        assertTrue(aqi.subIndex(AqiPollutant.O3_1H, 100).isEmpty(), "the 1-h ozone table starts at 125 ppb");
        assertTrue(aqi.subIndex(AqiPollutant.PM2_5, -1).isEmpty());
    }

    @Test
    void theAqiIsTheHighestSubIndexAndNamesTheDominantPollutant() {
        UsAqi.AqiResult r = aqi.aqi(Map.of(AqiPollutant.PM2_5, 40.0, AqiPollutant.PM10, 100.0)).orElseThrow();
        // PM10 100 -> (49/99)·45 + 51 = 73.3 -> 73; PM2.5 40.0 -> 112
        assertEquals(112, r.aqi());
        assertEquals(AqiPollutant.PM2_5, r.dominant());
        assertEquals(AqiCategory.UNHEALTHY_FOR_SENSITIVE_GROUPS, r.category());
        assertEquals(73, r.subIndices().get(AqiPollutant.PM10).index());
        assertEquals(AqiCategory.GOOD, AqiCategory.of(50));
        assertEquals(AqiCategory.MODERATE, AqiCategory.of(51));
        assertEquals(AqiCategory.HAZARDOUS, AqiCategory.of(301));
    }
}
