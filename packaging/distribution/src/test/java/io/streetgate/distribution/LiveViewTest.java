package io.streetgate.distribution;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the terminal shows while `streetgate run` runs: the street now, not a scroll of every summary. */
class LiveViewTest {

    private static Map<String, Object> summary(String source, String quantity, double mean, String unit, String end) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "summary");
        m.put("sourceId", source);
        m.put("quantity", quantity);
        m.put("unit", unit);
        m.put("mean", mean);
        m.put("end", end);
        return m;
    }

    private static Map<String, Object> actuator(String source, double level, String reason, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "actuator");
        m.put("sourceId", source);
        m.put("level", level);
        m.put("reason", reason);
        m.put("detail", "period from 22:00 at 70 %");
        m.put("since", at);
        m.put("at", at);
        return m;
    }

    @Test
    void eachSensorIsOneRowWithItsLatestMeansAndEachActuatorItsLevelAndWhy() {
        LiveView view = new LiveView("pole-0042");
        view.accept(summary("env-1", "temperature", 19.784, "Cel", "2026-06-21T20:16:00Z"));
        view.accept(summary("env-1", "pressure", 101921.71, "Pa", "2026-06-21T20:16:00Z"));
        view.accept(summary("env-1", "temperature", 19.6, "Cel", "2026-06-21T20:17:00Z"));
        view.accept(summary("water-1", "flow", 0.0000425, "m3/s", "2026-06-21T20:17:00Z"));
        Map<String, Object> period = summary("noise-1", "integration_period", 0, "s", "2026-06-21T20:17:00Z");
        period.remove("mean");
        period.put("last", 60.0); // a setting's summary: its last value, no mean
        view.accept(period);
        view.accept(actuator("lamp-1", 0.7, "schedule", "2026-06-21T20:25:03Z"));
        view.accept(actuator("lamp-1", 0.7, "schedule", "2026-06-21T20:25:04Z"));

        List<String> screen = view.render(120);
        assertEquals("streetgate pole-0042   gateway time 20:25 UTC   5 summaries   Ctrl-C stops", screen.get(0));
        assertTrue(screen.contains("  env-1          temperature 19.60 Cel  pressure 101922 Pa"), screen.toString());
        assertTrue(screen.contains("  water-1        flow 4.25e-05 m3/s"), screen.toString());
        assertTrue(screen.contains("  noise-1        integration_period 60.00 s"), screen.toString());
        assertTrue(screen.contains("  lamp-1         0.70  schedule"), screen.toString());
        assertEquals(1, screen.stream().filter(l -> l.contains("lamp-1 -> 0.70  schedule (period from 22:00")).count(),
                "a level that did not change is no new event: " + screen);
    }

    @Test
    void linesAreCutToTheTerminalAndOnlyTheLatestEventsStay() {
        LiveView view = new LiveView("pole-0042");
        for (int i = 0; i < 20; i++) {
            view.accept(actuator("cab-fan", i / 100.0 + 0.1, "ventilation", "2026-06-21T20:%02d:00Z".formatted(i)));
        }
        List<String> screen = view.render(60);
        assertTrue(screen.stream().allMatch(l -> l.length() <= 60), screen.toString());
        assertEquals(LiveView.EVENTS, screen.stream().filter(l -> l.contains("cab-fan ->")).count());
        assertTrue(screen.stream().anyMatch(l -> l.startsWith("  20:19  cab-fan -> 0.29")), screen.toString());
    }
}
