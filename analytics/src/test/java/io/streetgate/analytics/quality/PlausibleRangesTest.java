package io.streetgate.analytics.quality;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranges a quantity gets when the site gives it none, and docs/analytics.md's table of them. */
class PlausibleRangesTest {

    @Test
    void aQuantityWithoutARangeGetsItsPlausibleOneAndAGivenRangeIsKept() {
        QuantityRules none = QuantityRules.NONE;
        QuantityRules own = QuantityRules.builder().range(-50, 1300).hampel(5, 3, 0).build();

        assertEquals(-90, PlausibleRanges.apply(Quantity.TEMPERATURE, none).min());
        assertEquals(130, PlausibleRanges.apply(Quantity.TEMPERATURE, none).max());
        assertEquals(own, PlausibleRanges.apply(Quantity.TEMPERATURE, own));
        assertTrue(Double.isNaN(PlausibleRanges.apply(Quantity.MOTION_EVENTS, none).max()), "a count has no top");
        Quantity moisture = Quantity.define("plausible_test_moisture", Unit.PERCENT);
        assertEquals(none, PlausibleRanges.apply(moisture, none), "a quantity the site defines has no default");
        QuantityRules hampelOnly = QuantityRules.builder().hampel(5, 3, 0).build();
        QuantityRules applied = new QualityConfig(Map.of("temperature", hampelOnly), QuantityRules.NONE)
                .rulesFor(Quantity.TEMPERATURE);
        assertEquals(hampelOnly.hampel(), applied.hampel(), "the other rules stay");
        assertEquals(130, applied.max());
        assertTrue(Double.isNaN(QualityConfig.NONE.rulesFor(Quantity.TEMPERATURE).max()), "NONE checks nothing");
    }

    @Test
    void whatCanBeRealAtAllIsThePlausibleRangeWidenedByTheSitesOwn() {
        assertEquals(new ValueRange(-90, 130), QualityConfig.PLAUSIBLE.acceptable(Quantity.TEMPERATURE).orElseThrow());
        QualityConfig oven = new QualityConfig(Map.of("temperature", QuantityRules.builder().range(-50, 1300).build()),
                QuantityRules.NONE);
        assertEquals(new ValueRange(-90, 1300), oven.acceptable(Quantity.TEMPERATURE).orElseThrow(),
                "a site's wider end widens it, its tighter end does not narrow it");
        QualityConfig onlyTop = new QualityConfig(Map.of(), QuantityRules.builder().range(Double.NaN, 200).build());
        assertEquals(new ValueRange(-90, 200), onlyTop.acceptable(Quantity.TEMPERATURE).orElseThrow(),
                "the site's default range counts; an end it leaves open keeps the plausible one");
        ValueRange motion = QualityConfig.PLAUSIBLE.acceptable(Quantity.MOTION_EVENTS).orElseThrow();
        assertTrue(motion.contains(1e300) && !motion.contains(-1), "a count has no top, but no negative");
        assertTrue(QualityConfig.PLAUSIBLE.acceptable(Quantity.define("plausible_test_level", Unit.METRE)).isEmpty(),
                "a quantity the site defines has none");
        assertTrue(QualityConfig.NONE.acceptable(Quantity.TEMPERATURE).isEmpty(), "NONE bounds nothing");
        ValueRange t = QualityConfig.PLAUSIBLE.acceptable(Quantity.TEMPERATURE).orElseThrow();
        assertTrue(t.contains(-90) && t.contains(130) && !t.contains(1e300) && !t.contains(Double.NaN));
        assertEquals("-90..130", t.toString());
    }

    @Test
    void docsAnalyticsTableListsEveryRange() throws Exception {
        String page = Files.readString(Path.of("../docs/analytics.md"));
        Matcher table = Pattern.compile("<!-- plausible:begin -->(.*?)<!-- plausible:end -->", Pattern.DOTALL)
                .matcher(page);
        assertTrue(table.find(), "the table in docs/analytics.md");
        Map<String, String> documented = new TreeMap<>();
        Matcher row = Pattern.compile("\\| `([a-z0-9_]+)` \\| (\\S+)").matcher(table.group(1));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        assertEquals(PlausibleRanges.byName(), documented);
    }
}
