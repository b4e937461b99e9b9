package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's class-data sharing archive, as the .deb's unit runs it (a cache folder from systemd's
 * CacheDirectory=): the first run writes the archive of the gateway's classes when it stops, replacing one of
 * other jars or another JDK; the next run maps it, starts every bundle and component, and leaves it as it was.
 */
class ClassDataSharingIT {

    /** Generous: the build machine runs at load 20-50 while helpers build. */
    private static final Duration UP = Duration.ofSeconds(240);
    private static final Duration STOP = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void theFirstRunWritesTheArchiveAtItsStopAndTheNextRunMapsIt() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path stale = Files.writeString(cache.resolve("streetgate-classes-1.jsa"), "an archive of older jars");
        Map<String, String> systemd = Map.of("CACHE_DIRECTORY", cache.toString());

        try (RunningGateway first = RunningGateway.startWithLauncher(Files.createDirectories(dir.resolve("first")),
                10, systemd)) {
            first.awaitStatus("all up on the first run", GatewayRuntimeIT.allUp(), UP);
            assertEquals(143, first.terminate(STOP), "stopped by SIGTERM; log:\n" + first.logText());
            assertFalse(first.logText().contains("[cds]"), "the dump's notes stay out of the log:\n" + first.logText());
        }
        List<Path> archives = archives(cache);
        assertEquals(1, archives.size(), "one archive, the stale one replaced: " + archives);
        Path archive = archives.get(0);
        assertFalse(archive.equals(stale));
        assertTrue(Files.size(archive) > 1 << 20, "an archive of the gateway's classes: " + Files.size(archive));
        FileTime written = Files.getLastModifiedTime(archive);

        try (RunningGateway second = RunningGateway.startWithLauncher(Files.createDirectories(dir.resolve("second")),
                10, systemd)) {
            second.awaitStatus("all up on the archive", GatewayRuntimeIT.allUp(), UP);
            String maps = Files.readString(Path.of("/proc", String.valueOf(second.pid()), "maps"));
            assertTrue(maps.contains(archive.toString()), "the JVM maps " + archive + ":\n" + maps);
            assertEquals(143, second.terminate(STOP), "stopped by SIGTERM; log:\n" + second.logText());
        }
        assertEquals(List.of(archive), archives(cache));
        assertEquals(written, Files.getLastModifiedTime(archive), "a run on the archive does not write it again");
    }

    private static List<Path> archives(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().startsWith("streetgate-classes-")).sorted().toList();
        }
    }
}
