package io.streetgate.analytics.air;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** European index band edges from the EEA tables in shared/reference (2024 default, pre-2024 available). */
class EaqiTableTest {

    @ParameterizedTest(name = "2024 {0} {1} µg/m³ -> {2}")
    @CsvSource({"PM2_5,0,GOOD", "PM2_5,5,GOOD", "PM2_5,5.1,FAIR", "PM2_5,15,FAIR", "PM2_5,15.1,MODERATE",
        "PM2_5,50.1,POOR", "PM2_5,90.1,VERY_POOR", "PM2_5,140,VERY_POOR", "PM2_5,140.1,EXTREMELY_POOR",
        "PM10,45,FAIR", "PM10,45.5,MODERATE", "PM10,270.5,EXTREMELY_POOR", "NO2,10,GOOD", "NO2,60.5,POOR",
        "O3,100.5,MODERATE", "O3,180.5,EXTREMELY_POOR", "SO2,125.5,POOR", "SO2,275.5,EXTREMELY_POOR"})
    void bands2024(EaqiPollutant p, double c, EaqiLevel expected) {
        assertEquals(expected, EaqiTable.BANDS_2024.level(p, c));
    }

    @ParameterizedTest(name = "pre-2024 {0} {1} µg/m³ -> {2}")
    @CsvSource({"PM2_5,10,GOOD", "PM2_5,12,FAIR", "PM2_5,25,MODERATE", "PM2_5,26,POOR", "PM2_5,76,EXTREMELY_POOR",
        "PM10,45,MODERATE", "NO2,100,MODERATE", "NO2,121,POOR", "O3,250,VERY_POOR"})
    void bandsBefore2024(EaqiPollutant p, double c, EaqiLevel expected) {
        assertEquals(expected, EaqiTable.named("pre-2024").level(p, c));
    }

    @Test
    void theIndexIsTheWorstPollutant() {
        EaqiTable.EaqiResult r = EaqiTable.BANDS_2024.index(Map.of(EaqiPollutant.PM2_5, 12.0, EaqiPollutant.NO2, 30.0));
        assertEquals(EaqiLevel.MODERATE, r.level());
        assertEquals(EaqiPollutant.NO2, r.dominant());
    }

    @Test
    void aCustomTableIsValidatedWithItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EaqiTable(Map.of(EaqiPollutant.PM2_5, List.of(0.0, 5.0, 4.0, 50.0, 90.0, 140.0))));
        assertTrue(e.getMessage().contains("analytics.air.eaqi.bands.pm2_5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EaqiTable.named("2019"));
    }
}
