package io.streetgate.deb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Widens a bundle's SLF4J imports from {@code [2.x,3)} to {@code [1.7,3)} for the Kura deployment package. Kura
 * ships SLF4J 1.7, and bnd gives third-party bundles built against SLF4J 2 (Pi4J, PLC4X, jul-to-slf4j) the 2.x
 * range although the API they call is 1.7's as well; {@code KuraResolutionIT} checks every SLF4J member they
 * reference against SLF4J 1.7.36. A bundle without such an import is returned byte for byte.
 */
final class Slf4jRange {

    static final String WIDE = "[1.7,3)";
    private static final Pattern SLF4J_2 = Pattern.compile(
            "^(org\\.slf4j(?:\\.[\\w.]+)?)(;.*?)version=\"\\[2(?:\\.\\d+)*,3(?:\\.\\d+)*\\)\"(.*)$");

    private Slf4jRange() {
    }

    static byte[] widened(byte[] bundle) throws IOException {
        Manifest manifest;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bundle))) {
            manifest = manifestOf(in);
        }
        String imports = manifest == null ? null : manifest.getMainAttributes().getValue("Import-Package");
        String wide = imports == null ? null : widenedImports(imports);
        if (wide == null || wide.equals(imports)) {
            return bundle;
        }
        manifest.getMainAttributes().put(new Attributes.Name("Import-Package"), wide);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bundle.length + 256);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bundle));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zip.putNextEntry(copy);
                if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                    manifest.write(zip);
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The header with each SLF4J 2 clause given {@link #WIDE}; other clauses unchanged. */
    static String widenedImports(String header) {
        List<String> clauses = new ArrayList<>();
        for (String clause : clauses(header)) {
            Matcher m = SLF4J_2.matcher(clause);
            clauses.add(m.matches() ? m.group(1) + m.group(2) + "version=\"" + WIDE + "\"" + m.group(3) : clause);
        }
        return String.join(",", clauses);
    }

    private static Manifest manifestOf(ZipInputStream in) throws IOException {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                return new Manifest(in);
            }
        }
        return null;
    }

    /** A manifest header's clauses: split at commas outside quotes. */
    static List<String> clauses(String header) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                result.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        result.add(current.toString().trim());
        return result;
    }
}
