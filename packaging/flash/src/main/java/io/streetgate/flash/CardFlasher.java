package io.streetgate.flash;

import io.streetgate.flash.disk.Posix;
import io.streetgate.flash.disk.TargetGuard;
import io.streetgate.flash.image.BlockMap;
import io.streetgate.flash.image.ImageCopy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flashes one card: writes the mapped blocks, drops the card's cached pages and reads them back, then writes the
 * node's files into the config partition and reads those back too. A block device is held with O_EXCL the whole
 * time, so nothing mounts it half-written, and every step opens it through that claim's descriptor, which was
 * checked to be the vetted device; without the exclusive open it is not written at all. Every step's failure ends
 * the card with the reason; later steps are "not run".
 */
final class CardFlasher {
    private final Clock clock;

    CardFlasher(Clock clock) {
        this.clock = clock;
    }

    /** Options that apply to every card of a run. */
    record Options(boolean verify, String configLabel) {
    }

    CardResult flash(Path image, BlockMap map, TargetGuard.Target target, NodeConfig node, Map<String, byte[]> files,
                     Options options, Progress progress) {
        String device = target.path().toString();
        String nodeId = node == null ? null : node.node();
        List<String> errors = new ArrayList<>();
        long written = 0;
        double writeSecs = 0;
        double verifySecs = 0;
        String verify = "not run";
        String config = "not run";
        boolean block = target.kind() == TargetGuard.Kind.BLOCK_DEVICE;
        try (Posix.Claim claim = block ? Posix.claimExclusive(target.path(), target.vetted()) : null) {
            // the device by its claimed descriptor, never by its name again
            Path io = claim != null ? claim.path() : target.path();
            progress.start(Progress.Phase.WRITING, map.mappedBytes());
            long t0 = System.nanoTime();
            List<String> expected = ImageCopy.mapChecksums(map);
            boolean hashWhileWriting = expected == null || !options.verify();
            ImageCopy.Written w;
            try (FileChannel ch = openForWrite(target.kind(), io, map.imageSize())) {
                w = ImageCopy.write(image, map, ch, block, hashWhileWriting, progress::add);
            }
            if (expected == null) {
                expected = w.digests();
            }
            written = w.bytes();
            writeSecs = (System.nanoTime() - t0) / 1e9;

            if (options.verify()) {
                boolean dropped = Posix.dropCache(io);
                progress.start(Progress.Phase.VERIFYING, map.mappedBytes());
                long t1 = System.nanoTime();
                ImageCopy.Verified v;
                try (FileChannel ch = FileChannel.open(io, StandardOpenOption.READ)) {
                    v = ImageCopy.verify(map, expected, ch, device, progress::add);
                }
                verifySecs = (System.nanoTime() - t1) / 1e9;
                verify = v.passed() ? "passed" : "failed";
                if (!v.passed() && !hashWhileWriting) {
                    String imageFault = ImageCopy.checkImageRange(image, map, v.badRanges().get(0));
                    if (imageFault != null) {
                        errors.add(imageFault);
                        throw new Failed();
                    }
                }
                if (!v.passed()) {
                    errors.addAll(v.mismatches().subList(0, Math.min(5, v.mismatches().size())));
                    if (v.mismatches().size() > 5) {
                        errors.add("... and " + (v.mismatches().size() - 5) + " more ranges differ");
                    }
                    errors.add(0, device + " does not read back what was written (a failing or fake-capacity card?)");
                    throw new Failed();
                }
                if (!dropped) {
                    errors.add("note: the page cache could not be dropped, the read-back may have come from memory");
                }
            } else {
                verify = "skipped";
            }

            if (files == null) {
                config = "none";
            } else {
                progress.start(Progress.Phase.CONFIG, 0);
                try (FileChannel ch = FileChannel.open(io, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ConfigPartition.write(ch, options.configLabel(), files, LocalDateTime.now(clock));
                    ch.force(true);
                }
                Posix.dropCache(io);
                List<String> bad;
                try (FileChannel ch = FileChannel.open(io, StandardOpenOption.READ)) {
                    bad = ConfigPartition.check(ch, options.configLabel(), files);
                }
                if (!bad.isEmpty()) {
                    config = "failed";
                    errors.add("config partition: " + String.join("; ", bad));
                    throw new Failed();
                }
                config = "injected";
            }
            progress.end(Progress.Phase.DONE);
            return new CardResult(device, nodeId, true, written, writeSecs, verify, verifySecs, config,
                    files == null ? List.of() : List.copyOf(files.keySet()), errors);
        } catch (Failed f) {
            // the reasons are in errors
        } catch (IOException | RuntimeException e) {
            errors.add(e.getMessage() == null ? e.toString() : e.getMessage());
            if ("not run".equals(config) && written > 0 && !"failed".equals(verify) && ("passed".equals(verify) || "skipped".equals(verify))) {
                config = files == null ? "none" : "failed";
            }
        }
        progress.end(Progress.Phase.FAILED);
        return new CardResult(device, nodeId, false, written, writeSecs, verify, verifySecs, config, List.of(), errors);
    }

    private static FileChannel openForWrite(TargetGuard.Kind kind, Path io, long imageSize) throws IOException {
        if (kind == TargetGuard.Kind.FILE) {
            // a file stands in for a card: it gets the image's size and, like a card, keeps its old bytes where
            // the image has holes (a new file has holes there); as bmaptool does, to compare like with like
            try (RandomAccessFile f = new RandomAccessFile(io.toFile(), "rw")) {
                f.setLength(imageSize);
            }
        }
        return FileChannel.open(io, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static final class Failed extends Exception {
        Failed() {
            super(null, null, false, false);
        }
    }
}
