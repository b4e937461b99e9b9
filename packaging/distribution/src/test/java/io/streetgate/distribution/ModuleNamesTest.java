package io.streetgate.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A module's folder name is its package root (docs/design.md, "Names"): module {@code drivers-modbus} holds
 * {@code io.streetgate.drivers.modbus} and its sub-packages, and a bundle name written in its bnd.bnd is
 * {@code io.streetgate.drivers-modbus}. So a newcomer who reads a class's package knows its module, and back.
 */
class ModuleNamesTest {

    private static final Path ROOT = Path.of("../..");
    /** Stands in for Kura's own packages, which it must keep. */
    private static final String KURA_STUB = "kura-api-stub";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern BUNDLE_NAME = Pattern.compile("(?m)^Bundle-SymbolicName:\\s*(\\S+)");

    @Test
    void everyModulesPackagesStartWithItsName() throws IOException {
        List<Path> modules = modulesWithCode();
        assertTrue(modules.size() >= 20, "modules found under " + ROOT.toAbsolutePath().normalize() + ": " + modules);
        List<String> wrong = new ArrayList<>();
        for (Path module : modules) {
            String name = module.getFileName().toString();
            if (name.equals(KURA_STUB)) {
                continue;
            }
            String root = "io.streetgate." + name.replace('-', '.');
            for (String sources : List.of("src/main/java", "src/test/java")) {
                Path dir = module.resolve(sources);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = PACKAGE.matcher(Files.readString(file));
                        String pkg = m.find() ? m.group(1) : "(none)";
                        if (!pkg.equals(root) && !pkg.startsWith(root + ".")) {
                            wrong.add(ROOT.relativize(file) + ": package " + pkg + ", expected " + root + " or below"
                                    + " (move the class, or the module's folder, so that the two agree)");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aBundleNameWrittenInBndIsTheModulesName() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path module : modulesWithCode()) {
            Path bnd = module.resolve("bnd.bnd");
            if (!Files.exists(bnd)) {
                continue;
            }
            Matcher m = BUNDLE_NAME.matcher(Files.readString(bnd));
            String expected = "io.streetgate." + module.getFileName();
            if (m.find() && !m.group(1).equals(expected) && !m.group(1).equals("${project.groupId}.${project.artifactId}")) {
                wrong.add(ROOT.relativize(bnd) + ": Bundle-SymbolicName " + m.group(1) + ", expected " + expected);
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** The folders of the modules that build code (a pom beside {@code src/main/java}), sorted. */
    static List<Path> modulesWithCode() throws IOException {
        try (Stream<Path> poms = Files.walk(ROOT, 3)) {
            return poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .map(Path::getParent)
                    .filter(m -> Files.isDirectory(m.resolve("src/main/java")))
                    .filter(m -> !m.toString().contains("/target/") && !m.toString().contains("node_modules"))
                    .sorted()
                    .toList();
        }
    }
}
