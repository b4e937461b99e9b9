package io.streetgate.flash.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real loop devices over sparse files in one folder (so on one disk), attached with {@code losetup} for a test and
 * detached by name when it ends. Attaching needs root; without it the test fails with losetup's reason.
 *
 * @param devices the attached devices (/dev/loopN), in order
 * @param files   their backing files, in the same order
 */
public record LoopDevices(List<Path> devices, List<Path> files) implements AutoCloseable {

    public static LoopDevices attach(Path folder, int count, long bytes) throws IOException, InterruptedException {
        LoopDevices loops = new LoopDevices(new ArrayList<>(), new ArrayList<>());
        try {
            for (int i = 1; i <= count; i++) {
                Path file = folder.resolve("loop-backing-" + i + ".img");
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(bytes);
                }
                loops.files.add(file);
                loops.devices.add(Path.of(Peers.run("losetup", "--find", "--show", file.toString()).strip()));
            }
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            loops.close();
            throw e;
        }
        return loops;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path d : devices) {
            Peers.exec("losetup", "--detach", d.toString());
        }
    }
}
