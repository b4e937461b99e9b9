package io.streetgate.distribution;

import io.streetgate.distribution.kuratest.FakeKura;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional Kura glue, on the real distribution: the glue bundle resolves against Kura's API packages (the
 * stub here; Kura 5's own on a Kura gateway), and forwards the summaries the gateway publishes to the Kura
 * CloudPublisher an operator picked. Kura itself is not on Maven Central and does not run here.
 */
class KuraGlueIT {

    @TempDir
    Path dir;

    /** A bundle made of the test's FakeKura class, standing in for Kura's cloud stack. */
    private Path fakeKuraBundle(Path into) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "io.streetgate.test.fake-kura");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", FakeKura.class.getName());
        a.putValue("Import-Package", "org.osgi.framework,org.osgi.util.tracker,org.osgi.service.cm,"
                + "org.eclipse.kura.cloudconnection.publisher,org.eclipse.kura.cloudconnection.message,"
                + "org.eclipse.kura.cloudconnection.listener,org.eclipse.kura.message");
        Path jar = into.resolve("fake-kura.jar");
        String name = FakeKura.class.getName().replace('.', '/');
        Path classes = Path.of("target/test-classes");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            try (var files = Files.walk(classes.resolve(name).getParent())) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("FakeKura")).toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
        }
        return jar;
    }

    @Test
    void theKuraGlueResolvesAndForwardsSummariesToTheOperatorsCloudPublisher() throws Exception {
        Path addOns = Files.createDirectories(dir.resolve("add-ons"));
        Files.copy(Path.of(System.getProperty("kura.glue.jar")), addOns.resolve("kura.jar"));
        Files.copy(Path.of(System.getProperty("kura.stub.jar")), addOns.resolve("kura-api-stub.jar"));
        fakeKuraBundle(addOns);

        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 60, "", List.of(addOns))) {
            gw.awaitStatus("the Kura forwarder active", s -> GatewayRuntimeIT.list(s, "osgi", "components").stream()
                    .anyMatch(c -> "io.streetgate.kura.KuraCloudForwarder".equals(c.get("name"))
                            && "active".equals(c.get("state"))), Duration.ofSeconds(60));
            Path published = gw.state.resolve("kura-published.txt");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String text = "";
            while (System.nanoTime() < deadline && !text.contains("quantity=temperature")) {
                Thread.sleep(200);
                text = Files.exists(published) ? Files.readString(published) : "";
            }
            assertTrue(text.contains("assetName=env-1") && text.contains("kind=summary")
                    && text.contains("quantity=temperature") && text.contains("mean="), "published to Kura:\n" + text);
            assertTrue(text.lines().allMatch(l -> l.contains("kind=summary")), "only the configured kinds:\n" + text);
        }
    }
}
