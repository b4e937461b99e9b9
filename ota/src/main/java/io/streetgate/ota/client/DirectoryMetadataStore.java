package io.streetgate.ota.client;

import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.TufException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Trusted metadata as files {@code ROLE.json} in a folder, unversioned names (root.json, not 5.root.json) as
 * the tuf-conformance client interface expects; role names are URL-encoded so a delegated role cannot name a
 * file outside the folder. Writes are atomic.
 */
public final class DirectoryMetadataStore implements MetadataStore {
    private final Path dir;

    public DirectoryMetadataStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    Path file(String role) {
        return dir.resolve(URLEncoder.encode(role, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A") + ".json");
    }

    @Override
    public Optional<byte[]> load(String role) {
        try {
            return Optional.of(Files.readAllBytes(file(role)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trusted metadata " + file(role), e);
        }
    }

    @Override
    public void save(String role, byte[] bytes) {
        try {
            AtomicFiles.write(file(role), bytes);
        } catch (IOException e) {
            throw new TufException(TufException.Reason.CONFIG, "cannot write trusted metadata " + file(role) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String role) {
        try {
            Files.deleteIfExists(file(role));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
