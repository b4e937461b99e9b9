package io.streetgate.deb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A bundle's symbolic name (without directives such as {@code singleton:=true}) and version, from its manifest.
 */
record BundleId(String symbolicName, String version) {

    /** Empty-handed for a jar that is not a bundle. */
    static BundleId of(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return of(file.getManifest());
        }
    }

    static BundleId of(Manifest manifest) {
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String name = main.getValue("Bundle-SymbolicName");
        if (name == null) {
            return null;
        }
        String version = main.getValue("Bundle-Version");
        return new BundleId(name.split(";")[0].trim(), version == null ? "0.0.0" : version.trim());
    }

    /** Whether a pattern of the exclusion list names this bundle: exact, or a prefix ending in {@code .*}. */
    boolean matches(String pattern) {
        return pattern.endsWith(".*") ? symbolicName.startsWith(pattern.substring(0, pattern.length() - 1))
                : symbolicName.equals(pattern);
    }
}
