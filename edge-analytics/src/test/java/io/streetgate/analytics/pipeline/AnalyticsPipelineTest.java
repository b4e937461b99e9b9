package io.streetgate.analytics.pipeline;

import io.streetgate.analytics.Summary;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.quality.QuantityRules;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
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
}
