package io.streetgate.site;

import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyticsSectionTest {

    private static final String NODE = "node: { id: pole-1 }\n";

    private static SiteFile.Result parse(String yaml) {
        return SiteFile.parse(NODE + yaml, "site.yaml", TestCatalog.CATALOG);
    }

    private static List<String> problems(SiteFile.Result r) {
        return r.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void withoutTheSectionThereAreOneMinuteSummariesAndTheDefaultAllowLists() {
        AnalyticsConfig a = parse("").config().orElseThrow().analytics();

        assertEquals(1, a.windows().size());
        assertEquals(Duration.ofMinutes(1), a.windows().get(0).size());
        assertEquals(Duration.ofSeconds(5), a.windows().get(0).allowedLateness());
        assertTrue(a.privacy().allowed("summary").contains("mean"));
        assertTrue(a.privacy().allowed("occupancy").contains("count"));
        assertNull(a.noise(), "a capability without its key is off");
    }

    @Test
    void theWorkedExampleOfTheAnalyticsPageIsValid() throws Exception {
        String page = Files.readString(Path.of("../../docs/analytics.md"));
        Matcher m = Pattern.compile("```yaml\\n(analytics:.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "docs/analytics.md has an analytics: example");
        // the example names quantities that the drivers of issue 4 define
        Quantity.define("pm2_5", Quantity.PM2_5.unit());
        SiteFile.Result r = parse(m.group(1));

        assertEquals(List.of(), problems(r));
        AnalyticsConfig a = r.config().orElseThrow().analytics();
        assertEquals(2, a.windows().size());
        assertEquals(Duration.ofMinutes(5), a.windows().get(1).slide());
        assertEquals(ZoneId.of("Europe/Berlin"), a.noise().zone());
        assertEquals(LocalTime.of(19, 0), a.noise().lden().eveningStart());
        assertEquals(55.0, a.noise().limitNight());
        assertEquals(5, a.occupancy().k());
        assertEquals(0.00005, a.water().leakThreshold());
        assertEquals(20.0, a.light().darkBelowLux());
        assertNotNull(a.quality());
        assertTrue(a.privacy().allowed("aqi").contains("usAqi"));
    }

    @Test
    void aRecordsOwnValidationIsReportedAgainstItsKey() {
        SiteFile.Result r = parse("analytics:\n  noise:\n    period: 7m\n");

        assertEquals(1, r.problems().size(), problems(r).toString());
        Problem p = r.problems().get(0);
        assertEquals("analytics.noise", p.path());
        assertTrue(p.message().contains("period"), p.message());
        assertNull(r.config().orElseThrow().analytics().noise());
    }

    @Test
    void anIdentifierOnAnAllowListIsRefused() {
        SiteFile.Result r = parse("analytics:\n  privacy:\n    allow:\n      occupancy: [zone, count, mac]\n");

        assertEquals(1, r.problems().size(), problems(r).toString());
        assertTrue(r.problems().get(0).message().contains("raw audio, identifiers, user names and typed notes never leave the node"),
                problems(r).toString());
    }

    @Test
    void aTypoInsideTheSectionIsCaught() {
        SiteFile.Result r = parse("analytics:\n  light:\n    dark-bellow: 10\n");

        assertEquals(List.of("site.yaml:4: analytics.light.dark-bellow: is not a known key; did you mean "
                + "'dark-below'? Valid here: period, dark-below, light-above, smoothing, allowed-lateness"), problems(r));
    }

    @Test
    void aQuantityNobodyMeasuresCannotHaveQualityRules() {
        SiteFile.Result r = parse("analytics:\n  quality:\n    temperatur:\n      range: { min: -40, max: 85 }\n"
                + "    humidity:\n      range: { min: 0, max: 100 }\n");

        assertEquals(1, r.problems().size(), problems(r).toString());
        assertTrue(r.problems().get(0).toString().contains("analytics.quality.temperatur: is not a quantity"),
                problems(r).toString());
        assertNotNull(r.config().orElseThrow().analytics().quality(), "the humidity rule still runs");
    }
}
