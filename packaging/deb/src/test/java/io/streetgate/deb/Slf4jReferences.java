package io.streetgate.deb;

import org.osgi.framework.Bundle;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The SLF4J classes and methods a bundle's class files reference (from their constant pools, JVMS 4.4), checked
 * against what the bundle is wired to: a method SLF4J 1.7 lacks would fail only when called, not at resolution.
 */
final class Slf4jReferences {

    private Slf4jReferences() {
    }

    /** "owner.name descriptor" for every referenced SLF4J method its wiring cannot find, and every missing class. */
    static List<String> missingIn(Bundle bundle) throws IOException {
        Set<String> refs = new LinkedHashSet<>();
        for (URL url : Collections.list(bundle.findEntries("/", "*.class", true))) {
            try (InputStream in = url.openStream()) {
                refs.addAll(methodRefs(new DataInputStream(in)));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String ref : refs) {
            String[] parts = ref.split(" ");
            String owner = parts[0].replace('/', '.');
            if (bundle.getEntry(parts[0] + ".class") != null) {
                continue; // the bundle's own class (jul-to-slf4j's bridge)
            }
            try {
                Class<?> type = bundle.loadClass(owner);
                if (!parts[1].equals("<class>") && !parts[1].equals("<init>") && !hasMethod(type, parts[1], parts[2])) {
                    missing.add(bundle.getSymbolicName() + ": " + owner + "." + parts[1] + parts[2]);
                }
            } catch (ClassNotFoundException e) {
                missing.add(bundle.getSymbolicName() + ": class " + owner);
            }
        }
        return missing;
    }

    private static boolean hasMethod(Class<?> type, String name, String descriptor) {
        Stream<Method> methods = Stream.concat(Arrays.stream(type.getMethods()), Arrays.stream(type.getDeclaredMethods()));
        return methods.anyMatch(m -> m.getName().equals(name) && descriptor(m).equals(descriptor));
    }

    private static String descriptor(Method m) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            d.append(p.descriptorString());
        }
        return d.append(')').append(m.getReturnType().descriptorString()).toString();
    }

    /** "org/slf4j/X name descriptor" per method reference, "org/slf4j/X <class> -" per class reference. */
    private static Set<String> methodRefs(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            return Set.of();
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[][] members = new int[count][];
        int[][] nameAndTypes = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // long and double take two entries
                }
                case 9 -> in.readInt(); // field references: SLF4J has no public fields used here
                case 10, 11 -> members[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> in.readInt();
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> refs = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNames[i] != 0 && utf8[classNames[i]].startsWith("org/slf4j/")) {
                refs.add(utf8[classNames[i]] + " <class> -");
            }
            if (members[i] != null) {
                String owner = utf8[classNames[members[i][0]]];
                if (owner.startsWith("org/slf4j/")) {
                    int[] nt = nameAndTypes[members[i][1]];
                    refs.add(owner + " " + utf8[nt[0]] + " " + utf8[nt[1]]);
                }
            }
        }
        return refs;
    }
}
