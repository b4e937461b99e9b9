package io.streetgate.site;

import io.streetgate.driver.Durations;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings tables of docs/site-file.md ({@link SiteSettings}), docs/control.md ({@link ControlSettings}),
 * docs/uplink.md and docs/store-and-forward.md ({@link UplinkSettings}), docs/ota.md ({@link OtaSettings}),
 * docs/coap.md ({@link CoapSettings}) and docs/analytics.md ({@link AnalyticsSettings}) are the one definition
 * of those settings: every key has a row, and each row's type, default, unit, valid values and meaning are the
 * code's.
 */
class SiteSettingsDocTest {

    private static final Path DOCS = Path.of("../../docs");
    private static final Path PAGE = DOCS.resolve("site-file.md");
    private static final List<String> COLUMNS = List.of("key", "type", "default", "unit", "valid", "meaning");

    @Test
    void theSiteFilesSettingsTableIsTheDefinition() throws IOException {
        List<String> differ = differences(Files.readString(PAGE), "site-file.md", "settings", "", SiteSettings.all());
        assertEquals(List.of(), differ, "docs/site-file.md's settings table differs from SiteSettings; its rows "
                + "as the code has them:\n" + table(SiteSettings.all()));
    }

    @Test
    void theControlSectionsTablesAreTheDefinition() throws IOException {
        String page = Files.readString(DOCS.resolve("control.md"));
        Map<String, List<SiteSettings.Setting>> tables = new LinkedHashMap<>();
        tables.put("control", ControlSettings.section());
        tables.put("control.lighting", ControlSettings.lighting());
        tables.put("control.hvac", ControlSettings.hvac());
        List<String> differ = new ArrayList<>();
        StringBuilder paste = new StringBuilder();
        tables.forEach((section, settings) -> {
            String prefix = section.equals("control.hvac") ? "control.hvac.<zone>." : section + ".";
            List<String> d = differences(page, "control.md", section, prefix, settings);
            differ.addAll(d);
            if (!d.isEmpty()) {
                paste.append(section).append(":\n").append(table(settings));
            }
        });
        assertEquals(List.of(), differ, "docs/control.md's tables differ from ControlSettings; their rows as the "
                + "code has them:\n" + paste);
    }

    @Test
    void theUplinkSectionsTablesAreTheDefinition() throws IOException {
        List<String> differ = new ArrayList<>();
        StringBuilder paste = new StringBuilder();
        String uplink = Files.readString(DOCS.resolve("uplink.md"));
        compare(uplink, "uplink.md", "uplink", "uplink.", UplinkSettings.all(), differ, paste);
        compare(uplink, "uplink.md", "uplink.pack", "uplink.", UplinkSettings.pack(), differ, paste);
        compare(uplink, "uplink.md", "uplink.budget", "uplink.", UplinkSettings.budget(), differ, paste);
        compare(Files.readString(DOCS.resolve("store-and-forward.md")), "store-and-forward.md", "uplink.store",
                "uplink.", UplinkSettings.store(), differ, paste);
        assertEquals(List.of(), differ, "the uplink's tables differ from UplinkSettings; their rows as the code has "
                + "them:\n" + paste);
    }

    @Test
    void theOtaSectionsTableIsTheDefinition() throws IOException {
        assertTable("ota", OtaSettings.all());
    }

    @Test
    void whatTheOtaSectionLeavesOutIsTheDefinitionsDefault() {
        SiteFile.Result read = SiteFile.parse("""
                node: { id: pole-0001 }
                ota: { repository: https://updates.example.org/sg/, trusted-root: /etc/streetgate/root.json }
                """, "site.yaml", TestCatalog.CATALOG);
        OtaConfig ota = read.config().orElseThrow().ota().orElseThrow();
        OtaConfig.ImageSlots slots = ota.imageSlots();
        Map<String, String> given = new LinkedHashMap<>();
        given.put("plain-http", String.valueOf(ota.plainHttp()));
        given.put("backend", ota.backend());
        given.put("hardware", ota.hardware());
        given.put("poll-interval", Durations.format(ota.pollInterval()));
        given.put("install-on-poll", String.valueOf(ota.installOnPoll()));
        given.put("health-timeout", Durations.format(ota.healthTimeout()));
        given.put("bandwidth-cap", String.valueOf(ota.bandwidthCap()));
        given.put("reboot-command", ota.rebootCommand());
        given.put("slots", slots.slots());
        given.put("autoboot", slots.autoboot());
        given.put("slot-devices", "[" + String.join(", ", slots.slotDevices()) + "]");
        given.put("rauc-conf", slots.raucConf());
        given.put("rauc-slot-class", slots.raucSlotClass());
        given.put("factory-version", slots.factoryVersion());
        assertDefaults("ota.", OtaSettings.all(), given);
    }

    @Test
    void theCoapSectionsTableIsTheDefinition() throws IOException {
        assertTable("coap", CoapSettings.all());
    }

    @Test
    void whatTheCoapSectionLeavesOutIsTheDefinitionsDefault() {
        SiteFile.Result read = SiteFile.parse("node: { id: pole-0001 }\ncoap: {}\n", "site.yaml",
                TestCatalog.CATALOG);
        CoapConfig coap = read.config().orElseThrow().coap().orElseThrow();
        Map<String, String> given = new LinkedHashMap<>();
        given.put("bind", coap.bind());
        given.put("dtls.enabled", String.valueOf(coap.dtlsEnabled()));
        given.put("dtls.port", String.valueOf(coap.dtlsPort()));
        given.put("plain.enabled", String.valueOf(coap.plainEnabled()));
        given.put("plain.port", String.valueOf(coap.plainPort()));
        given.put("key-file", coap.keyFile());
        given.put("rpk-file", coap.rpkFile());
        given.put("limits.max-payload", String.valueOf(coap.maxPayload()));
        given.put("limits.max-records", String.valueOf(coap.maxRecords()));
        given.put("limits.max-age", Durations.format(coap.maxAge()));
        given.put("limits.max-ahead", Durations.format(coap.maxAhead()));
        given.put("limits.rate", String.valueOf(coap.rate()));
        given.put("limits.burst", String.valueOf(coap.burst()));
        given.put("limits.max-series", String.valueOf(coap.maxSeries()));
        given.put("limits.series-idle", Durations.format(coap.seriesIdle()));
        assertDefaults("coap.", CoapSettings.all(), given);
    }

    @Test
    void theAnalyticsSectionsTablesAreTheDefinition() throws IOException {
        assertTable("analytics", AnalyticsSettings.all());
        String page = Files.readString(DOCS.resolve("analytics.md"));
        List<String> differ = new ArrayList<>();
        StringBuilder paste = new StringBuilder();
        compare(page, "analytics.md", "analytics.quality", "analytics.", AnalyticsSettings.quality(), differ, paste);
        compare(page, "analytics.md", "analytics.windows", "analytics.", AnalyticsSettings.windows(), differ, paste);
        assertEquals(List.of(), differ, "docs/analytics.md's tables differ from AnalyticsSettings; their rows as the "
                + "code has them:\n" + paste);
    }

    @Test
    void whatTheAnalyticsSectionLeavesOutIsTheDefinitionsDefault() {
        SiteFile.Result read = SiteFile.parse("""
                node: { id: pole-0001 }
                analytics:
                  air: {}
                  noise: {}
                  occupancy: {}
                  water: { leak: { threshold: 0.00005 } }
                  light: {}
                """, "site.yaml", TestCatalog.CATALOG);
        assertEquals(List.of(), read.problems().stream().map(Object::toString).toList());
        io.streetgate.analytics.pipeline.AnalyticsConfig a = read.config().orElseThrow().analytics();
        Map<String, String> given = new LinkedHashMap<>();
        given.put("forget-after", Durations.format(a.forgetAfter()));
        given.put("air.us-aqi.pm25-table", a.air().pm25Table());
        given.put("air.allowed-lateness", Durations.format(a.air().allowedLateness()));
        given.put("noise.period", Durations.format(a.noise().period()));
        given.put("noise.zone", a.noise().zone().getId());
        given.put("noise.lden.day-start", a.noise().lden().dayStart().toString());
        given.put("noise.lden.evening-start", a.noise().lden().eveningStart().toString());
        given.put("noise.lden.night-start", a.noise().lden().nightStart().toString());
        given.put("noise.limits.day", none(a.noise().limitDay()));
        given.put("noise.limits.evening", none(a.noise().limitEvening()));
        given.put("noise.limits.night", none(a.noise().limitNight()));
        given.put("noise.limits.lamax", none(a.noise().limitLAmax()));
        given.put("noise.allowed-lateness", Durations.format(a.noise().allowedLateness()));
        given.put("occupancy.period", Durations.format(a.occupancy().period()));
        given.put("occupancy.k", String.valueOf(a.occupancy().k()));
        given.put("occupancy.max-hold", Durations.format(a.occupancy().maxHold()));
        given.put("occupancy.allowed-lateness", Durations.format(a.occupancy().allowedLateness()));
        given.put("water.period", Durations.format(a.water().period()));
        given.put("water.zone", a.water().zone().getId());
        given.put("water.night.start", a.water().nightStart().toString());
        given.put("water.night.end", a.water().nightEnd().toString());
        given.put("water.leak.nights", String.valueOf(a.water().leakNights()));
        given.put("water.leak.zero-flow", String.valueOf(a.water().zeroFlow()));
        given.put("water.burst.factor", String.valueOf(a.water().burstFactor()));
        given.put("water.burst.limit", none(a.water().burstLimit()));
        given.put("water.reverse.threshold", String.valueOf(a.water().reverseThreshold()));
        given.put("water.max-gap", Durations.format(a.water().maxGap()));
        given.put("water.allowed-lateness", Durations.format(a.water().allowedLateness()));
        given.put("light.period", Durations.format(a.light().period()));
        given.put("light.dark-below", String.valueOf(a.light().darkBelowLux()));
        given.put("light.light-above", String.valueOf(a.light().lightAboveLux()));
        given.put("light.smoothing", Durations.format(a.light().smoothing()));
        given.put("light.allowed-lateness", Durations.format(a.light().allowedLateness()));
        assertDefaults("analytics.", AnalyticsSettings.all(), given);
    }

    @Test
    void whatAQualityRuleOrAWindowLeavesOutIsTheDefinitionsDefault() {
        SiteFile.Result read = SiteFile.parse("""
                node: { id: pole-0001 }
                analytics:
                  quality:
                    temperature: { hampel: {}, stuck: {}, flat-line: { rails: [-45] }, gap: { expected-interval: 10s } }
                  windows:
                    - { size: 1m, percentiles: {} }
                """, "site.yaml", TestCatalog.CATALOG);
        assertEquals(List.of(), read.problems().stream().map(Object::toString).toList());
        io.streetgate.analytics.pipeline.AnalyticsConfig a = read.config().orElseThrow().analytics();
        io.streetgate.analytics.quality.QuantityRules r = a.quality()
                .rulesFor(io.streetgate.driver.Quantity.byName("temperature"));
        Map<String, String> given = new LinkedHashMap<>();
        String q = "quality.<quantity>.";
        given.put(q + "max-rate-per-second", none(r.maxRatePerSecond()));
        given.put(q + "hampel.half-window", String.valueOf(r.hampel().halfWindow()));
        given.put(q + "hampel.threshold", String.valueOf(r.hampel().threshold()));
        given.put(q + "hampel.min-sigma", String.valueOf(r.hampel().minSigma()));
        given.put(q + "stuck.samples", String.valueOf(r.stuck().minSamples()));
        given.put(q + "stuck.duration", Durations.format(r.stuck().minDuration()));
        given.put(q + "stuck.epsilon", String.valueOf(r.stuck().epsilon()));
        given.put(q + "flat-line.tolerance", String.valueOf(r.flatLine().tolerance()));
        given.put(q + "flat-line.samples", String.valueOf(r.flatLine().minSamples()));
        given.put(q + "gap.factor", String.valueOf(r.gap().factor()));
        assertDefaults("analytics.", AnalyticsSettings.quality(), given);
        io.streetgate.analytics.window.WindowConfig w = a.windows().get(0);
        given.clear();
        given.put("windows[].allowed-lateness", Durations.format(w.allowedLateness()));
        given.put("windows[].percentiles.exact-capacity", String.valueOf(w.percentiles().exactCapacity()));
        given.put("windows[].percentiles.relative-accuracy", String.valueOf(w.percentiles().relativeAccuracy()));
        given.put("windows[].percentiles.max-bins", String.valueOf(w.percentiles().maxBins()));
        assertDefaults("analytics.", AnalyticsSettings.windows(), given);
        assertEquals(w.size(), w.slide(), "a window without slide tumbles");
    }

    /** A number the records hold as NaN for none, as the definition writes none: empty. */
    private static String none(double value) {
        return Double.isNaN(value) ? "" : String.valueOf(value);
    }

    /** Holds docs/{section}.md's table {section} equal to the section's settings. */
    private static void assertTable(String section, List<SiteSettings.Setting> settings) throws IOException {
        String page = section + ".md";
        List<String> differ = differences(Files.readString(DOCS.resolve(page)), page, section, section + ".",
                settings);
        assertEquals(List.of(), differ, "docs/" + page + "'s table differs from the code; its rows as the code has "
                + "them:\n" + table(settings));
    }

    /** Each value a site file without the key was read to is the definition's default of the key. */
    private static void assertDefaults(String prefix, List<SiteSettings.Setting> settings, Map<String, String> given) {
        given.forEach((key, value) -> assertEquals(settings.stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow().defaultValue(), value, prefix + key));
    }

    /** Adds the differences of one table, and the table as the code has it when there are any. */
    private static void compare(String page, String pageName, String table, String prefix,
                                List<SiteSettings.Setting> settings, List<String> differ, StringBuilder paste) {
        List<String> d = differences(page, pageName, table, prefix, settings);
        differ.addAll(d);
        if (!d.isEmpty()) {
            paste.append(pageName).append(' ').append(table).append(":\n").append(table(settings));
        }
    }

    @Test
    void aRowThatDisagreesIsNamedWithWhatTheDocSaysAndWhatTheCodeSays() throws IOException {
        String page = Files.readString(PAGE);
        String wrong = page.replace("| `console.port` | integer | `8443` |", "| `console.port` | integer | `8444` |")
                .replace("| `status.host` |", "| `status.hots` |");
        assertEquals(List.of(
                "status.host: docs/site-file.md has no row; the code says type text, default 127.0.0.1",
                "console.port: docs/site-file.md says default 8444, the code says 8443",
                "status.hots: docs/site-file.md has a row for a key the code does not define"),
                differences(wrong, "site-file.md", "settings", "", SiteSettings.all()));
    }

    @Test
    void whatTheSiteFileLeavesOutIsTheDefinitionsDefault() {
        SiteFile.Result read = SiteFile.parse("node: { id: pole-0001 }\n", "site.yaml", TestCatalog.CATALOG);
        SiteConfig site = read.config().orElseThrow();
        assertEquals(def("local-broker.port"), String.valueOf(site.localBroker().port()));
        assertEquals(def("local-broker.enabled"), String.valueOf(site.localBroker().enabled()));
        assertEquals(def("status.host"), site.status().host());
        assertEquals(def("status.port"), String.valueOf(site.status().port()));
        assertEquals(def("console.port"), String.valueOf(site.console().port()));
        assertEquals(def("console.session-idle"), io.streetgate.driver.Durations.format(site.console().sessionIdle()));
        assertEquals(def("simulation.speed"), String.valueOf(site.simulation().speed()));
        assertEquals(def("simulation.seed"), String.valueOf(site.simulation().seed()));
        assertEquals(def("node.latitude"), String.valueOf(site.node().latitude()));
    }

    @Test
    void whatTheUplinkSectionLeavesOutIsTheDefinitionsDefault() {
        SiteFile.Result read = SiteFile.parse("node: { id: pole-0001 }\nuplink: { broker: ssl://mqtt.example.org }\n",
                "site.yaml", TestCatalog.CATALOG);
        UplinkConfig up = read.config().orElseThrow().uplink().orElseThrow();
        List<String> given = List.of(String.valueOf(up.enabled()), String.valueOf(up.plainTcp()), up.protocol(),
                up.format(), up.group(), up.topicPrefix(), Durations.format(up.keepAlive()),
                String.valueOf(up.maxInFlight()), Durations.format(up.sessionExpiry()), up.storePath(),
                UplinkSettings.human(up.storeMaxBytes()), UplinkSettings.human(up.memoryBytes()),
                Durations.format(up.reconnectMin()), Durations.format(up.reconnectMax()),
                Durations.format(up.commands().maxAge()), String.valueOf(up.commands().perMinute()),
                String.valueOf(up.commands().requireSignature()), Durations.format(up.pack().window()),
                UplinkSettings.human(up.pack().maxBytes()), up.pack().compression(), up.sparkplug().primaryHost(),
                String.valueOf(up.sparkplug().qos()));
        List<String> keys = List.of("enabled", "plain-tcp", "protocol", "format", "group", "topic-prefix",
                "keep-alive", "max-in-flight", "session-expiry", "store.path", "store.max-size",
                "store.memory-fallback", "reconnect.min", "reconnect.max", "commands.max-age", "commands.per-minute",
                "commands.require-signature", "pack.window", "pack.max-size", "pack.compression",
                "sparkplug.primary-host", "sparkplug.qos");
        Map<String, String> byKey = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), given.get(i));
        }
        assertDefaults("uplink.", UplinkSettings.all(), byKey);
        assertEquals(UplinkConfig.Budget.NONE, up.budget());
    }

    private static String def(String key) {
        return SiteSettings.of(key).orElseThrow().defaultValue();
    }

    /**
     * Each disagreement between a page's table (between {@code <!-- name:begin -->} and {@code <!-- name:end -->})
     * and the definition, naming the key (after {@code prefix}) and both sides.
     */
    static List<String> differences(String page, String pageName, String name, String prefix,
                                    List<SiteSettings.Setting> settings) {
        String beginMark = "<!-- " + name + ":begin -->\n";
        String endMark = "<!-- " + name + ":end -->";
        int begin = page.indexOf(beginMark);
        int end = page.indexOf(endMark);
        assertTrue(begin >= 0 && end > begin, "docs/" + pageName + " has no " + beginMark.trim() + " ... " + endMark
                + " table");
        String doc = "docs/" + pageName;
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : page.substring(begin + beginMark.length(), end).split("\n")) {
            List<String> cells = cells(line);
            if (cells.size() == COLUMNS.size() && !cells.get(0).equals("key") && !cells.get(0).startsWith("---")) {
                rows.put(cells.get(0), cells);
            }
        }
        List<String> differ = new ArrayList<>();
        for (SiteSettings.Setting s : settings) {
            List<String> code = cells(row(s));
            List<String> row = rows.remove(s.key());
            if (row == null) {
                differ.add(prefix + s.key() + ": " + doc + " has no row; the code says type " + s.type() + ", default "
                        + s.defaultValue());
                continue;
            }
            for (int i = 1; i < COLUMNS.size(); i++) {
                if (!row.get(i).equals(code.get(i))) {
                    differ.add(prefix + s.key() + ": " + doc + " says " + COLUMNS.get(i) + " " + row.get(i)
                            + ", the code says " + code.get(i));
                }
            }
        }
        rows.keySet().forEach(k -> differ.add(prefix + k + ": " + doc + " has a row for a key the code does not define"));
        return differ;
    }

    /** A markdown row's cells, trimmed and without code quotes. */
    private static List<String> cells(String line) {
        String t = line.trim();
        if (!t.startsWith("|") || !t.endsWith("|")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>();
        for (String c : t.substring(1, t.length() - 1).split("\\|", -1)) {
            cells.add(c.replace("`", "").trim());
        }
        return cells;
    }

    /** The row the page should have for a setting. */
    static String row(SiteSettings.Setting s) {
        String key = s.key().contains(" (") ? "`" + s.key().replace(" (", "` (") : "`" + s.key() + "`";
        String def = s.defaultValue().isEmpty() || s.defaultValue().equals("required") ? s.defaultValue()
                : "`" + s.defaultValue() + "`";
        return "| " + key + " | " + s.type() + " | " + def + " | " + s.unit() + " | " + s.valid() + " | "
                + s.spec().description() + " |";
    }

    /** A whole table as the code has it, to paste. */
    static String table(List<SiteSettings.Setting> settings) {
        return "| " + String.join(" | ", COLUMNS) + " |\n|" + "---|".repeat(COLUMNS.size()) + "\n"
                + settings.stream().map(SiteSettingsDocTest::row).collect(Collectors.joining("\n")) + "\n";
    }
}
