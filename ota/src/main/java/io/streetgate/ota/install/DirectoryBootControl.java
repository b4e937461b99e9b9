package io.streetgate.ota.install;

import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A slot pair in a folder with a simulated bootloader, so the whole A/B flow runs in tests:
 * {@code ROOT/slot-A/image}, {@code ROOT/slot-B/image} and {@code ROOT/bootloader.json}
 * ({@code committed}, one-shot {@code tryboot}, {@code booted}). {@link #powerCycle()} is the bootloader: it boots
 * the try-boot slot once if one is pending, else the committed slot — the Raspberry Pi tryboot rule.
 */
public final class DirectoryBootControl implements BootControl {
    private final Path root;
    private volatile boolean rebootRequested;

    public DirectoryBootControl(Path root) throws InstallException {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("slot-A"));
            Files.createDirectories(root.resolve("slot-B"));
            if (!Files.exists(state())) {
                save(Slot.A, null, Slot.A);
            }
        } catch (IOException e) {
            throw new InstallException("cannot set up the slot pair in " + root + ": " + e.getMessage(), e);
        }
    }

    private Path state() {
        return root.resolve("bootloader.json");
    }

    public Path image(Slot s) {
        return root.resolve("slot-" + s).resolve("image");
    }

    private Map<String, Object> load() throws InstallException {
        try {
            return Json.parseObject(Files.readAllBytes(state()), state().toString());
        } catch (IOException e) {
            throw new InstallException("cannot read " + state() + ": " + e.getMessage(), e);
        }
    }

    private void save(Slot committed, Slot tryboot, Slot booted) throws InstallException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("committed", committed.name());
        m.put("tryboot", tryboot == null ? null : tryboot.name());
        m.put("booted", booted.name());
        try {
            AtomicFiles.write(state(), CanonicalJson.pretty(m));
        } catch (IOException e) {
            throw new InstallException("cannot write " + state() + ": " + e.getMessage(), e);
        }
    }

    private Slot slot(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? null : Slot.valueOf((String) v);
    }

    @Override
    public Slot booted() throws InstallException {
        return slot(load(), "booted");
    }

    @Override
    public Slot committed() throws InstallException {
        return slot(load(), "committed");
    }

    public Slot pendingTryBoot() throws InstallException {
        return slot(load(), "tryboot");
    }

    @Override
    public void writeSlot(Slot slot, Path image, InstallProgress progress) throws InstallException {
        if (slot == booted()) {
            throw new InstallException("refusing to write the booted slot " + slot);
        }
        SlotImages.write(image, image(slot), progress);
    }

    @Override
    public void tryBoot(Slot slot) throws InstallException {
        Map<String, Object> m = load();
        save(slot(m, "committed"), slot, slot(m, "booted"));
        rebootRequested = true;
    }

    @Override
    public void commit(Slot slot) throws InstallException {
        Map<String, Object> m = load();
        save(slot, null, slot(m, "booted"));
    }

    @Override
    public void rebootToCommitted() throws InstallException {
        Map<String, Object> m = load();
        save(slot(m, "committed"), null, slot(m, "booted"));
        rebootRequested = true;
    }

    public boolean rebootRequested() {
        return rebootRequested;
    }

    /** The simulated bootloader: a power cycle or reboot. Returns the slot it boots. */
    public Slot powerCycle() throws InstallException {
        Map<String, Object> m = load();
        Slot committed = slot(m, "committed");
        Slot tryboot = slot(m, "tryboot");
        Slot booted = tryboot != null ? tryboot : committed;
        save(committed, null, booted);
        rebootRequested = false;
        return booted;
    }
}
