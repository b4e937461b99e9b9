package io.streetgate.ota.tuf;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Key files: {@code NAME.key} holds the private key (mode 0600, created with that mode so it is never readable
 * by others, not even for a moment), {@code NAME.pub} the public key object as metadata embeds it.
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    /** Writes a new private key file; refuses to overwrite one (a lost key cannot be regenerated). */
    public static void writePrivate(Path file, SigningKey key) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null,
                    "a key file is never overwritten; choose another name or move the old key away first");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, CanonicalJson.pretty(key.toPrivateJson()));
        AtomicFiles.forceAndMove(tmp, file);
    }

    public static void writePublic(Path file, Key key) throws IOException {
        AtomicFiles.write(file, CanonicalJson.pretty(key.toJson()));
    }

    public static Key readPublic(Path file) {
        try {
            Map<String, Object> json = Json.parseObject(Files.readAllBytes(file), file.toString());
            if (json.get("keyval") instanceof Map<?, ?> kv && kv.containsKey("private")) {
                throw new TufException(TufException.Reason.CONFIG, file + " is a private key file; pass the .pub file"
                        + " (private keys never go into metadata)");
            }
            json.remove("keyid");
            Key key = Key.fromJson(json, file.toString());
            if (!key.isSupported()) {
                throw new TufException(TufException.Reason.CONFIG, file + ": key type " + key.keytype() + "/"
                        + key.scheme() + " is not supported; use ed25519, ecdsa (P-256) or rsa (rsassa-pss-sha256)");
            }
            return key;
        } catch (IOException e) {
            throw new TufException(TufException.Reason.CONFIG, "cannot read the public key " + file + ": " + e.getMessage(), e);
        }
    }
}
