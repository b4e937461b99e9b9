package io.streetgate.deb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment package's bundles resolve on Equinox beside what a Kura gateway provides: Kura's API, Felix SCR,
 * Config Admin and MetaType, the OSGi utility bundles, JNA, and SLF4J 1.7 (older Kura releases ship 1.7, not 2).
 * Kura itself was not run; its API is the stub of its documented interfaces.
 */
class KuraResolutionIT {

    private static final Path DP = Path.of(System.getProperty("streetgate.dp"));
    private static final Path DIST_BUNDLES = Path.of(System.getProperty("streetgate.dist"), "bundles");
    private static final Path KURA_PROVIDED = Path.of(System.getProperty("streetgate.kura.provided"));
    private static final List<String> EXCLUDED = Arrays.asList(System.getProperty("streetgate.dp.excluded").split(","));

    @Test
    void everyBundleOfTheDeploymentPackageResolvesOnEquinoxWithSlf4j17(@TempDir Path storage) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        Framework framework = factory.newFramework(config);
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            assertTrue(framework.getSymbolicName().startsWith("org.eclipse.osgi"), framework.getSymbolicName());
            List<Bundle> kura = new ArrayList<>();
            try (Stream<Path> provided = Files.list(KURA_PROVIDED)) {
                for (Path jar : provided.sorted().toList()) {
                    kura.add(context.installBundle(jar.toUri().toString()));
                }
            }
            // what the package leaves out because Kura provides it is taken from the distribution's folder
            try (Stream<Path> dist = Files.list(DIST_BUNDLES)) {
                for (Path jar : dist.sorted().toList()) {
                    BundleId id = BundleId.of(jar);
                    if (id != null && EXCLUDED.stream().anyMatch(id::matches) && !id.symbolicName().startsWith("io.streetgate.")) {
                        kura.add(context.installBundle(jar.toUri().toString()));
                    }
                }
            }
            Bundle slf4j = kura.stream().filter(b -> b.getSymbolicName().equals("slf4j.api")).findFirst().orElseThrow();
            assertEquals("1.7.36", slf4j.getVersion().toString());

            List<Bundle> packaged = new ArrayList<>();
            try (InputStream in = Files.newInputStream(DP); JarInputStream dp = new JarInputStream(in)) {
                for (ZipEntry e = dp.getNextEntry(); e != null; e = dp.getNextEntry()) {
                    packaged.add(context.installBundle("dp:" + e.getName(), new ByteArrayInputStream(dp.readAllBytes())));
                }
            }
            assertTrue(packaged.size() > 20, packaged.size() + " bundles in the package");

            framework.adapt(FrameworkWiring.class).resolveBundles(null);
            List<String> unresolved = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getState() == Bundle.INSTALLED) {
                    unresolved.add(b.getSymbolicName() + " " + b.getVersion() + ": " + whyUnresolved(b));
                }
            }
            assertEquals(List.of(), unresolved, "bundles that do not resolve");
            List<String> missing = new ArrayList<>();
            int checked = 0;
            for (Bundle b : packaged) {
                if (imports(b, "org.slf4j")) {
                    assertEquals(slf4j, wiredProvider(b, "org.slf4j"), b.getSymbolicName() + " is wired to SLF4J 1.7");
                    checked++;
                    missing.addAll(Slf4jReferences.missingIn(b));
                }
            }
            assertTrue(checked >= 12, checked + " bundles use SLF4J");
            assertEquals(List.of(), missing, "SLF4J members referenced but absent from SLF4J 1.7");
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    private static String whyUnresolved(Bundle bundle) {
        try {
            bundle.start(Bundle.START_TRANSIENT);
            return "started";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static boolean imports(Bundle bundle, String pkg) {
        String header = bundle.getHeaders().get(Constants.IMPORT_PACKAGE);
        return header != null && (header.startsWith(pkg + ";") || header.contains("," + pkg + ";"));
    }

    private static Bundle wiredProvider(Bundle bundle, String pkg) {
        return bundle.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .filter(w -> pkg.equals(w.getCapability().getAttributes().get("osgi.wiring.package")))
                .map(w -> w.getProvider().getBundle()).findFirst().orElseThrow();
    }
}
