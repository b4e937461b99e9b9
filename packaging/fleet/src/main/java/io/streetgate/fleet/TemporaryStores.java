package io.streetgate.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the store files of a run go when the operator names no folder. Every append to a store is synced
 * (SQLite synchronous=FULL): on a real pole each store has its own SD card, but hundreds of stores on one disk
 * would measure that disk's sync rate rather than the uplink and the broker. So a memory file system is
 * preferred (/dev/shm); the store code and its SQL are the same, only the syncs cost nothing.
 */
final class TemporaryStores {

    static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private TemporaryStores() {
    }

    static Path create() throws IOException {
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return Files.createTempDirectory(SHARED_MEMORY, "streetgate-fleet-");
        }
        return Files.createTempDirectory("streetgate-fleet-");
    }

    static String describe(Path dir) {
        return dir.startsWith(SHARED_MEMORY) ? "in memory" : "on disk";
    }
}
