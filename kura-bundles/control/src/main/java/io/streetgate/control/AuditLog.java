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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's own record of who changed which actuator: one JSON line per {@link AuditRecord}, in
 * {@code audit.log}. Bounded: when the file passes {@code maxBytes} it becomes {@code audit.log.1} (replacing
 * the previous one) and a new file starts, so the two never hold more than twice the bound.
 */
final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final long maxBytes;
    private final String node;

    AuditLog(Path file, long maxBytes, String node) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.node = node;
    }

    Path file() {
        return file;
    }

    void append(AuditRecord record) {
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
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file) && Files.size(file) + line.length > maxBytes) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not write the audit record to {}: {}", file, e.toString());
        }
    }

    /** The lines kept, oldest first (the rotated file, then the current one). */
    List<String> lines() throws IOException {
        List<String> out = new ArrayList<>();
        Path old = file.resolveSibling(file.getFileName() + ".1");
        if (Files.exists(old)) {
            out.addAll(Files.readAllLines(old, StandardCharsets.UTF_8));
        }
        if (Files.exists(file)) {
            out.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        return out;
    }
}
