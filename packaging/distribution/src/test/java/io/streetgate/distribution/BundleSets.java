package io.streetgate.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Bundle-set releases for the OTA tests: the distribution's bundles and a marker bundle of the version. */
final class BundleSets {

    /** A bundle that only declares itself: which set runs shows in the status as this bundle's version. */
    static final String MARKER = "io.streetgate.test.marker";
    /** A bundle that imports a package nobody exports. */
    static final String BROKEN = "io.streetgate.test.broken";
    /** A bundle that keeps a port open after it stopped. */
    static final String PORT_KEEPER = "io.streetgate.test.portkeeper";

    private BundleSets() {
    }

    /**
     * The distribution's bundles, the marker bundle of this version, and with {@code broken} a bundle that
     * cannot resolve, zipped into {@code dir/gateway-VERSION.zip}.
     */
    static Path zip(Path dir, String version, boolean broken) throws IOException {
        return zip(dir, version, broken, false);
    }

    /** ... and with {@code keepsPort} a bundle that listens on a port and does not close it when stopped. */
    static Path zip(Path dir, String version, boolean broken, boolean keepsPort) throws IOException {
        Path zipFile = dir.resolve("gateway-" + version + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile));
             Stream<Path> jars = Files.list(RunningGateway.DIST.resolve("bundles"))) {
            for (Path jar : jars.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(jar.getFileName().toString()));
                Files.copy(jar, zip);
                zip.closeEntry();
            }
            bundle(zip, MARKER, version, null);
            if (broken) {
                bundle(zip, BROKEN, version, "no.such.package");
            }
            if (keepsPort) {
                portKeeper(zip, version);
            }
        }
        return zipFile;
    }

    /** {@link io.streetgate.distribution.leaky.PortKeepingActivator} as a bundle of its own. */
    private static void portKeeper(ZipOutputStream zip, String version) throws IOException {
        Class<?> activator = io.streetgate.distribution.leaky.PortKeepingActivator.class;
        Manifest m = manifest(PORT_KEEPER, version);
        m.getMainAttributes().putValue("Bundle-Activator", activator.getName());
        m.getMainAttributes().putValue("Import-Package", "org.osgi.framework");
        String entry = activator.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m);
             var in = activator.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new ZipEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
        zip.putNextEntry(new ZipEntry(PORT_KEEPER + "-" + version + ".jar"));
        zip.write(bytes.toByteArray());
        zip.closeEntry();
    }

    private static Manifest manifest(String name, String version) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", version);
        return m;
    }

    /** A bundle that only declares itself; with {@code imports}, one that cannot resolve. */
    private static void bundle(ZipOutputStream zip, String name, String version, String imports) throws IOException {
        Manifest m = manifest(name, version);
        if (imports != null) {
            m.getMainAttributes().putValue("Import-Package", imports);
        }
        zip.putNextEntry(new ZipEntry(name + "-" + version + ".jar"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.flush();
        }
        zip.write(bytes.toByteArray());
        zip.closeEntry();
    }
}
