package io.streetgate.deb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node image's checks on its inputs ({@code packaging/image/build-image.sh --check}), run on this module's .deb:
 * the image installs the package as it is, so the package must bring the unit and the udev rules, the rules must
 * give the devices to groups the package's postinst puts the service user in, the unit must let those devices
 * through, and the image's config.txt must switch the buses on. The full build and boot is
 * {@code packaging/image/emulated-node.sh} (docs/node-image.md); these checks are the part that takes seconds.
 */
class NodeImageChecksIT {

    private static final Path DEB = Path.of(System.getProperty("streetgate.deb"));
    private static final Path IMAGE = Path.of("..", "image").toAbsolutePath().normalize();
    private static final String RULES = "lib/udev/rules.d/60-streetgate.rules";
    private static final String UNIT = "lib/systemd/system/streetgate.service";

    @Test
    void thisDebAndTheBoardFilesPass() throws Exception {
        Command check = check(IMAGE, DEB);
        assertEquals(0, check.exitCode(), check.output());
        for (String group : List.of("gpio", "i2c", "dialout", "streetgate")) {
            assertTrue(check.output().contains("udev rules: group " + group + ", which postinst gives the service user"),
                    group + " in\n" + check.output());
        }
        assertTrue(check.output().contains("inputs checked: " + DEB), check.output());
    }

    @Test
    void aDebWithoutTheUdevRulesIsRefused(@TempDir Path dir) throws Exception {
        Path deb = rebuilt(dir, tree -> {
            delete(tree.resolve(RULES));
            return tree;
        });
        assertRefused(check(IMAGE, deb), "has no /" + RULES + " (packaging/deb/pom.xml installs it)");
    }

    @Test
    void rulesGivingDevicesToAGroupTheUserIsNotInAreRefused(@TempDir Path dir) throws Exception {
        Path deb = rebuilt(dir, tree -> {
            edit(tree.resolve(RULES), s -> s.replace("GROUP=\"i2c\"", "GROUP=\"spi\""));
            return tree;
        });
        assertRefused(check(IMAGE, deb), "/" + RULES + " gives devices to group spi, which postinst does not give the user");
    }

    @Test
    void aUnitThatLetsNoI2cDeviceThroughIsRefused(@TempDir Path dir) throws Exception {
        Path deb = rebuilt(dir, tree -> {
            edit(tree.resolve(UNIT), s -> s.replace("DeviceAllow=char-i2c rw\n", ""));
            return tree;
        });
        assertRefused(check(IMAGE, deb), "/" + UNIT + " lets no i2c device through (DeviceAllow=char-i2c rw)");
    }

    @Test
    void aUnitThatLetsNoSdCardThroughIsRefused(@TempDir Path dir) throws Exception {
        Path deb = rebuilt(dir, tree -> {
            edit(tree.resolve(UNIT), s -> s.replace("DeviceAllow=block-mmc rw\n", ""));
            return tree;
        });
        assertRefused(check(IMAGE, deb), "/" + UNIT + " lets no mmc disk through (DeviceAllow=block-mmc rw): the OTA cannot write the slots");
    }

    @Test
    void rulesThatGiveTheSlotsToNobodyAreRefused(@TempDir Path dir) throws Exception {
        Path deb = rebuilt(dir, tree -> {
            edit(tree.resolve(RULES), s -> s.replace("ENV{ID_FS_LABEL}==\"SGSLOT\"", "ENV{ID_FS_LABEL}==\"SGDATA\""));
            return tree;
        });
        assertRefused(check(IMAGE, deb), "/" + RULES + " has no rule giving the slot partitions (label SGSLOT) to the service's group");
    }

    @Test
    void aConfigTxtWithoutI2cIsRefused(@TempDir Path dir) throws Exception {
        Path image = copyOfImageFolder(dir);
        edit(image.resolve("files/config.txt"), s -> s.replace("dtparam=i2c_arm=on\n", ""));
        assertRefused(check(image, DEB), "files/config.txt lacks the line dtparam=i2c_arm=on");
    }

    @Test
    void aSharedPartitionMountThatWaitsOnlySystemdsDefaultIsRefused(@TempDir Path dir) throws Exception {
        Path image = copyOfImageFolder(dir);
        edit(image.resolve("files/fstab"), s -> s.replace("noatime,nofail,x-systemd.device-timeout=10min", "noatime,nofail"));
        assertRefused(check(image, DEB), "files/fstab: /var/lib/streetgate (LABEL=sgdata) waits only systemd's default 90 s"
                + " for its partition; add x-systemd.device-timeout=10min to its options");
    }

    @Test
    void aUnitFileBesideThePackageIsRefused(@TempDir Path dir) throws Exception {
        Path image = copyOfImageFolder(dir);
        Files.writeString(image.resolve("files/streetgate.service"), "[Service]\nExecStart=/opt/streetgate/bin/streetgate run\n");
        assertRefused(check(image, DEB), "files/streetgate.service: the product's files come from the .deb only");
    }

    private static Command check(Path imageDir, Path deb) throws Exception {
        return Command.run(imageDir, "sh", imageDir.resolve("build-image.sh").toString(), "--deb", deb.toString(), "--check");
    }

    private static void assertRefused(Command check, String message) {
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains("build-image.sh: check failed: "), check.output());
        assertTrue(check.output().contains(message), message + " in\n" + check.output());
    }

    /** The script and its files/ in a folder of their own, to be changed there. */
    private static Path copyOfImageFolder(Path dir) throws Exception {
        Path image = Files.createDirectories(dir.resolve("image"));
        Command.run(IMAGE, "cp", "-a", IMAGE.resolve("build-image.sh").toString(), IMAGE.resolve("files").toString(),
                image.toString()).ok();
        return image;
    }

    /** This module's .deb unpacked, changed and packed again. */
    private static Path rebuilt(Path dir, UnaryOperator<Path> change) throws Exception {
        Path tree = dir.resolve("tree");
        Command.run(dir, "dpkg-deb", "-R", DEB.toString(), tree.toString()).ok();
        change.apply(tree);
        Path deb = dir.resolve("changed.deb");
        Command.run(dir, "dpkg-deb", "--root-owner-group", "-Znone", "-b", tree.toString(), deb.toString()).ok();
        return deb;
    }

    private static void edit(Path file, UnaryOperator<String> change) {
        try {
            String before = Files.readString(file);
            String after = change.apply(before);
            assertTrue(!after.equals(before), "the change applies to " + file);
            Files.writeString(file, after);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
