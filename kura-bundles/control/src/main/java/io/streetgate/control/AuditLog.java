package io.streetgate.control;

import io.streetgate.analytics.control.AuditRecord;
import io.streetgate.gateway.api.format.UplinkJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's own record of who changed which actuator: one JSON line per {@link AuditRecord}. What was done
 * (overrides, releases, expiries) goes to {@code audit.log}, refused commands to {@code audit-refused.log}
 * beside it: anyone who may publish on the command topic can make refusals, so they have a file of their own
 * and can never push the records of what was done off the node. Each file is bounded: when it passes
 * {@code maxBytes} it becomes {@code <name>.1} (replacing the previous one) and a new file starts, so the two
 * never hold more than twice the bound. A refusal's record is bounded too ({@link #refusal}). Thread-safe: the
 * control's thread and the uplink's (refusals before a command reached the control) both append.
 */
final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    static final String REFUSED = "refused";
    /** The longest text of a refusal's record: ids and names, each argument name, the reason. */
    private static final int MAX_NAME = 64;
    private static final int MAX_ARGUMENT_NAMES = 8;
    private static final int MAX_ARGUMENT_NAME = 32;
    private static final int MAX_REASON = 300;

    private final Path file;
    private final Path refusedFile;
    private final long maxBytes;
    private final String node;

    AuditLog(Path file, long maxBytes, String node) {
        this.file = file;
        this.refusedFile = file.resolveSibling("audit-refused.log");
        this.maxBytes = maxBytes;
        this.node = node;
    }

    Path file() {
        return file;
    }

    /**
     * The record of a refused command, with bounded detail: its name and the names of its arguments (never
     * their values), and the reason, each cut to a bound.
     */
    static AuditRecord refusal(Instant at, String commandId, String name, String target, String origin,
                               Collection<String> argumentNames, String reason) {
        List<String> names = argumentNames.stream().limit(MAX_ARGUMENT_NAMES).map(a -> cut(a, MAX_ARGUMENT_NAME))
                .sorted().toList();
        String arguments = names.isEmpty() ? "" : " (" + String.join(", ", names)
                + (argumentNames.size() > names.size() ? ", ... " + argumentNames.size() + " in all" : "") + ")";
        return new AuditRecord(at, REFUSED, cut(target, MAX_NAME), cut(origin, MAX_NAME), cut(commandId, MAX_NAME),
                Double.NaN, "", Double.NaN, "", null, cut(name == null ? "?" : name, MAX_NAME) + arguments + ": "
                + cut(reason, MAX_REASON));
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    synchronized void append(AuditRecord record) {
        // the whole record, who asked and their note included: this log stays on the node
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("node", node);
        fields.put("kind", record.kind());
        record.fields().forEach((k, v) -> {
            if (v != null) {
                fields.put(k, v);
            }
        });
        byte[] line = (new String(UplinkJson.object(fields), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path to = REFUSED.equals(record.action()) ? refusedFile : file;
        try {
            Files.createDirectories(to.toAbsolutePath().getParent());
            if (Files.exists(to) && Files.size(to) + line.length > maxBytes) {
                Files.move(to, rotated(to), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(to, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not write the audit record to {}: {}", to, e.toString());
        }
    }

    /** The records of what was done, oldest first (the rotated file, then the current one). */
    List<String> lines() throws IOException {
        return lines(file);
    }

    /** The records of refused commands, oldest first. */
    List<String> refusedLines() throws IOException {
        return lines(refusedFile);
    }

    private static Path rotated(Path f) {
        return f.resolveSibling(f.getFileName() + ".1");
    }

    private static synchronized List<String> lines(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(rotated(f))) {
            out.addAll(Files.readAllLines(rotated(f), StandardCharsets.UTF_8));
        }
        if (Files.exists(f)) {
            out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
        return out;
    }
}
