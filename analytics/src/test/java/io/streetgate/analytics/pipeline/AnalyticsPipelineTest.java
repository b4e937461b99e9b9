package io.streetgate.analytics.pipeline;

import io.streetgate.analytics.Summary;
import io.streetgate.analytics.air.AirConfig;
import io.streetgate.analytics.light.LightConfig;
import io.streetgate.analytics.noise.NoiseConfig;
import io.streetgate.analytics.occupancy.OccupancyConfig;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.quality.QuantityRules;
import io.streetgate.analytics.water.WaterConfig;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyticsPipelineTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void rejectedReadingsAreFlaggedCountedAndKeptOutOfTheSummary() {
        AnalyticsPipeline pipeline = AnalyticsPipeline.builder()
                .quality(QualityConfig.builder()
                        .rules(Quantity.TEMPERATURE, QuantityRules.builder().range(-40, 125).build()).build())
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ofSeconds(5)))
                .privacy(new PrivacyConfig(Map.of("summary", Set.of("sourceId", "quantity", "unit", "count", "mean"))))
                .build();
        for (int s = 0; s < 60; s++) {
            double v = s == 30 ? 400 : 20 + (s % 3);
            Measurement out = pipeline.accept(Measurement.of("env-1", Quantity.TEMPERATURE, v, T0.plusSeconds(s)),
                    T0.plusSeconds(s));
            assertEquals(v, out.value());
            assertEquals(s == 30, out.quality().has(QualityFlag.OUT_OF_RANGE));
        }
        assertTrue(pipeline.advanceTo(T0.plusSeconds(64)).isEmpty(), "lateness keeps the window open");

        PipelineOutput out = pipeline.advanceTo(T0.plusSeconds(65));
        Summary s = (Summary) out.records().get(0);
        assertEquals(59, s.count());
        // 20 cycles of 20, 21, 22 make 1260; the rejected reading replaced a 20
        assertEquals(1240.0 / 59, s.mean(), 1e-9, "the 400 °C reading is not in the mean");
        assertEquals(1, pipeline.qualityCounters().count(QualityFlag.OUT_OF_RANGE));
        assertEquals(Set.of("sourceId", "quantity", "unit", "count", "mean"), out.uplink().get(0).fields().keySet());
        assertEquals("Cel", out.uplink().get(0).fields().get("unit"));
    }

    @Test
    void settingsAndFlagsLeaveAsTheirLastValueAndMeasurementsAsStatistics() {
        Quantity period = Quantity.define("integration_period", Unit.SECOND, Quantity.Kind.STATE);
        Quantity overload = Quantity.define("overload", Unit.BOOLEAN, Quantity.Kind.STATE);
        AnalyticsPipeline pipeline = AnalyticsPipeline.builder()
                // a default stuck check would reject every reading of a setting that does not change
                .quality(QualityConfig.builder().defaults(QuantityRules.builder()
                        .stuck(3, Duration.ofSeconds(20), 0.0).build()).build())
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ZERO))
                .privacy(new PrivacyConfig(Map.of("summary", Set.of("sourceId", "quantity", "unit", "start", "end",
                        "count", "min", "mean", "max", "stdDev", "p10", "p50", "p90", "p95", "last"))))
                .build();
        for (int s = 0; s < 60; s += 15) {
            Instant t = T0.plusSeconds(s);
            pipeline.accept(Measurement.of("noise-1", period, 60, t), t);
            pipeline.accept(Measurement.of("noise-1", overload, s == 15 ? 1 : 0, t), t);
            pipeline.accept(Measurement.of("noise-1", Quantity.SOUND_LEVEL, 50 + s / 15, t), t);
        }
        Map<String, Map<String, Object>> sent = new java.util.TreeMap<>();
        for (UplinkMessage m : pipeline.advanceTo(T0.plusSeconds(60)).uplink()) {
            sent.put((String) m.fields().get("quantity"), m.fields());
        }

        assertEquals(List.of("sourceId", "quantity", "unit", "start", "end", "count", "last"),
                List.copyOf(sent.get("integration_period").keySet()));
        assertEquals(60.0, sent.get("integration_period").get("last"));
        assertEquals(4L, sent.get("integration_period").get("count"));
        assertEquals(0.0, sent.get("overload").get("last"), "the flag as last read, not its mean of 0.25");
        assertEquals("", sent.get("overload").get("unit"));
        assertEquals(51.5, sent.get("sound_level").get("mean"));
        assertTrue(!sent.get("sound_level").containsKey("last"), sent.get("sound_level").toString());
    }

    @Test
    void feedsEveryConfiguredWindowAndCountsLateReadings() {
        AnalyticsPipeline pipeline = AnalyticsPipeline.builder()
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ZERO))
                .window(WindowConfig.sliding(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ZERO))
                .build();
        pipeline.accept(Measurement.of("env-1", Quantity.HUMIDITY, 50, T0.plusSeconds(10)), T0);
        pipeline.accept(Measurement.of("env-1", Quantity.HUMIDITY, 52, T0.plusSeconds(70)), T0);
        PipelineOutput out = pipeline.advanceTo(T0.plusSeconds(180));
        // tumbling: [0,1) and [1,2); sliding: [-1,1), [0,2), [1,3)
        assertEquals(5, out.records().size());
        assertTrue(out.uplink().isEmpty(), "nothing leaves without an allow-list");
        pipeline.accept(Measurement.of("env-1", Quantity.HUMIDITY, 51, T0.plusSeconds(20)), T0.plusSeconds(180));
        assertEquals(2, pipeline.lateDropped(), "late for both window sets");
    }

    @Test
    void theSiteFilesAnalyticsSectionWiresEveryCapability() {
        ZoneId zone = ZoneId.of("Europe/Paris");
        AnalyticsPipeline pipeline = AnalyticsPipeline.of(AnalyticsConfig.builder()
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ZERO))
                .air(AirConfig.DEFAULT)
                .noise(NoiseConfig.hourly(zone))
                .occupancy(OccupancyConfig.defaults())
                .water(WaterConfig.defaults(zone, 0.0001))
                .light(new LightConfig(Duration.ofMinutes(15), 20, 40, Duration.ZERO, Duration.ZERO))
                .privacy(new PrivacyConfig(Map.of("noise", Set.of("laeq", "unit"), "occupancy", Set.of("zone", "visits"))))
                .build());
        Instant t = Instant.parse("2026-06-01T10:00:00Z");
        pipeline.accept(Measurement.of("pm-1", Quantity.PM2_5, 12, t), t);
        pipeline.accept(Measurement.of("slm-1", Quantity.SOUND_LEVEL, 62, t), t);
        pipeline.accept(Measurement.of("pir-1", Quantity.PRESENCE, 1, t), t);
        pipeline.accept(Measurement.of("meter-1", Quantity.FLOW, 0.001, t), t);
        pipeline.accept(Measurement.of("lux-1", Quantity.ILLUMINANCE, 5, t), t);

        PipelineOutput out = pipeline.advanceTo(Instant.parse("2026-06-02T00:00:00Z"));
        Set<String> kinds = new java.util.HashSet<>();
        out.records().forEach(r -> kinds.add(r.kind()));
        assertEquals(Set.of("summary", "aqi", "noise", "noise-day", "occupancy", "water", "light"), kinds);
        assertTrue(pipeline.ambientLight("lux-1").orElseThrow().dark());
        // only the allow-listed noise fields leave; the single visit is suppressed, so occupancy sends its zone only
        assertEquals(Set.of("noise", "occupancy"), out.uplink().stream().map(u -> u.kind()).collect(java.util.stream.Collectors.toSet()));
        out.uplink().stream().filter(u -> u.kind().equals("occupancy"))
                .forEach(u -> assertEquals(Set.of("zone"), u.fields().keySet()));
    }

    @Test
    void sourcesSilentForForgetAfterAreForgottenByTheQualityFilterAndEveryAnalyzerWhileReportingOnesAreKept() {
        ZoneId zone = ZoneId.of("Europe/Paris");
        AnalyticsPipeline pipeline = AnalyticsPipeline.of(AnalyticsConfig.builder()
                .quality(QualityConfig.builder().rules(Quantity.TEMPERATURE, QuantityRules.builder()
                        .hampel(5, 3, 0.1).build()).build())
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ZERO))
                .air(AirConfig.DEFAULT).noise(NoiseConfig.hourly(zone)).occupancy(OccupancyConfig.defaults())
                .water(WaterConfig.defaults(zone, 0.0001))
                .light(new LightConfig(Duration.ofMinutes(15), 20, 40, Duration.ZERO, Duration.ZERO))
                .forgetAfter(Duration.ofDays(2)).build());
        Instant t = Instant.parse("2026-06-01T10:00:00Z");
        // a thousand names posted once each, of every quantity an analyzer keeps state for
        Quantity[] kinds = {Quantity.TEMPERATURE, Quantity.PM2_5, Quantity.PRESENCE, Quantity.FLOW,
                Quantity.ILLUMINANCE};
        for (int i = 0; i < 1000; i++) {
            pipeline.accept(Measurement.of("once-" + i, kinds[i % kinds.length], 1, t), t);
        }
        pipeline.advanceTo(t.plus(Duration.ofHours(1)));
        assertEquals(1000, pipeline.seriesHeld());

        // one sensor keeps reporting every hour for three days
        Instant now = t;
        for (int h = 1; h <= 72; h++) {
            now = t.plus(Duration.ofHours(h));
            pipeline.accept(Measurement.of("steady", Quantity.FLOW, 0.001, now), now);
            pipeline.advanceTo(now);
        }

        assertEquals(1, pipeline.seriesHeld(), "only the steady sensor is still held");
        // 1000 series in the quality filter, and the 200 sources of each of air, occupancy, water and light
        assertEquals(1000 + 4 * 200, pipeline.forgotten());
        Measurement again = pipeline.accept(Measurement.of("once-0", Quantity.TEMPERATURE, 2, now), now);
        assertEquals(Set.of(), again.quality().flags(), "a forgotten series starts afresh");
        assertEquals(2, pipeline.seriesHeld());
    }

    @Test
    void aTemperatureOf1e300IsOutOfRangeByDefaultAndASitesOwnRangeOverridesThePlausibleOne() {
        AnalyticsPipeline byDefault = AnalyticsPipeline.of(AnalyticsConfig.builder()
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ZERO)).build());
        AnalyticsPipeline kiln = AnalyticsPipeline.of(AnalyticsConfig.builder()
                .quality(QualityConfig.builder().rules(Quantity.TEMPERATURE, QuantityRules.builder()
                        .range(-50, 1300).build()).build())
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ZERO)).build());

        assertTrue(byDefault.accept(Measurement.of("node-1", Quantity.TEMPERATURE, 1e300, T0), T0).quality()
                .has(QualityFlag.OUT_OF_RANGE));
        assertTrue(byDefault.accept(Measurement.of("node-1", Quantity.TEMPERATURE, 131, T0), T0).quality()
                .has(QualityFlag.OUT_OF_RANGE));
        assertEquals(Set.of(), byDefault.accept(Measurement.of("node-1", Quantity.TEMPERATURE, -89.2, T0), T0)
                .quality().flags(), "the coldest air ever measured is plausible");
        assertTrue(byDefault.accept(Measurement.of("node-1", Quantity.HUMIDITY, 101, T0), T0).quality()
                .has(QualityFlag.OUT_OF_RANGE));
        assertEquals(Set.of(), kiln.accept(Measurement.of("kiln-1", Quantity.TEMPERATURE, 900, T0), T0).quality().flags());
        assertTrue(kiln.accept(Measurement.of("kiln-1", Quantity.TEMPERATURE, 1e300, T0), T0).quality()
                .has(QualityFlag.OUT_OF_RANGE));
        Summary summary = (Summary) byDefault.advanceTo(T0.plusSeconds(60)).records().get(0);
        assertEquals(1, summary.count(), "only the plausible temperature is summarised");
    }
}
