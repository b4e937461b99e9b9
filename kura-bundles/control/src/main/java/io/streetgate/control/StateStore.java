package io.streetgate.control;

import com.fasterxml.jackson.jr.ob.JSON;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The actuators' last safe state, kept in a small JSON file so that a restarted gateway gives them back before
 * its control loops have what they need to decide: each actuator's level and reason (the schedule's, never a
 * presence raise or an override) and each switched output's state and since when (so that minimum on and off
 * times hold across the restart). Written to a temporary file and moved into place, only when it changes.
 */
final class StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    /** One actuator's saved state. */
    record Saved(double level, String reason, Instant since, Boolean switchedOn, Instant switchedSince) {
        Saved {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
        }
    }

    private final Path file;
    private Map<String, Saved> last = Map.of();

    StateStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** What was saved; empty when nothing was, or the file cannot be read (said once in the log). */
    Map<String, Saved> load() {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            Map<String, Object> root = JSON.std.mapFrom(Files.readAllBytes(file));
            Map<String, Saved> out = new LinkedHashMap<>();
            if (root.get("actuators") instanceof Map<?, ?> actuators) {
                for (Map.Entry<?, ?> e : actuators.entrySet()) {
                    if (e.getValue() instanceof Map<?, ?> a && a.get("level") instanceof Number level
                            && level.doubleValue() >= 0 && level.doubleValue() <= 1) {
                        out.put(String.valueOf(e.getKey()), new Saved(level.doubleValue(), String.valueOf(a.get("reason")),
                                instant(a.get("since")), a.get("on") instanceof Boolean b ? b : null,
                                a.get("switchedSince") == null ? null : instant(a.get("switchedSince"))));
                    }
                }
            }
            last = Map.copyOf(out);
            return last;
        } catch (IOException | RuntimeException e) {
            LOG.warn("The saved actuator state {} cannot be read ({}); starting without it", file, e.toString());
            return Map.of();
        }
    }

    /** Saves the state if it differs from what was saved last. */
    void save(Map<String, Saved> state) {
        if (state.equals(last)) {
            return;
        }
        Map<String, Object> actuators = new LinkedHashMap<>();
        state.forEach((id, s) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("level", s.level());
            a.put("reason", s.reason());
            a.put("since", s.since().toString());
            if (s.switchedOn() != null) {
                a.put("on", s.switchedOn());
                a.put("switchedSince", s.switchedSince().toString());
            }
            actuators.put(id, a);
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.std.asBytes(Map.of("actuators", actuators)));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            last = Map.copyOf(state);
        } catch (IOException e) {
            LOG.warn("Could not save the actuator state to {}: {}", file, e.toString());
        }
    }

    private static Instant instant(Object value) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a time");
        }
    }
}
