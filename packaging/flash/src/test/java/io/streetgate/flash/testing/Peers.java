package io.streetgate.flash.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real Debian tools the tests check against. A missing tool fails the test with the package to install,
 * never skips it: bmaptool (bmap-tools), sfdisk (fdisk), mkfs.fat and fsck.fat (dosfstools), mdir/mtype/mcopy
 * (mtools), losetup (mount; attaching needs root).
 */
public final class Peers {
    private static final Map<String, String> PACKAGES = Map.of(
            "bmaptool", "bmap-tools", "sfdisk", "fdisk", "mkfs.fat", "dosfstools", "fsck.fat", "dosfstools",
            "mdir", "mtools", "mtype", "mtools", "mcopy", "mtools", "mmd", "mtools", "losetup", "mount");

    private Peers() {
    }

    static String path() {
        return System.getProperty("flash.test.path", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    /** The tool's full path; fails the test naming the Debian package when it is not installed. */
    public static String require(String tool) {
        for (String dir : path().split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        fail(tool + " is not installed: apt-get install " + PACKAGES.getOrDefault(tool, tool));
        return null;
    }

    /** Output of a command that must succeed (exit 0 within two minutes). */
    public static String run(String... command) throws IOException, InterruptedException {
        Result r = exec(command);
        if (r.exit != 0) {
            fail(String.join(" ", command) + " exited " + r.exit + ":\n" + r.output);
        }
        return r.output;
    }

    /** Exit code and output (stdout and stderr merged). */
    public record Result(int exit, String output) {
    }

    public static Result exec(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, require(cmd.get(0)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", path());
        pb.environment().put("MTOOLS_SKIP_CHECK", "1"); // mtools: images whose geometry is not a floppy's
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in two minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a command with text on its standard input. */
    public static String runWithInput(String input, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, require(cmd.get(0)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", path());
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
