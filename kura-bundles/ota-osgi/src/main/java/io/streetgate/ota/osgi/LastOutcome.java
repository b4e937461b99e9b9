package io.streetgate.ota.osgi;

import com.fasterxml.jackson.jr.ob.JSON;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** The last update's outcome as {@code streetgate status} shows it; kept in a file, it survives the restarts an update causes. */
final class LastOutcome {
    private static final Logger LOG = LoggerFactory.getLogger(LastOutcome.class);
    private final Path file;

    LastOutcome(Path file) {
        this.file = file;
    }

    void save(Map<String, Object> fields) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.std.asBytes(fields));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("OTA: cannot keep the last update's outcome: {}", e.toString());
        }
    }

    /** The outcome kept, or null when there is none (or it cannot be read: it is for display only). */
    Map<String, Object> load() {
        try {
            return Files.exists(file) ? JSON.std.mapFrom(Files.readAllBytes(file)) : null;
        } catch (IOException e) {
            LOG.warn("OTA: the last update's outcome is unreadable: {}", e.toString());
            return null;
        }
    }
}
