package io.streetgate.flash;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.flash.disk.TargetGuard;
import io.streetgate.flash.image.BlockMap;
import io.streetgate.flash.image.ImageMaps;
import io.streetgate.site.SiteFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code streetgate flash IMAGE DEVICE...}: writes a node image to one or more cards, verifies each by reading it
 * back, injects each card's node config and reports per card. Mounted by the launcher as a subcommand
 * ({@code new FlashCommand()}); exits 0 when every card succeeded, 1 when any failed or was refused, 2 on bad usage.
 */
@Command(name = "flash", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a node image to SD cards or eMMC modules: only the mapped blocks (bmap), verified by "
                + "reading back, with each node's config injected into the config partition.",
                "Several devices are flashed in parallel when they are different disks; a report ends the run."},
        footer = {"", "Examples:",
                "  streetgate flash node.img /dev/sdb --node pole-0042 --site pole-0042.yaml",
                "  streetgate flash node.img /dev/sdb /dev/sdc /dev/sdd --nodes street.csv --journal street.done "
                        + "--report round1.json",
                "", "Exit codes: 0 every card flashed and verified, 1 a card failed or was refused, 2 bad usage."})
public class FlashCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    static final int MAX_DEFAULT_PARALLEL = 6;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image file (raw, usually sparse).")
    Path image;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "DEVICE",
            description = "Whole disks (/dev/sdb, /dev/mmcblk0, /dev/disk/by-id/...), or files with --allow-file.")
    List<Path> devices;

    @Option(names = "--bmap", paramLabel = "FILE",
            description = "The image's block map (default: IMAGE.bmap or IMAGE's name with .bmap, if present).")
    Path bmap;

    @Option(names = "--no-bmap", description = "Ignore bmap files; map the image by its holes.")
    boolean noBmap;

    @Option(names = "--node", paramLabel = "ID", description = "Node id for a single device.")
    String node;

    @Option(names = "--site", paramLabel = "FILE", description = "Site file for --node ({{node}} becomes the id).")
    Path site;

    /** Refused with the reason: keys are made on the node ({@link NodeConfig#NO_IDENTITY}). */
    @Option(names = "--identity", paramLabel = "DIR", hidden = true)
    Path identity;

    @Option(names = "--nodes", paramLabel = "FILE",
            description = "Node table (CSV with header node,site[,device], or YAML): devices without a "
                    + "device column get the next nodes not yet in the journal.")
    Path nodes;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Appends each flashed node; nodes already in it are skipped (flash a street in rounds).")
    Path journal;

    @Option(names = "--config-label", paramLabel = "LABEL", defaultValue = "SGCONFIG",
            description = "Volume label of the FAT config partition (default: ${DEFAULT-VALUE}).")
    String configLabel;

    @Option(names = "--no-verify", description = "Do not read the cards back (faster, not recommended).")
    boolean noVerify;

    @Option(names = "--allow-file", description = "Allow plain files (existing or new) as targets: image copies.")
    boolean allowFile;

    @Option(names = "--allow-fixed-disk",
            description = "Allow a disk that is not removable, not on USB and not an SD/MMC slot.")
    boolean allowFixedDisk;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "0",
            description = "Cards written at once (default: one per disk, at most 6).")
    int parallel;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path report;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--progress", negatable = true,
            description = "Show progress (default: on a terminal only).")
    Boolean progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final TargetGuard guard;
    private final Clock clock;

    public FlashCommand() {
        this(TargetGuard.system(), Clock.systemUTC());
    }

    FlashCommand(TargetGuard guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant started = clock.instant();
        long t0 = System.nanoTime();

        BlockMap map;
        List<NodeConfig> assigned;
        List<Map<String, byte[]>> files = new ArrayList<>();
        try {
            assigned = assign();
            map = ImageMaps.forImage(image, bmap, noBmap);
            for (NodeConfig n : assigned) {
                files.add(n == null ? null : n.files(image.getFileName().toString(), started.toString()));
            }
        } catch (IllegalArgumentException e) {
            err.println("flash: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("flash: " + e.getMessage());
            return FAILED;
        }

        // refuse before writing anything; refused devices are reported, the others still flash
        List<CardResult> results = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            results.add(null);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        List<TargetGuard.Target> targets = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < devices.size(); i++) {
            Path d = devices.get(i);
            targets.add(null);
            try {
                if (!seen.add(d.toAbsolutePath().normalize())) {
                    throw new TargetGuard.Refused(d + " is named twice");
                }
                TargetGuard.Target t = guard.check(d, image, map.imageSize(), allowFile, allowFixedDisk);
                targets.set(i, t);
                groups.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(i);
            } catch (IOException e) {
                NodeConfig n = assigned.get(i);
                results.set(i, new CardResult(d.toString(), n == null ? null : n.node(), false, 0, 0, "not run", 0,
                        "not run", List.of(), List.of("refused: " + e.getMessage())));
            }
        }

        List<Progress> progresses = new ArrayList<>();
        for (Path d : devices) {
            progresses.add(new Progress(d.getFileName().toString()));
        }
        boolean showProgress = progress != null ? progress : System.console() != null;
        CardFlasher flasher = new CardFlasher(clock);
        CardFlasher.Options options = new CardFlasher.Options(!noVerify, configLabel);
        // each card in flight holds 12 MiB of direct buffers: by default at most 6 at once, within the launcher's
        // direct memory limit (its -Xmx)
        int threads = Math.max(1, Math.min(groups.size(), parallel > 0 ? parallel : MAX_DEFAULT_PARALLEL));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "flash-card");
            t.setDaemon(true);
            return t;
        });
        try (ProgressPrinter printer = showProgress && !groups.isEmpty() ? new ProgressPrinter(err, progresses) : null) {
            List<Future<?>> running = new ArrayList<>();
            for (List<Integer> group : groups.values()) {
                running.add(pool.submit(() -> {
                    for (int i : group) { // one disk: its targets one after the other
                        CardResult r = flasher.flash(image, map, targets.get(i), assigned.get(i), files.get(i), options,
                                progresses.get(i));
                        results.set(i, r);
                        if (r.ok() && journal != null && r.node() != null) {
                            appendJournal(r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (Exception e) {
                    err.println("flash: " + e);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Report rep = new Report(image, map, started, clock.instant(), (System.nanoTime() - t0) / 1e9, results);
        if (json) {
            out.println(rep.json());
        } else {
            out.print(rep.text());
        }
        out.flush();
        if (report != null) {
            try {
                Files.writeString(report, rep.json() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("flash: cannot write the report to " + report + ": " + e.getMessage());
                return FAILED;
            }
        }
        return rep.allOk() ? OK : FAILED;
    }

    /** The node config of each device (null entries: no config), in device order, every site file checked. */
    List<NodeConfig> assign() throws IOException {
        List<NodeConfig> out = new ArrayList<>();
        if (identity != null) {
            throw new IllegalArgumentException("--identity " + identity + ": " + NodeConfig.NO_IDENTITY
                    .replace("remove the identity column", "leave --identity out"));
        }
        if (nodes != null && (node != null || site != null)) {
            throw new IllegalArgumentException("--nodes and --node/--site exclude each other");
        }
        if (nodes == null) {
            if (node == null && site == null) {
                devices.forEach(d -> out.add(null));
                return out;
            }
            if (node == null || site == null) {
                throw new IllegalArgumentException("--node and --site go together");
            }
            if (devices.size() != 1) {
                throw new IllegalArgumentException("--node names one node but " + devices.size() + " devices are given;"
                        + " use --nodes FILE for a batch");
            }
            if (!SiteFile.ID.matcher(node).matches()) {
                throw new IllegalArgumentException("--node '" + node + "' is not a node id the gateway accepts; "
                        + SiteFile.ID_RULE);
            }
            if (!Files.isRegularFile(site)) {
                throw new IllegalArgumentException("site file " + site + " does not exist");
            }
            out.add(new NodeConfig(node, site));
            NodeConfig.checkAll(out, DeviceCatalog.installed());
            return out;
        }
        List<NodeTable.Row> rows = NodeTable.read(nodes);
        Set<String> done = journalNodes();
        Map<String, NodeTable.Row> byDevice = new LinkedHashMap<>();
        List<NodeTable.Row> pending = new ArrayList<>();
        List<NodeConfig> toCheck = new ArrayList<>();
        for (NodeTable.Row r : rows) {
            if (r.device() != null) {
                byDevice.put(Path.of(r.device()).toAbsolutePath().normalize().toString(), r);
            } else if (!done.contains(r.node())) {
                pending.add(r);
            }
            if (r.device() != null || !done.contains(r.node())) {
                toCheck.add(new NodeConfig(r.node(), r.site()));
            }
        }
        // every node still to flash, not only this round's: a table is fixed once, before the first card
        NodeConfig.checkAll(toCheck, DeviceCatalog.installed());
        int next = 0;
        for (Path d : devices) {
            NodeTable.Row r = byDevice.get(d.toAbsolutePath().normalize().toString());
            if (r == null) {
                if (next >= pending.size()) {
                    throw new IllegalArgumentException(devices.size() + " devices but only " + pending.size() + " nodes "
                            + "of " + nodes + " are left to flash (" + done.size() + " done in the journal)");
                }
                r = pending.get(next++);
            }
            out.add(new NodeConfig(r.node(), r.site()));
        }
        return out;
    }

    private Set<String> journalNodes() throws IOException {
        Set<String> out = new HashSet<>();
        if (journal == null || !Files.exists(journal)) {
            return out;
        }
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            // a line cut short by a crash names no node: that card is flashed again
            Json.read(line).map(entry -> entry.get("node")).filter(String.class::isInstance)
                    .ifPresent(node -> out.add((String) node));
        }
        return out;
    }

    private synchronized void appendJournal(CardResult r) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("node", r.node());
        entry.put("device", r.device());
        entry.put("image", image.getFileName().toString());
        entry.put("at", clock.instant().toString());
        String line = Json.line(entry);
        try {
            Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            spec.commandLine().getErr().println("flash: cannot append to the journal " + journal + ": " + e.getMessage());
        }
    }

    /** Runs the command on its own (outside the launcher). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FlashCommand()).execute(args));
    }
}
