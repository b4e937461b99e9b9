package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleSetInstallerTest {
    @TempDir
    Path tmp;

    static Path zip(Path dir, String version, String... entries) throws Exception {
        Files.createDirectories(dir);
        Path z = dir.resolve("set-" + version + ".zip");
        try (OutputStream o = Files.newOutputStream(z); ZipOutputStream zo = new ZipOutputStream(o)) {
            for (String e : entries) {
                zo.putNextEntry(new ZipEntry(e));
                zo.write((e + " of " + version).getBytes());
                zo.closeEntry();
            }
        }
        return z;
    }

    static ArtifactInfo info(String v) {
        return new ArtifactInfo(ArtifactInfo.KIND_BUNDLE_SET, ArtifactVersion.parse(v), List.of(), null, false);
    }

    @Test
    void applyTrialCommitAndPruneOldSets() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller i = BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        assertEquals(root.resolve("sets/1.0.0"), BundleSetPointer.atStart(root));
        for (String v : List.of("1.1.0", "1.2.0")) {
            i.stage(zip(tmp, v, "a.jar", "b.jar"), info(v), InstallProgress.NONE);
            assertEquals(Installer.Activation.RESTART_RUNTIME, i.activate(ArtifactVersion.parse(v)));
            assertTrue(i.trial().isEmpty(), "not started yet");
            assertEquals(root.resolve("sets/" + v), BundleSetPointer.atStart(root), "the launcher starts the trial set");
            assertEquals(ArtifactVersion.parse(v), i.trial().orElseThrow());
            i.commit();
            assertTrue(i.trial().isEmpty());
            assertEquals(v, i.runningVersion().toString());
        }
        assertFalse(Files.exists(root.resolve("sets/1.0.0")), "sets older than the previous one are removed");
        assertTrue(Files.exists(root.resolve("sets/1.1.0/b.jar")));
    }

    @Test
    void aCrashDuringTheTrialFallsBackAtTheNextStart() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller i = BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        i.stage(zip(tmp, "2.0.0", "a.jar"), info("2.0.0"), InstallProgress.NONE);
        i.activate(ArtifactVersion.parse("2.0.0"));
        assertEquals(root.resolve("sets/2.0.0"), BundleSetPointer.atStart(root));
        // ... the runtime hangs or loses power before the health check commits ...
        assertEquals(root.resolve("sets/1.0.0"), BundleSetPointer.atStart(root), "the trial had its one start");
        assertEquals("1.0.0", i.runningVersion().toString());
        assertTrue(i.trial().isEmpty());
    }

    @Test
    void revertAfterAFailedHealthCheck() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller i = BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        i.stage(zip(tmp, "2.0.0", "a.jar"), info("2.0.0"), InstallProgress.NONE);
        i.activate(ArtifactVersion.parse("2.0.0"));
        BundleSetPointer.atStart(root);
        assertEquals(Installer.Activation.RESTART_RUNTIME, i.revert("uplink down"));
        assertEquals(root.resolve("sets/1.0.0"), BundleSetPointer.atStart(root));
    }

    @Test
    void theInstallationsOwnBundlesRunUntilAnUpdateAndAfterARollbackToThem() throws Exception {
        Path factory = Files.createDirectories(tmp.resolve("bundles"));
        Path root = tmp.resolve("sets-root");

        assertEquals(factory, BundleSetPointer.startFolder(root, factory, "0.1.0"));
        BundleSetInstaller installer = new BundleSetInstaller(root);
        assertEquals("0.1.0", installer.runningVersion().toString());

        installer.stage(zip(tmp, "0.2.0", "a.jar"), info("0.2.0"), InstallProgress.NONE);
        installer.activate(ArtifactVersion.parse("0.2.0"));
        assertEquals(root.resolve("sets/0.2.0"), BundleSetPointer.startFolder(root, factory, "0.1.0"));
        installer.revert("health check failed");
        assertEquals(factory, BundleSetPointer.startFolder(root, factory, "0.1.0"));
        assertFalse(Files.exists(root.resolve("sets/0.1.0")), "the installation's bundles are never copied");
    }

    @Test
    void aReSignedArtifactWithTheSameVersionAndOtherContentIsUnpackedAgain() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller i = BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        i.stage(zip(tmp.resolve("first"), "2.0.0", "a.jar"), info("2.0.0"), InstallProgress.NONE);
        assertTrue(Files.exists(root.resolve("sets/2.0.0/a.jar")));
        // 2.0.0 was staged but never ran (its trial failed, or it was halted); ops re-sign 2.0.0 with other bundles.
        i.stage(zip(tmp.resolve("second"), "2.0.0", "fixed.jar"), info("2.0.0"), InstallProgress.NONE);
        assertTrue(Files.exists(root.resolve("sets/2.0.0/fixed.jar")), "the new content is staged");
        assertFalse(Files.exists(root.resolve("sets/2.0.0/a.jar")), "nothing of the old content is left");
        i.activate(ArtifactVersion.parse("2.0.0"));
        assertEquals(root.resolve("sets/2.0.0"), BundleSetPointer.atStart(root));
    }

    @Test
    void theSameContentStagedAgainIsNotUnpackedAgain() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller i = BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        Path z = zip(tmp, "2.0.0", "a.jar");
        i.stage(z, info("2.0.0"), InstallProgress.NONE);
        Path marker = Files.createFile(root.resolve("sets/2.0.0/left-by-the-first-unpack"));
        i.stage(z, info("2.0.0"), InstallProgress.NONE);
        assertTrue(Files.exists(marker), "a repeated stage (after a power cut) reuses the set it completed");
    }

    @Test
    void theSetThatRunsIsNeverReplacedByOtherContentUnderItsVersion() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller i = BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        InstallException e = assertThrows(InstallException.class,
                () -> i.stage(zip(tmp.resolve("other"), "1.0.0", "b.jar"), info("1.0.0"), InstallProgress.NONE));
        assertTrue(e.getMessage().contains("bundle set 1.0.0 is in use"), e.getMessage());
        assertTrue(Files.exists(root.resolve("sets/1.0.0/a.jar")));
        assertFalse(Files.exists(root.resolve("sets/1.0.0/b.jar")));
    }

    @Test
    void unpackingIsBoundedInBytesAndInEntries() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        BundleSetInstaller i = new BundleSetInstaller(root, new BundleSetInstaller.Limits(1 << 20, 10));
        // 4 MiB of zeros deflate to a few KiB: the zip's size says nothing about what it unpacks to.
        Path bomb = tmp.resolve("bomb.zip");
        try (OutputStream o = Files.newOutputStream(bomb); ZipOutputStream zo = new ZipOutputStream(o)) {
            zo.putNextEntry(new ZipEntry("big.jar"));
            zo.write(new byte[4 << 20]);
            zo.closeEntry();
        }
        assertTrue(Files.size(bomb) < 64 * 1024);
        InstallException big = assertThrows(InstallException.class, () -> i.stage(bomb, info("2.0.0"), InstallProgress.NONE));
        assertTrue(big.getMessage().contains("bundle set 2.0.0 unpacks to more than 1048576 bytes (the limit; stopped at entry big.jar)"),
                big.getMessage());
        String[] many = new String[11];
        for (int n = 0; n < many.length; n++) {
            many[n] = "b" + n + ".jar";
        }
        InstallException count = assertThrows(InstallException.class,
                () -> i.stage(zip(tmp, "3.0.0", many), info("3.0.0"), InstallProgress.NONE));
        assertTrue(count.getMessage().contains("bundle set 3.0.0 holds more than 10 entries (the limit)"), count.getMessage());
        try (var sets = Files.list(root.resolve("sets"))) {
            assertEquals(List.of("1.0.0"), sets.map(p -> p.getFileName().toString()).toList(), "nothing of a refused set is left");
        }
        i.stage(zip(tmp, "4.0.0", "a.jar", "b.jar"), info("4.0.0"), InstallProgress.NONE);
        assertTrue(Files.exists(root.resolve("sets/4.0.0/b.jar")), "a set within the bounds unpacks");
    }

    @Test
    void refusesZipSlipAndEmptySets() throws Exception {
        Path root = tmp.resolve("gw");
        BundleSetInstaller i = BundleSetInstaller.initial(root, zip(tmp, "1.0.0", "a.jar"), ArtifactVersion.parse("1.0.0"));
        InstallException e = assertThrows(InstallException.class,
                () -> i.stage(zip(tmp, "6.6.6", "../../evil.jar"), info("6.6.6"), InstallProgress.NONE));
        assertTrue(e.getMessage().contains("points outside its folder"), e.getMessage());
        InstallException empty = assertThrows(InstallException.class,
                () -> i.stage(zip(tmp, "7.0.0", "readme.txt"), info("7.0.0"), InstallProgress.NONE));
        assertTrue(empty.getMessage().contains("holds no .jar bundles"), empty.getMessage());
        assertFalse(Files.exists(root.resolve("sets/6.6.6")));
    }
}
