package io.streetgate.ota.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * RAUC bundles as a release engineer makes them: a self-signed release certificate ({@code openssl req}) and a
 * bundle of one raw rootfs image signed with it ({@code rauc bundle}, which needs mksquashfs from Debian's
 * squashfs-tools), compatible with {@link RaucPeer}'s system.
 */
public final class RaucBundles {
    private RaucBundles() {
    }

    /** A self-signed P-256 release certificate and its key ({@code cert.pem}, {@code key.pem}) in a folder of their own. */
    public static Path releaseKey(Path parent, String name) throws Exception {
        Path dir = Files.createDirectories(parent.resolve("keys-" + name.replace(' ', '-')));
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "30", "-subj", "/CN=" + name);
        return dir;
    }

    /**
     * A bundle of one raw rootfs image, signed with {@code key}. Its format is "plain", not the "verity" a release
     * should use: installing a verity bundle needs the kernel's device mapper ({@code /dev/mapper/control}), which
     * the test machines do not have; the signature check is the same.
     */
    public static Path bundle(Path parent, Path key, String version, byte[] image) throws Exception {
        Path in = Files.createDirectories(parent.resolve("bundle-" + key.getFileName() + "-" + version));
        Files.write(in.resolve("rootfs.img"), image);
        Files.writeString(in.resolve("manifest.raucm"), """
                [update]
                compatible=%s
                version=%s

                [bundle]
                format=plain

                [image.rootfs]
                filename=rootfs.img
                """.formatted(RaucPeer.COMPATIBLE, version));
        Path out = parent.resolve(key.getFileName() + "-" + version + ".raucb");
        run(parent, "rauc", "bundle", "--cert=" + key.resolve("cert.pem"), "--key=" + key.resolve("key.pem"),
                in.toString(), out.toString());
        return out;
    }

    /** Random bytes: RAUC refuses a bundle whose squashfs is no larger than one 4 KiB block. */
    public static byte[] randomImage(long seed) {
        byte[] image = new byte[64 * 1024];
        new Random(seed).nextBytes(image);
        return image;
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0] + ": install the Debian packages rauc, squashfs-tools and "
                    + "openssl (" + e.getMessage() + ")", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + ":\n" + out
                    + (out.contains("mksquashfs") ? "\n(install the Debian package squashfs-tools)" : ""));
        }
    }
}
