package io.streetgate.site;

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
 * docs/site-file.md's settings table is the one definition of those settings ({@link SiteSettings}): every
 * key has a row, and each row's type, default, unit, valid values and meaning are the code's.
 */
class SiteSettingsDocTest {

    private static final Path PAGE = Path.of("../../docs/site-file.md");
    private static final String BEGIN = "<!-- settings:begin -->\n";
    private static final String END = "<!-- settings:end -->";
    private static final List<String> COLUMNS = List.of("key", "type", "default", "unit", "valid", "meaning");

    @Test
    void theDocsSettingsTableIsTheDefinition() throws IOException {
        List<String> differ = differences(Files.readString(PAGE));
        assertEquals(List.of(), differ, "docs/site-file.md's settings table differs from SiteSettings; its rows "
                + "as the code has them:\n" + table());
    }

    @Test
    void aRowThatDisagreesIsNamedWithWhatTheDocSaysAndWhatTheCodeSays() throws IOException {
        String page = Files.readString(PAGE);
        String wrong = page.replace("| `console.port` | integer | `8443` |", "| `console.port` | integer | `8444` |")
                .replace("| `status.host` |", "| `status.hots` |");
        assertEquals(List.of(
                "status.host: docs/site-file.md has no row; the code says type text, default 127.0.0.1",
                "console.port: docs/site-file.md says default 8444, the code says 8443",
                "status.hots: docs/site-file.md has a row for a key the code does not define"), differences(wrong));
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

    private static String def(String key) {
        return SiteSettings.of(key).orElseThrow().defaultValue();
    }

    /** Each disagreement between the page's table and the definition, naming the key and both sides. */
    static List<String> differences(String page) {
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/site-file.md has no " + BEGIN.trim() + " ... " + END + " table");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : page.substring(begin + BEGIN.length(), end).split("\n")) {
            List<String> cells = cells(line);
            if (cells.size() == COLUMNS.size() && !cells.get(0).equals("key") && !cells.get(0).startsWith("---")) {
                rows.put(cells.get(0), cells);
            }
        }
        List<String> differ = new ArrayList<>();
        for (SiteSettings.Setting s : SiteSettings.all()) {
            List<String> code = cells(row(s));
            List<String> doc = rows.remove(s.key());
            if (doc == null) {
                differ.add(s.key() + ": docs/site-file.md has no row; the code says type " + s.type() + ", default "
                        + s.defaultValue());
                continue;
            }
            for (int i = 1; i < COLUMNS.size(); i++) {
                if (!doc.get(i).equals(code.get(i))) {
                    differ.add(s.key() + ": docs/site-file.md says " + COLUMNS.get(i) + " " + doc.get(i)
                            + ", the code says " + code.get(i));
                }
            }
        }
        rows.keySet().forEach(k -> differ.add(k + ": docs/site-file.md has a row for a key the code does not define"));
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

    /** The whole table as the code has it, to paste. */
    static String table() {
        return "| " + String.join(" | ", COLUMNS) + " |\n|" + "---|".repeat(COLUMNS.size()) + "\n"
                + SiteSettings.all().stream().map(SiteSettingsDocTest::row).collect(Collectors.joining("\n")) + "\n";
    }
}
