package io.streetgate.uplink.testing;

import io.streetgate.uplink.Uplink;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What another bundle may use of the uplink: the packages the uplink bundle exports, as bnd computed them into
 * its manifest. The modules that use the uplink from outside (the fleet, the launcher's {@code ota campaign run})
 * hold their sources to it, and the exported types to naming none of the uplink's private types.
 */
public final class ExportedApi {

    private static final Pattern UPLINK_TYPE = Pattern.compile("io\\.streetgate\\.uplink((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    private ExportedApi() {
    }

    /** The uplink packages named in {@code sources} that the bundle does not export (empty when all is well). */
    public static Set<String> privatePackagesNamedIn(Path sources) throws IOException, URISyntaxException {
        Set<String> named = uplinkPackagesNamedIn(sources);
        assertFalse(named.isEmpty(), sources + " names no uplink package: is this the module that uses it?");
        Set<String> internal = new TreeSet<>(named);
        internal.removeAll(exportedPackages());
        return internal;
    }

    /** The packages of the uplink bundle's Export-Package header. */
    public static Set<String> exportedPackages() throws IOException, URISyntaxException {
        return exportedUplinkPackages(uplinkManifest());
    }

    /** Each public type of an exported package that names a private uplink type, with that type. */
    public static Set<String> leaks() throws Exception {
        Path where = uplinkLocation();
        Set<String> exported = exportedPackages();
        Set<String> leaks = new TreeSet<>();
        for (String pkg : exported) {
            for (Class<?> type : publicClassesOf(where, pkg)) {
                for (Class<?> named : namedBySignatures(type)) {
                    Package p = named.getPackage();
                    if (p != null && p.getName().startsWith("io.streetgate.uplink") && !exported.contains(p.getName())) {
                        leaks.add(type.getName() + " names " + named.getName());
                    }
                }
            }
        }
        return leaks;
    }

    /** Every class a public constructor, method or field of {@code type} names, generics included. */
    private static Set<Class<?>> namedBySignatures(Class<?> type) {
        Set<Class<?>> named = new HashSet<>();
        for (Constructor<?> c : type.getConstructors()) {
            Arrays.stream(c.getGenericParameterTypes()).forEach(t -> collect(t, named));
            Arrays.stream(c.getGenericExceptionTypes()).forEach(t -> collect(t, named));
        }
        for (Method m : type.getMethods()) {
            collect(m.getGenericReturnType(), named);
            Arrays.stream(m.getGenericParameterTypes()).forEach(t -> collect(t, named));
            Arrays.stream(m.getGenericExceptionTypes()).forEach(t -> collect(t, named));
        }
        for (Field f : type.getFields()) {
            collect(f.getGenericType(), named);
        }
        collect(type.getGenericSuperclass(), named);
        Arrays.stream(type.getGenericInterfaces()).forEach(t -> collect(t, named));
        return named;
    }

    private static void collect(Type t, Set<Class<?>> into) {
        if (t instanceof Class<?> c) {
            into.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), into);
            Arrays.stream(p.getActualTypeArguments()).forEach(a -> collect(a, into));
        } else if (t instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), into);
        } else if (t instanceof WildcardType w) {
            Arrays.stream(w.getUpperBounds()).forEach(b -> collect(b, into));
            Arrays.stream(w.getLowerBounds()).forEach(b -> collect(b, into));
        }
    }

    /** The public classes (nested ones too) directly in {@code pkg}, from the uplink's classes folder or jar. */
    private static List<Class<?>> publicClassesOf(Path where, String pkg) throws Exception {
        String folder = pkg.replace('.', '/') + "/";
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.list(where.resolve(folder))) {
                files.forEach(f -> entries.add(folder + f.getFileName()));
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                jar.stream().map(e -> e.getName()).forEach(entries::add);
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String e : entries) {
            String rest = e.startsWith(folder) ? e.substring(folder.length()) : "/";
            if (rest.endsWith(".class") && !rest.contains("/") && !rest.equals("package-info.class")) {
                Class<?> c = Class.forName(e.substring(0, e.length() - ".class".length()).replace('/', '.'));
                if (Modifier.isPublic(c.getModifiers())) {
                    classes.add(c);
                }
            }
        }
        assertFalse(classes.isEmpty(), "no public class found in " + pkg + " at " + where);
        return classes;
    }

    private static Path uplinkLocation() throws URISyntaxException {
        return Path.of(Uplink.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The uplink bundle's manifest, from its jar or (in the reactor) its classes folder. */
    private static Manifest uplinkManifest() throws IOException, URISyntaxException {
        Path where = uplinkLocation();
        if (Files.isDirectory(where)) {
            try (InputStream in = Files.newInputStream(where.resolve("META-INF/MANIFEST.MF"))) {
                return new Manifest(in);
            }
        }
        try (JarFile jar = new JarFile(where.toFile())) {
            return jar.getManifest();
        }
    }

    private static Set<String> exportedUplinkPackages(Manifest manifest) {
        String header = manifest.getMainAttributes().getValue("Export-Package");
        assertTrue(header != null, "the uplink bundle's manifest has no Export-Package: was it built by bnd?");
        Set<String> packages = new TreeSet<>();
        for (String clause : clauses(header)) {
            String name = clause.split(";", 2)[0].trim();
            if (name.startsWith("io.streetgate.uplink")) {
                packages.add(name);
            }
        }
        assertFalse(packages.isEmpty(), "no io.streetgate.uplink package is exported: " + header);
        return packages;
    }

    /** The header's clauses: split at commas, but not at those inside a quoted {@code uses:="a,b"}. */
    private static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                clauses.add(header.substring(start, i));
                start = i + 1;
            }
        }
        clauses.add(header.substring(start));
        return clauses;
    }

    private static Set<String> uplinkPackagesNamedIn(Path sources) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = UPLINK_TYPE.matcher(Files.readString(f));
                while (m.find()) {
                    packages.add("io.streetgate.uplink" + m.group(1));
                }
            }
        }
        return packages;
    }
}
