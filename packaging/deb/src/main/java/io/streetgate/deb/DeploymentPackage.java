package io.streetgate.deb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Writes the gateway's bundles as an OSGi deployment package (OSGi Compendium, chapter 114 Deployment Admin),
 * the format Kura installs from its console or with its deployment agent: a JAR whose manifest names the
 * package ({@code DeploymentPackage-SymbolicName}, {@code -Version}) and has one named section per bundle
 * ({@code Name: bundles/x.jar}, {@code Bundle-SymbolicName}, {@code Bundle-Version}); the manifest is the first
 * entry and the bundles follow, in the order of their names, stored uncompressed. Entries carry one time stamp (reproducible).
 * Bundles that ask for SLF4J 2 are given the range {@code [1.7,3)} ({@link Slf4jRange}): Kura ships SLF4J 1.7.
 * <p>
 * Usage: {@code DeploymentPackage <out.dp> <maven version> <excluded symbolic names, comma-separated, x.* for
 * prefixes> <outputTimestamp> <bundle folder>...}
 */
public final class DeploymentPackage {

    static final String SYMBOLIC_NAME = "io.streetgate";
    static final String FOLDER = "bundles/";

    record Member(Path jar, BundleId id) {
        String entryName() {
            return FOLDER + jar.getFileName();
        }
    }

    private DeploymentPackage() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<String> excluded = Arrays.stream(args[2].split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Instant time = BuildTimestamp.fromBuild(args[3]);
        List<Path> folders = Arrays.stream(args, 4, args.length).map(Path::of).toList();
        List<Member> members = members(folders, excluded);
        write(out, osgiVersion(args[1]), members, time);
        System.out.println("Deployment package " + out.getFileName() + ": " + members.size() + " bundles");
    }

    static List<Member> members(List<Path> folders, List<String> excluded) throws IOException {
        List<Member> members = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IOException(folder + " does not exist: build packaging/distribution first");
            }
            try (Stream<Path> jars = Files.list(folder)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    BundleId id = BundleId.of(jar);
                    if (id != null && excluded.stream().noneMatch(id::matches)) {
                        members.add(new Member(jar, id));
                    }
                }
            }
        }
        members.sort(Comparator.comparing(Member::entryName));
        return members;
    }

    static void write(Path out, String version, List<Member> members, Instant time) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("DeploymentPackage-SymbolicName", SYMBOLIC_NAME);
        main.putValue("DeploymentPackage-Version", version);
        main.putValue("DeploymentPackage-Name", "streetgate");
        for (Member member : members) {
            Attributes section = new Attributes();
            section.putValue("Bundle-SymbolicName", member.id().symbolicName());
            section.putValue("Bundle-Version", member.id().version());
            manifest.getEntries().put(member.entryName(), section);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(out);
             JarOutputStream jar = new JarOutputStream(file)) {
            // written by hand rather than through JarOutputStream's constructor, to give it the time stamp too
            ZipEntry manifestEntry = entry("META-INF/MANIFEST.MF", time);
            jar.putNextEntry(manifestEntry);
            manifest.write(jar);
            jar.closeEntry();
            for (Member member : members) {
                byte[] bundle = Slf4jRange.widened(Files.readAllBytes(member.jar()));
                jar.putNextEntry(stored(entry(member.entryName(), time), bundle));
                jar.write(bundle);
                jar.closeEntry();
            }
        }
    }

    /** Bundles are stored, not deflated again: they are compressed jars already. */
    private static ZipEntry stored(ZipEntry entry, byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
        return entry;
    }

    private static ZipEntry entry(String name, Instant time) {
        ZipEntry entry = new ZipEntry(name);
        // the DOS time field as UTC: the same bytes whatever the build machine's time zone
        entry.setTimeLocal(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
        return entry;
    }

    /** Maven's {@code 0.1.0-SNAPSHOT} as an OSGi version, {@code 0.1.0.SNAPSHOT}, as bnd makes Bundle-Version. */
    static String osgiVersion(String mavenVersion) {
        String[] parts = mavenVersion.split("-", 2);
        String[] numbers = parts[0].split("\\.");
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            v.append(i > 0 ? "." : "").append(i < numbers.length ? numbers[i] : "0");
        }
        return parts.length > 1 ? v + "." + parts[1].replaceAll("[^A-Za-z0-9_-]", "_") : v.toString();
    }
}
