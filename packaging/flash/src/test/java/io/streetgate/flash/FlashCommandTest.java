package io.streetgate.flash;

import io.streetgate.flash.disk.TargetGuard;
import io.streetgate.flash.testing.LoopDevices;
import io.streetgate.flash.testing.NodeImages;
import io.streetgate.flash.testing.OpenDevices;
import io.streetgate.flash.testing.Peers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.jr.ob.JSON;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.streetgate.flash.testing.NodeImages.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate flash} end to end on image files: a node-shaped image (MBR, slots, FAT config partition) made
 * with sfdisk and mkfs.fat, its bmap made by bmaptool, plain files standing in for the cards.
 */
class FlashCommandTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-05-17T14:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path image;
    String out;
    String err;

    @BeforeEach
    void nodeImage() throws Exception {
        image = NodeImages.mbr(tmp.resolve("node.img"), 3 * MIB + 12345);
        Peers.run("bmaptool", "create", "-o", tmp.resolve("node.bmap").toString(), image.toString());
    }

    int flash(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = new CommandLine(new FlashCommand(TargetGuard.system(), CLOCK))
                .setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true)).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    Path site() throws Exception {
        Path site = tmp.resolve("street.yaml");
        Files.writeString(site, "node:\n  id: \"{{node}}\"\n  site: harbour-street\nsensors: {}\n");
        return site;
    }

    /** A file on the card's config partition, read by mtools. */
    static String configFile(Path card, String path) throws Exception {
        return Peers.run("mtype", "-i", card + "@@" + NodeImages.CONFIG_START * MIB, "::/" + path);
    }

    @Test
    void aBatchOfCardsEachGetsItsOwnNodeAndTheReportSaysSo() throws Exception {
        Files.writeString(tmp.resolve("street.csv"), "node,site\n# first round\npole-0001,street.yaml\n"
                + "pole-0002,street.yaml\npole-0003,street.yaml\n");
        site();
        List<String> args = new ArrayList<>(List.of(image.toString()));
        for (int i = 1; i <= 3; i++) {
            args.add(tmp.resolve("card" + i + ".img").toString());
        }
        args.addAll(List.of("--allow-file", "--nodes", tmp.resolve("street.csv").toString(),
                "--report", tmp.resolve("report.json").toString()));
        assertEquals(0, flash(args.toArray(String[]::new)), out + err);

        for (int i = 1; i <= 3; i++) {
            Path card = tmp.resolve("card" + i + ".img");
            assertEquals("pole-000" + i + "\n", configFile(card, "node-id"));
            assertTrue(configFile(card, "site.yaml").startsWith("node:\n  id: \"pole-000" + i + "\"\n"));
            assertTrue(Peers.exec("mtype", "-i", card + "@@" + NodeImages.CONFIG_START * MIB, "::/identity/PENDING")
                    .exit() != 0, "no identity on the card: it is made on the node");
            // the slot's data is the image's
            assertArrayEquals(NodeImages.read(image, NodeImages.SLOT_A_START * MIB, 3 * MIB + 12345),
                    NodeImages.read(card, NodeImages.SLOT_A_START * MIB, 3 * MIB + 12345));
        }
        assertEquals("2030-05-17T14:30:00Z", JSON.std.mapFrom(configFile(tmp.resolve("card3.img"), "flash.json"))
                .get("flashed"));
        Peers.run("fsck.fat", "-n", extractConfig(tmp.resolve("card1.img")).toString());

        assertTrue(out.contains("image node.img: 33.0 MiB"), out);
        assertTrue(out.contains("bmap node.bmap"), out);
        assertTrue(out.contains("3 of 3 flashed"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("card2.img") && l.contains("pole-0002") && l.contains(" ok ")
                && l.contains("passed") && l.contains("3 files")), out);
        Map<String, Object> report = JSON.std.mapFrom(Files.readString(tmp.resolve("report.json")));
        assertEquals(3, report.get("flashed"), report.toString());
        assertEquals(0, report.get("failed"), report.toString());
        for (Object card : (List<?>) report.get("cards")) {
            Map<?, ?> c = (Map<?, ?>) card;
            assertEquals("passed", c.get("verify"), c.toString());
            assertEquals("injected", c.get("config"), c.toString());
            assertEquals(List.of("node-id", "site.yaml", "flash.json"), c.get("config_files"), c.toString());
        }
        assertEquals("", err, "no progress under scripts");
    }

    /** A street's template: valid YAML as written, the placeholder quoted, and named in a comment too. */
    static final String STREET = """
            # harbour street: one file for every pole; {{node}} becomes each card's node id
            node:
              id: "{{node}}"
              site: harbour-street
            buses:
              i2c-1: {kind: i2c, number: 1}
            sensors:
              env-1: {type: bme280, bus: i2c-1, address: 0x76}
            """;

    @Test
    void tenNodesFromOneTableOnTenLoopDevicesOfOneDisk() throws Exception {
        Files.writeString(tmp.resolve("street.yaml"), STREET);
        Files.writeString(tmp.resolve("corner.yaml"), STREET.replace("0x76", "0x99"));
        StringBuilder table = new StringBuilder("node,site\n");
        for (int i = 31; i <= 40; i++) {
            table.append("pole-00").append(i).append(i == 40 ? ",corner.yaml\n" : ",street.yaml\n");
        }
        Files.writeString(tmp.resolve("street.csv"), table + "Pole-0031,street.yaml\n");
        String[] args = {"--allow-fixed-disk", "--nodes", tmp.resolve("street.csv").toString(), "--journal",
                tmp.resolve("street.done").toString()};
        try (LoopDevices loops = LoopDevices.attach(tmp, 10, (NodeImages.IMAGE_SIZE + 1) * MIB)) {
            List<String> command = new ArrayList<>(List.of(image.toString()));
            loops.devices().forEach(d -> command.add(d.toString()));
            command.addAll(List.of(args));

            // the table as first written: the gateway's id rule and its site file check stop it, nothing is written
            assertEquals(2, flash(command.toArray(String[]::new)), out + err);
            assertTrue(err.contains("line 12: node 'Pole-0031' is not a node id the gateway accepts; ids are "
                    + "lower-case: write pole-0031 (line 2 names the same node, pole-0031: remove one of the two)"), err);
            Files.writeString(tmp.resolve("street.csv"), table);
            assertEquals(2, flash(command.toArray(String[]::new)), out + err);
            assertTrue(err.contains(tmp.resolve("corner.yaml") + ":8: sensors.env-1.address: '0x99' "), err);
            assertTrue(err.contains("(node pole-0040)"), err);
            for (Path backing : loops.files()) {
                assertArrayEquals(new byte[(int) NodeImages.IMAGE_SIZE * MIB],
                        NodeImages.read(backing, 0, (int) NodeImages.IMAGE_SIZE * MIB), backing + " was written");
            }

            // fixed: every card flashed, verified and given its own node, the template's comment as written
            Files.writeString(tmp.resolve("corner.yaml"), STREET);
            int mostOpenAtOnce;
            try (OpenDevices open = OpenDevices.watch(loops.devices())) {
                assertEquals(0, flash(command.toArray(String[]::new)), out + err);
                mostOpenAtOnce = open.most();
            }
            assertTrue(out.contains("10 of 10 flashed"), out);
            assertTrue(mostOpenAtOnce <= 1, "one disk, one card at a time: " + mostOpenAtOnce + " were open at once");
            for (int i = 0; i < 10; i++) {
                Path card = loops.files().get(i);
                Path device = loops.devices().get(i);
                String node = "pole-00" + (31 + i);
                assertEquals(node + "\n", configFile(card, "node-id"));
                assertEquals(STREET.replace("id: \"{{node}}\"", "id: \"" + node + "\""), configFile(card, "site.yaml"));
                assertTrue(out.lines().anyMatch(l -> l.startsWith(device + " ") && l.contains(node)
                        && l.contains(" ok ") && l.contains("passed") && l.contains("3 files")), out);
            }
            assertEquals(10, Files.readAllLines(tmp.resolve("street.done")).size());

            // loop devices over files on one disk are that disk's targets: written one after the other, as a file is
            TargetGuard guard = TargetGuard.system();
            String fileGroup = guard.check(tmp.resolve("copy.img"), image, Files.size(image), true, false).group();
            for (Path loop : loops.devices()) {
                assertEquals(fileGroup, guard.check(loop, image, Files.size(image), false, true).group(), loop.toString());
            }
        }
    }

    @Test
    void withoutNodeConfigACardIsByteForByteWhatBmaptoolCopyWrites() throws Exception {
        Path ours = tmp.resolve("ours.img");
        Path theirs = tmp.resolve("theirs.img");
        assertEquals(0, flash(image.toString(), ours.toString(), "--allow-file"), out + err);
        Peers.run("bmaptool", "copy", "--bmap", tmp.resolve("node.bmap").toString(), image.toString(), theirs.toString());
        assertEquals(Files.size(theirs), Files.size(ours));
        assertEquals(-1, Files.mismatch(theirs, ours));
        assertTrue(out.lines().anyMatch(l -> l.contains("ours.img") && l.contains(" none")), out);
    }

    @Test
    void anImageWithoutBmapIsMappedByItsHoles() throws Exception {
        Files.delete(tmp.resolve("node.bmap"));
        Path card = tmp.resolve("card.img");
        assertEquals(0, flash(image.toString(), card.toString(), "--allow-file", "--node", "pole-0042",
                "--site", site().toString(), "--json"), out + err);
        assertEquals("holes of node.img", JSON.std.mapFrom(out).get("block_map"), out);
        assertEquals("pole-0042\n", configFile(card, "node-id"));
    }

    @Test
    void aRefusedDeviceFailsTheRunButTheOthersAreFlashed() throws Exception {
        Path good = tmp.resolve("good.img");
        Path folder = Files.createDirectories(tmp.resolve("not-a-card"));
        assertEquals(1, flash(image.toString(), good.toString(), folder.toString(), "--allow-file"), out + err);
        assertTrue(out.contains("1 of 2 flashed, 1 FAILED"), out);
        assertTrue(out.contains("refused: " + folder + " is neither a block device nor a plain file"), out);
        assertTrue(Files.size(good) > 0);
    }

    @Test
    void aDamagedImageFailsItsCardsNamingTheImageNotTheCard() throws Exception {
        NodeImages.fill(image, NodeImages.SLOT_A_START * MIB + 100, 1, 77); // after bmaptool made the bmap
        assertEquals(1, flash(image.toString(), tmp.resolve("card.img").toString(), "--allow-file"));
        assertTrue(out.contains("node.img does not match its block map (bmap node.bmap)"), out);
        assertEquals(1, flash(image.toString(), tmp.resolve("card.img").toString(), "--allow-file", "--no-verify"));
        assertTrue(out.contains("node.img does not match its block map (bmap node.bmap)"), out);
    }

    @Test
    void aPlainFileIsOnlyWrittenWithAllowFile() throws Exception {
        assertEquals(1, flash(image.toString(), tmp.resolve("sdx").toString()));
        assertTrue(out.contains("does not exist. To write an image copy into a new file, pass --allow-file"), out);
        assertFalse(Files.exists(tmp.resolve("sdx")));
    }

    @Test
    void aSiteFileForAnotherNodeStopsTheRunBeforeAnythingIsWritten() throws Exception {
        Path site = tmp.resolve("pole-7.yaml");
        Files.writeString(site, "node:\n  id: pole-0007\n");
        Path card = tmp.resolve("card.img");
        assertEquals(2, flash(image.toString(), card.toString(), "--allow-file", "--node", "pole-0042", "--site", site.toString()));
        assertTrue(err.contains(site + ": node.id: 'pole-0007' is not the node it is flashed for, pole-0042; write "
                + "id: \"{{node}}\""), err);
        assertFalse(Files.exists(card));
    }

    @Test
    void aSiteFileTheGatewayWouldRefuseStopsTheRunNamingKeyValueAndFix() throws Exception {
        Path site = tmp.resolve("pole-0042.yaml");
        Files.writeString(site, "node: {id: pole-0042}\nbuses:\n  i2c-1: {kind: i2c, number: 1}\nsensors:\n"
                + "  env-1: {type: bme280, bus: i2c-1, address: 0x99}\n");
        Path card = tmp.resolve("card.img");
        assertEquals(2, flash(image.toString(), card.toString(), "--allow-file", "--node", "pole-0042", "--site",
                site.toString()));
        assertTrue(err.contains("the gateway would refuse these site files; nothing was written"), err);
        assertTrue(err.contains(site + ":5: sensors.env-1.address: '0x99' "), err);
        assertTrue(err.contains("0x76") && err.contains("0x77"), "names what is valid: " + err);
        assertFalse(Files.exists(card));
    }

    @Test
    void keysMadeInAdvanceAreRefusedBecauseTheIdentityIsMadeOnTheNode() throws Exception {
        Path card = tmp.resolve("card.img");
        Path ids = Files.createDirectories(tmp.resolve("ids/pole-0042"));
        assertEquals(2, flash(image.toString(), card.toString(), "--allow-file", "--node", "pole-0042", "--site",
                site().toString(), "--identity", ids.toString()));
        assertTrue(err.contains("--identity " + ids + ": identity folders are not written to cards: a node's identity "
                + "is made on the node by `streetgate provision` and stays in /var/lib/streetgate/identity there"), err);
        assertTrue(err.contains("leave --identity out"), err);
        assertFalse(Files.exists(card));
    }

    @Test
    void roundsOfCardsContinueWhereTheJournalEnds() throws Exception {
        site();
        StringBuilder csv = new StringBuilder("node,site\n");
        for (int i = 1; i <= 4; i++) {
            csv.append("pole-000").append(i).append(",street.yaml\n");
        }
        Files.writeString(tmp.resolve("street.csv"), csv);
        String nodes = tmp.resolve("street.csv").toString();
        String journal = tmp.resolve("street.done").toString();
        assertEquals(0, flash(image.toString(), tmp.resolve("a.img").toString(), tmp.resolve("b.img").toString(),
                "--allow-file", "--nodes", nodes, "--journal", journal), out + err);
        assertEquals(0, flash(image.toString(), tmp.resolve("a.img").toString(), tmp.resolve("b.img").toString(),
                "--allow-file", "--nodes", nodes, "--journal", journal), out + err);
        assertEquals("pole-0003\n", configFile(tmp.resolve("a.img"), "node-id"));
        assertEquals("pole-0004\n", configFile(tmp.resolve("b.img"), "node-id"));
        assertEquals(4, Files.readAllLines(tmp.resolve("street.done")).size());
        assertEquals(2, flash(image.toString(), tmp.resolve("a.img").toString(), "--allow-file", "--nodes", nodes,
                "--journal", journal));
        assertTrue(err.contains("only 0 nodes of " + nodes + " are left to flash (4 done in the journal)"), err);
    }

    @Test
    void anImageWithoutAConfigPartitionFailsTheCardWithTheReason() throws Exception {
        Path plain = tmp.resolve("plain.img");
        Files.write(plain, new byte[2 * MIB]);
        NodeImages.fill(plain, 0, 4096, 5);
        assertEquals(1, flash(plain.toString(), tmp.resolve("card.img").toString(), "--allow-file", "--no-bmap",
                "--node", "pole-0042", "--site", site().toString()));
        assertTrue(out.contains("no partition table"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("card.img") && l.contains("FAILED") && l.contains("passed")), out);
    }

    @Test
    void progressIsShownWhenAsked() throws Exception {
        assertEquals(0, flash(image.toString(), tmp.resolve("card.img").toString(), "--allow-file", "--progress"));
        assertTrue(err.startsWith("\rcard.img "), err);
        assertTrue(err.strip().endsWith("card.img done"), err);
    }

    /** The config partition as a file of its own, for fsck.fat (which has no offset option). */
    Path extractConfig(Path card) throws Exception {
        Path part = tmp.resolve(card.getFileName() + ".config");
        Files.write(part, NodeImages.read(card, NodeImages.CONFIG_START * MIB, (int) NodeImages.CONFIG_SIZE * MIB));
        return part;
    }

    static String text(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
