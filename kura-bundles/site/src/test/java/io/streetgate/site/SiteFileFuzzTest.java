package io.streetgate.site;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streetgate.driver.DeviceConfig;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a site file holds, {@link SiteFile#parse} answers with a result: the valid part and a list of
 * problems, each naming where it is and what is wrong. It never throws, hangs or allocates without bound, and
 * what it accepts keeps the rules every later reader relies on (ids fit topics and configuration PIDs).
 *
 * <p>The regression corpus (seeds and every finding, in {@code SiteFileFuzzTestInputs/parse/}) runs in the
 * test command; {@code ./fuzz.sh site-file 300} fuzzes (docs/security.md).
 */
class SiteFileFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        SiteFile.Result result = SiteFile.parse(text, "site.yaml", TestCatalog.CATALOG);

        for (Problem p : result.problems()) {
            assertEquals("site.yaml", p.source());
            assertTrue(p.line() >= 0, "a line number or 0: " + p);
            assertFalse(p.path() == null || p.path().isEmpty(), "a problem names its key: " + p);
            assertFalse(p.message() == null || p.message().isBlank(), "a problem says what is wrong: " + p);
        }
        assertEquals(result.config().isPresent() && result.problems().isEmpty(), result.isValid());
        result.config().ifPresent(SiteFileFuzzTest::idsFitTopicsAndPids);
    }

    private static void idsFitTopicsAndPids(SiteConfig config) {
        assertTrue(SiteFile.ID.matcher(config.node().id()).matches(), "node id " + config.node().id());
        config.buses().keySet().forEach(id -> assertTrue(SiteFile.ID.matcher(id).matches(), "bus id " + id));
        for (DeviceConfig d : config.sensors()) {
            assertTrue(SiteFile.ID.matcher(d.id()).matches(), "sensor id " + d.id());
        }
        for (DeviceConfig d : config.actuators()) {
            assertTrue(SiteFile.ID.matcher(d.id()).matches(), "actuator id " + d.id());
        }
    }
}
