package io.streetgate.site;

import io.streetgate.driver.DeviceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteFileTest {

    private static String good() throws Exception {
        return Files.readString(Path.of(SiteFileTest.class.getResource("/good-site.yaml").toURI()));
    }

    private static SiteFile.Result parse(String yaml) {
        return SiteFile.parse(yaml, "site.yaml", TestCatalog.CATALOG);
    }

    private static List<String> messages(SiteFile.Result r) {
        return r.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    @Test
    void readsAGoodFileCompletely() throws Exception {
        SiteFile.Result r = parse(good());

        assertEquals(List.of(), messages(r));
        SiteConfig c = r.config().orElseThrow();
        assertEquals("pole-0042", c.node().id());
        assertEquals(53.5461, c.node().latitude());
        assertEquals(3, c.sensors().size());
        DeviceConfig env = c.sensors().get(0);
        assertEquals("env-1", env.id());
        assertEquals(0x76, env.address());
        assertEquals("i2c", env.bus().kind());
        assertEquals("1", env.bus().setting("number", null));
        assertEquals(Duration.ofSeconds(10), env.period());
        assertEquals("x2", env.option("oversampling", null));
        assertEquals("50ms", c.sensors().get(2).option("debounce", null), "defaults are filled in");
        assertEquals("crossing-north", c.sensors().get(2).option("zone", null));
        assertEquals(Duration.ofMinutes(1), c.analytics().windows().get(0).size());
        assertEquals(java.util.Map.of("pir-1", "crossing-north"), c.analytics().occupancy().zones(),
                "occupancy zones come from the sensors' zone keys");
        assertEquals(LocalBrokerConfig.DEFAULT, c.localBroker());
    }

    @Test
    void aTypoInAKeyNamesTheKeyTheLineAndTheLikelyFix() throws Exception {
        SiteFile.Result r = parse(good().replace("    period: 5s", "    peroid: 5s"));

        assertEquals(List.of("site.yaml:24: sensors.light-1.peroid: is not a known key; did you mean 'period'?"
                + " Valid here: type, bus, period, options, enabled, zone, description, address"), messages(r));
        assertFalse(r.isValid());
    }

    @Test
    void aBadEntryIsLeftOutAndTheOthersAreKept() throws Exception {
        SiteFile.Result r = parse(good().replace("period: 10s", "period: 10x"));

        assertEquals(List.of("site.yaml:17: sensors.env-1.period: '10x' is not a duration; write a number with"
                + " a unit: 500ms, 10s, 5m, 1h, 7d"), messages(r));
        assertEquals(List.of("light-1", "pir-1"),
                r.config().orElseThrow().sensors().stream().map(DeviceConfig::id).toList());
    }

    @Test
    void anUnknownTypeSuggestsTheClosestKnownOne() throws Exception {
        SiteFile.Result r = parse(good().replace("type: bme280", "type: bme208"));

        assertEquals(List.of("site.yaml:14: sensors.env-1.type: 'bme208' is not a device type this gateway knows;"
                + " did you mean 'bme280'? Known: bme280, bh1750, pir"), messages(r),
                "one problem: the address of an unknown type is not reported as an unknown key too");
    }

    @Test
    void anI2cAddressWrittenInDecimalSaysHowItWasRead() throws Exception {
        SiteFile.Result r = parse(good().replace("address: 0x76", "address: 76"));

        assertEquals(List.of("site.yaml:16: sensors.env-1.address: '76' is not valid for a bme280 (read as decimal 76,"
                + " which is 0x4C; did you mean 0x76?); valid: 0x76 or 0x77"), messages(r));
    }

    @Test
    void anAddressTheChipCannotHaveListsTheValidOnes() throws Exception {
        SiteFile.Result r = parse(good().replace("address: 0x76", "address: 0x40"));

        assertEquals(List.of("site.yaml:16: sensors.env-1.address: '0x40' is not valid for a bme280; valid:"
                + " 0x76 or 0x77"), messages(r));
    }

    @Test
    void twoDevicesCannotShareAnAddressOnOneBus() throws Exception {
        String yaml = good().replace("  light-1:",
                "  env-2:\n    type: bme280\n    bus: i2c-1\n    address: 0x76\n  light-1:");
        SiteFile.Result r = parse(yaml);

        assertEquals(1, r.problems().size(), messages(r).toString());
        assertTrue(messages(r).get(0).contains("sensors.env-2.address: '0x76' on bus i2c-1 is already used by env-1"),
                messages(r).toString());
        assertEquals(3, r.config().orElseThrow().sensors().size());
    }

    @Test
    void aSensorOnTheWrongKindOfBusIsRefused() throws Exception {
        SiteFile.Result r = parse(good().replace("    bus: gpio", "    bus: i2c-1"));

        assertTrue(messages(r).get(0).endsWith("sensors.pir-1.bus: 'i2c-1' is a i2c bus, but a pir sits on gpio"),
                messages(r).toString());
    }

    @Test
    void aBusThatDoesNotExistIsNamedWithTheOnesThatDo() throws Exception {
        SiteFile.Result r = parse(good().replace("bus: i2c-1\n    address: 0x23", "bus: i2c-7\n    address: 0x23"));

        assertEquals(List.of("site.yaml:22: sensors.light-1.bus: 'i2c-7' is not a bus in the buses section;"
                + " defined: i2c-1, gpio"), messages(r));
    }

    @Test
    void anOptionOutsideItsChoicesNamesTheChoices() throws Exception {
        SiteFile.Result r = parse(good().replace("oversampling: x2", "oversampling: x3"));

        assertEquals(List.of("site.yaml:19: sensors.env-1.options.oversampling: 'x3' is not one of x1, x2, x4,"
                + " x8, x16"), messages(r));
    }

    @Test
    void brokenYamlGivesTheLineAndAHint() throws Exception {
        SiteFile.Result r = parse(good().replace("  site: harbour-street", "  site harbour-street\n   bad: [1"));

        assertTrue(r.config().isEmpty());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).message().startsWith("is not valid YAML"), messages(r).toString());
        assertTrue(r.problems().get(0).line() > 0);
        // found by fuzzing register maps: SnakeYAML threw IllegalArgumentException for this tag
        assertEquals(List.of("site.yaml: (file): is not valid YAML: Tag must not contain leading or trailing spaces."),
                messages(parse("!?%d")));
    }

    @Test
    void aDuplicateKeyIsReportedRatherThanSilentlyOverwritten() throws Exception {
        SiteFile.Result r = parse(good().replace("    period: 2s", "    period: 2s\n    period: 3s"));

        assertTrue(messages(r).stream().anyMatch(m -> m.contains("sensors.pir-1.period: is given twice")),
                messages(r).toString());
    }

    @Test
    void withoutANodeIdTheFileCannotBeUsed() throws Exception {
        SiteFile.Result r = parse(good().replace("  id: pole-0042\n", ""));

        assertTrue(r.config().isEmpty());
        assertEquals("site.yaml:3: node.id: is missing; name this gateway, e.g. id: pole-0042", messages(r).get(0));
    }

    @Test
    void anEmptyFileSaysWhatItNeeds() {
        SiteFile.Result r = parse("");

        assertEquals(List.of("site.yaml: (file): is empty; it needs at least a node section with an id"),
                messages(r));
    }

    @Test
    void aFileThatIsNotASectionOfKeysIsReportedAsTheWholeFile() {
        // found by SiteFileFuzzTest: these problems had an empty key ("site.yaml:1: : must be ...", docs/security.md)
        assertEquals(List.of("site.yaml:1: (file): must be a section of 'key: value' lines",
                        "site.yaml: node: is missing; add a node section with at least 'id: <node id>'"),
                messages(parse("a few words, not a site file")));
        assertEquals("site.yaml:1: (file): must be a section of 'key: value' lines",
                messages(parse("- node\n- buses\n")).get(0));
        assertEquals("site.yaml:1: (file): has a key that is not a plain name",
                messages(parse("[node]: { id: pole-0042 }\n")).get(0));
    }

    @Test
    void theBrokerAndStatusEndpointCannotShareAPort() throws Exception {
        SiteFile.Result r = parse(good() + "local-broker: { port: 8087 }\n");

        assertTrue(messages(r).get(0).contains("status.port: '8087' is also the local broker's port"),
                messages(r).toString());
    }

    @Test
    void aDisabledSensorIsValidButNotSampled() throws Exception {
        SiteFile.Result r = parse(good().replace("    period: 2s", "    period: 2s\n    enabled: false"));

        assertTrue(r.isValid(), messages(r).toString());
        assertEquals(2, r.config().orElseThrow().sensors().size());
    }
}
