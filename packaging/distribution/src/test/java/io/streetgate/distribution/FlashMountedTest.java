package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate flash} is the installers' command of the launcher (its behaviour is specified in
 * packaging/flash): here an image with a hole is written to a file standing in for a card and read back.
 */
class FlashMountedTest {

    @TempDir
    Path dir;

    @Test
    void theLauncherFlashesAnImageAndVerifiesIt() throws Exception {
        Path image = dir.resolve("node.img");
        byte[] head = new byte[1 << 20];
        byte[] tail = new byte[1 << 20];
        new Random(7).nextBytes(head);
        new Random(8).nextBytes(tail);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.write(head);
            f.seek(6L << 20); // 5 MiB never written: a hole that is not copied
            f.write(tail);
        }
        Path card = dir.resolve("card.img");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("flash", image.toString(), card.toString(), "--allow-file");

        assertEquals(0, exit, out + "\n" + err);
        assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(card));
        assertTrue(out.toString().contains("1 of 1 flashed"), out.toString());
    }
}
