package io.streetgate.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md's table of modules says what each imports from the others, by scope; this holds it to the
 * {@code <dependencies>} of the poms, so that the map a newcomer reads first stays the map the build uses. In the
 * table's last column a plain list is compile scope, {@code test:}, {@code runtime:} and {@code provided:} start a
 * list of that scope, words that name no module (libraries) and text in parentheses are explanations. A test-jar
 * of a module the row already imports is not listed.
 */
class DesignMapTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([\\w/-]+)` \\|[^|]*\\|[^|]*\\| ([^\\n]*) \\|$");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Set<String> SCOPES = Set.of("compile", "test", "runtime", "provided");

    @Test
    void theTableOfImportsIsWhatThePomsDeclare() throws IOException {
        Map<String, Path> modules = modules();
        Map<String, String> rows = rows();
        assertEquals(new TreeSet<>(modules.values().stream().map(DesignMapTest::relative).toList()),
                new TreeSet<>(rows.keySet()), "docs/design.md has one row per module with code, by its path");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> row : rows.entrySet()) {
            Map<String, Set<String>> documented = documented(row.getValue(), modules.keySet());
            Map<String, Set<String>> declared = declared(ROOT.resolve(row.getKey()).resolve("pom.xml"));
            if (!documented.equals(declared)) {
                wrong.add(row.getKey() + ": docs/design.md says " + documented + ", its pom.xml declares " + declared);
            }
        }
        assertEquals(List.of(), wrong, "change the table's row (or the pom) so that the two agree");
    }

    @Test
    void theKnownSeamsAreNotMarkedInTheTable() throws IOException {
        rows().forEach((module, imports) -> assertFalse(imports.replaceAll("\\([^()]*\\)", "").contains("*"),
                module + " has an import marked * (a seam): remove the seam, or say in docs/design.md why it stays"));
    }

    /** Each module's artifact id to its folder, for the poms that build code. */
    private static Map<String, Path> modules() throws IOException {
        Map<String, Path> modules = new TreeMap<>();
        for (Path module : ModuleNamesTest.modulesWithCode()) {
            String xml = Files.readString(module.resolve("pom.xml")).replaceAll("(?s)<parent>.*?</parent>", "");
            Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(xml);
            assertTrue(m.find(), module + "/pom.xml has an artifactId");
            modules.put(m.group(1), module);
        }
        assertTrue(modules.size() >= 20, "modules found under " + ROOT.toAbsolutePath().normalize() + ": " + modules);
        return modules;
    }

    private static String relative(Path module) {
        return ROOT.relativize(module).toString();
    }

    /** The table's rows: a module's path to its imports column. */
    private static Map<String, String> rows() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher m = ROW.matcher(Files.readString(ROOT.resolve("docs/design.md")));
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }

    /** The modules a row names, by scope. */
    static Map<String, Set<String>> documented(String imports, Set<String> moduleNames) {
        String text = imports.replace("`", "");
        String previous;
        do {
            previous = text;
            text = text.replaceAll("\\([^()]*\\)", "");
        } while (!text.equals(previous));
        Map<String, Set<String>> byScope = new TreeMap<>();
        for (String segment : text.split(";")) {
            String scope = "compile";
            String list = segment.trim();
            int colon = list.indexOf(':');
            if (colon > 0 && SCOPES.contains(list.substring(0, colon).trim())) {
                scope = list.substring(0, colon).trim();
                list = list.substring(colon + 1);
            }
            for (String item : list.split(",")) {
                String word = item.trim().replace("*", "").split("\\s+")[0];
                if (moduleNames.contains(word)) {
                    byScope.computeIfAbsent(scope, s -> new TreeSet<>()).add(word);
                }
            }
        }
        return byScope;
    }

    /** The project's modules a pom depends on, by scope (an optional one counts as compile). */
    static Map<String, Set<String>> declared(Path pom) throws IOException {
        String xml = Files.readString(pom).replaceAll("(?s)<!--.*?-->", "");
        Map<String, Set<String>> byScope = new TreeMap<>();
        Matcher m = DEPENDENCY.matcher(xml);
        while (m.find()) {
            String d = m.group(1);
            if (!d.contains("<groupId>io.streetgate</groupId>") || d.contains("<type>test-jar</type>")) {
                continue;
            }
            String artifact = tag(d, "artifactId", "");
            byScope.computeIfAbsent(tag(d, "scope", "compile"), s -> new TreeSet<>()).add(artifact);
        }
        return byScope;
    }

    private static String tag(String xml, String name, String otherwise) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).trim() : otherwise;
    }
}
