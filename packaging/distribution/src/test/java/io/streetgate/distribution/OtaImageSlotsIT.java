package io.streetgate.distribution;

import io.streetgate.ota.install.DirectoryBootControl;
import io.streetgate.ota.install.RebootRequest;
import io.streetgate.ota.install.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.streetgate.distribution.GatewayRuntimeIT.part;
import static io.streetgate.distribution.OtaUpdateIT.lastUpdate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An image update in the running gateway, through the backend the site file chooses ({@code backend:
 * slot-directory}: two slots in a folder with a simulated bootloader, the one image backend that runs on any
 * machine). The gateway, unprivileged, writes the new image into slot B, arms a one-shot try-boot of B and asks for
 * a reboot with the request file the .deb's root unit acts on; the test does what that unit and the bootloader
 * would (the process ends, the bootloader boots B once) and starts the gateway again, which health-checks the trial
 * and commits it.
 */
class OtaImageSlotsIT {

    private static final Duration UPDATE = Duration.ofSeconds(300);

    @TempDir
    Path dir;

    @Test
    void theGatewayWritesTheOtherSlotAsksForARebootAndCommitsTheTrialAfterIt() throws Exception {
        try (OtaRepo repo = OtaRepo.create(dir)) {
            Path image = dir.resolve("pole-1.1.0.img");
            Files.writeString(image, "image 1.1.0\n".repeat(5000));
            repo.release(image, "images/pole-1.1.0.img", "image", "1.1.0");
            theImageIsTriedAndCommitted(repo, image);
        }
    }

    private void theImageIsTriedAndCommitted(OtaRepo repo, Path image) throws Exception {
        Path slots = dir.resolve("slots");
        String otaSection = repo.siteSection("  poll-interval: 1h\n  health-timeout: 2m\n  backend: slot-directory\n  slots: " + slots + "\n"
                + "  factory-version: 1.0.0\n");
        Path request = dir.resolve("state/ota").resolve(RebootRequest.FILE);

        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Instant deadline = Instant.now().plus(UPDATE);
            while (!Files.exists(request)) {
                if (Instant.now().isAfter(deadline) || !gw.isAlive()) {
                    throw new AssertionError("no reboot request within " + UPDATE + "; log:\n" + gw.logText());
                }
                Thread.sleep(100);
            }
            String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            assertEquals("reboot " + bootId + "\n", Files.readString(request));
            DirectoryBootControl boot = new DirectoryBootControl(slots);
            assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(boot.image(Slot.B)), "the image is in slot B");
            assertEquals(Slot.B, boot.pendingTryBoot(), "B is booted once at the next reboot");
            assertEquals(Slot.A, boot.committed());
            assertEquals("1.0.0", part(gw.status(), "ota").get("details") instanceof Map<?, ?> d ? d.get("running") : null,
                    "still the factory version until the reboot");
            gw.terminate(Duration.ofSeconds(60));
        }
        // what the root unit and the bootloader do: the request is consumed, the try-boot slot boots once
        Files.delete(request);
        assertEquals(Slot.B, new DirectoryBootControl(slots).powerCycle());

        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Map<String, Object> committed = gw.awaitStatus("1.1.0 committed after the trial boot",
                    s -> "committed".equals(lastUpdate(s, "state")), UPDATE);
            assertEquals("1.1.0", lastUpdate(committed, "version"));
            assertEquals("1.1.0", lastUpdate(committed, "running"));
            assertEquals(Slot.B, new DirectoryBootControl(slots).committed(), "B is the default slot now");
            assertFalse(Files.exists(request), "a commit needs no reboot");
        }
    }
}
