package io.streetgate.deb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kura deployment package's structure (OSGi Compendium 114.3); installing it on a Kura was not tested. */
class DeploymentPackageIT {

    private static final Path DP = Path.of(System.getProperty("streetgate.dp"));
    private static final List<String> EXCLUDED = Arrays.asList(System.getProperty("streetgate.dp.excluded").split(","));

    @Test
    void theManifestIsTheFirstEntry() throws Exception {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(DP))) {
            assertEquals("META-INF/MANIFEST.MF", zip.getNextEntry().getName());
        }
    }

    @Test
    void everyListedBundleIsThereWithItsOwnNameAndVersion() throws Exception {
        Map<String, BundleId> contained = new HashMap<>();
        Manifest manifest;
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(DP))) {
            manifest = jar.getManifest();
            assertNotNull(manifest, "JarInputStream finds the manifest first");
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                byte[] bytes = jar.readAllBytes();
                try (JarInputStream bundle = new JarInputStream(new ByteArrayInputStream(bytes))) {
                    contained.put(e.getName(), BundleId.of(bundle.getManifest()));
                }
            }
        }
        Attributes main = manifest.getMainAttributes();
        assertEquals("io.streetgate", main.getValue("DeploymentPackage-SymbolicName"));
        assertEquals("0.1.0.SNAPSHOT", main.getValue("DeploymentPackage-Version"));
        assertEquals(contained.keySet(), manifest.getEntries().keySet(), "every entry has a section, every section an entry");
        manifest.getEntries().forEach((name, section) -> {
            BundleId own = contained.get(name);
            assertNotNull(own, name + " is a bundle");
            assertEquals(own.symbolicName(), section.getValue("Bundle-SymbolicName"), name);
            assertEquals(own.version(), section.getValue("Bundle-Version"), name);
            assertTrue(name.startsWith("bundles/"), name);
        });
    }

    @Test
    void holdsTheGatewayAndTheKuraGlueButNotWhatKuraProvides() throws Exception {
        Set<String> names = symbolicNames();
        for (String wanted : List.of("io.streetgate.gateway", "io.streetgate.site", "io.streetgate.kura",
                "io.streetgate.driver", "io.streetgate.uplink")) {
            assertTrue(names.contains(wanted), wanted + " in " + names);
        }
        for (String name : names) {
            BundleId id = new BundleId(name, "0");
            assertFalse(EXCLUDED.stream().anyMatch(id::matches), name + " is excluded");
        }
        assertFalse(names.contains("org.apache.felix.scr"));
        // a Kura gateway runs on its own hardware: the simulated street is not deployed
        assertFalse(names.contains("io.streetgate.sim"), names.toString());
        assertFalse(names.contains("io.streetgate.sim-platform"), names.toString());
    }

    @Test
    void everyStreetgatePackageABundleImportsIsExportedByAnother() throws Exception {
        Set<String> exported = new HashSet<>();
        List<String> imported = new ArrayList<>();
        forEachBundle(m -> {
            exported.addAll(packages(m.getMainAttributes().getValue("Export-Package")));
            for (String clause : clauses(m.getMainAttributes().getValue("Import-Package"))) {
                if (clause.startsWith("io.streetgate.") && !clause.contains("resolution:=optional")) {
                    imported.add(clause.split(";")[0]);
                }
            }
        });
        List<String> unresolved = imported.stream().filter(p -> !exported.contains(p)).distinct().toList();
        assertEquals(List.of(), unresolved, "imported but exported by no bundle of the package");
    }

    private static Set<String> symbolicNames() throws Exception {
        Set<String> names = new HashSet<>();
        forEachBundle(m -> names.add(BundleId.of(m).symbolicName()));
        return names;
    }

    interface ManifestConsumer {
        void accept(Manifest manifest) throws Exception;
    }

    private static void forEachBundle(ManifestConsumer consumer) throws Exception {
        try (InputStream in = Files.newInputStream(DP); JarInputStream jar = new JarInputStream(in)) {
            for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                try (JarInputStream bundle = new JarInputStream(new ByteArrayInputStream(jar.readAllBytes()))) {
                    consumer.accept(bundle.getManifest());
                }
            }
        }
    }

    private static Set<String> packages(String header) {
        Set<String> result = new HashSet<>();
        for (String clause : clauses(header)) {
            result.add(clause.split(";")[0].trim());
        }
        return result;
    }

    private static List<String> clauses(String header) {
        return header == null ? List.of() : Slf4jRange.clauses(header);
    }
}
