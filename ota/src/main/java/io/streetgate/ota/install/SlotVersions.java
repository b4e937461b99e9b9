package io.streetgate.ota.install;

import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which version each slot holds, in a small file written atomically. A slot being written is recorded as empty
 * first, so a power cut mid-write never leaves a slot that claims a version it does not hold.
 */
final class SlotVersions {
    private final Path file;

    SlotVersions(Path file) {
        this.file = file;
    }

    Map<String, String> read() throws InstallException {
        try {
            if (!Files.exists(file)) {
                return new LinkedHashMap<>();
            }
            Map<String, String> out = new LinkedHashMap<>();
            Json.parseObject(Files.readAllBytes(file), file.toString()).forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        } catch (IOException e) {
            throw new InstallException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    String get(String slot) throws InstallException {
        return read().getOrDefault(slot, "");
    }

    void put(String slot, String version) throws InstallException {
        Map<String, String> m = read();
        m.put(slot, version);
        try {
            AtomicFiles.write(file, CanonicalJson.pretty(m));
        } catch (IOException e) {
            throw new InstallException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
