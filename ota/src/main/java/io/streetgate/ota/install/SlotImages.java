package io.streetgate.ota.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes an image file into a slot (a block device or a file) and fsyncs it. */
final class SlotImages {
    private SlotImages() {
    }

    static void write(Path image, Path device, InstallProgress progress) throws InstallException {
        try {
            long total = Files.size(image);
            try (InputStream in = Files.newInputStream(image);
                 FileChannel out = FileChannel.open(device, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                byte[] buf = new byte[1 << 20];
                long done = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    done += n;
                    progress.update(done, total);
                }
                if (Files.isRegularFile(device)) {
                    out.truncate(total);
                }
                out.force(true);
            }
        } catch (IOException e) {
            throw new InstallException("cannot write " + image + " to " + device + ": " + e.getMessage(), e);
        }
    }
}
