package io.streetgate.flash.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exclusive claim, on plain files (a test cannot make block devices; Linux ignores O_EXCL without O_CREAT on
 * other files, open(2)), so the descriptor and the identity check are the real ones.
 */
class PosixTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheCLibraryNothingIsOpenedAndTheCardIsRefused() throws IOException {
        Path card = Files.writeString(dir.resolve("sdz"), "old");
        IOException e = assertThrows(IOException.class, () -> Posix.claim(null, card, TargetGuard.realStat(card)));
        assertTrue(e.getMessage().startsWith("refusing to write " + card + " without an exclusive open (O_EXCL)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Djna.tmpdir=DIR"), e.getMessage());
        assertEquals("old", Files.readString(card));
    }

    @Test
    void theClaimedDeviceIsWrittenThroughItsDescriptor() throws IOException {
        assertTrue(Posix.available(), "JNA must load the C library on Linux");
        Path card = Files.writeString(dir.resolve("sdz"), "old");
        try (Posix.Claim claim = Posix.claimExclusive(card, TargetGuard.realStat(card))) {
            assertTrue(claim.path().startsWith("/proc/self/fd"), claim.path().toString());
            try (FileChannel ch = FileChannel.open(claim.path(), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.US_ASCII)), 0);
            }
        }
        assertEquals("new", Files.readString(card));
    }

    @Test
    void aNameThatNowMeansAnotherDeviceIsRefusedBeforeAnyWrite() throws IOException {
        assertTrue(Posix.available(), "JNA must load the C library on Linux");
        Path card = Files.writeString(dir.resolve("sdz"), "vetted");
        TargetGuard.Stat vetted = TargetGuard.realStat(card);
        // between the checks and the open, the name comes to mean another file (a swapped card, a udev rule)
        Files.move(Files.writeString(dir.resolve("other"), "someone else's"), card, StandardCopyOption.REPLACE_EXISTING);

        IOException e = assertThrows(IOException.class, () -> Posix.claimExclusive(card, vetted));
        assertTrue(e.getMessage().startsWith(card + " is no longer what was checked"), e.getMessage());
        assertEquals("someone else's", Files.readString(card));
    }
}
