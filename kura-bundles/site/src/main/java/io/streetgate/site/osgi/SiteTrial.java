package io.streetgate.site.osgi;

import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.site.SiteFile;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A site file applied on trial, the one definition the console's site file page and the OTA agent's site-file
 * targets share: the file it replaces is kept as the last good one, the new text is written, and the gateway
 * is healthy on it within the trial's bound or the last good file goes back.
 *
 * <p>The trial's record ({@value #RECORD}) lies beside the site file, so it is also the lock: while one trial
 * is on, whoever owns it, another is refused with who owns it and until when. The owner ({@code console:ana},
 * {@code ota:spring-2030}) finishes its own trial after a restart.
 *
 * <p>A trial's time is measured on the monotonic clock ({@code System.nanoTime}): time sync may step the wall
 * clock by hours after a cold boot, which must neither end a trial at once (rolling a good file back) nor
 * stretch it. The wall-clock times are kept for the record, the page and a trial resumed after a restart (the
 * monotonic clock does not survive one; {@link #again} gives such a trial a whole bound from then).
 */
public final class SiteTrial {

    /** The least time before a trial may pass: the gateway configures its parts asynchronously after a read. */
    public static final Duration SETTLE = Duration.ofSeconds(5);
    /** The trial's record and lock, beside the site file. */
    public static final String RECORD = "site-trial.json";
    /** The file a trial replaced, in the owner's own folder (owner-only: it may name credential files). */
    public static final String LAST_GOOD = "site-last-good.yaml";

    /** What a trial needs of the running gateway. */
    public interface Gateway {
        /** The site file the gateway runs on. */
        Path siteFile();

        /** A text checked exactly as the gateway reads its file ({@link CurrentSite#check}). */
        SiteFile.Result check(String text);

        /** Has the gateway read its file again ({@link CurrentSite#reload}). */
        void reload();

        /** Every part's health now. */
        List<ComponentStatus> parts();
    }

    /**
     * A trial under way: who started it, when, its bound, and the parts that were not ok before it.
     * {@code startedNanos} is the monotonic clock's reading at its start in this run; empty for a trial read
     * back from its record, which only {@link #again} makes judgeable.
     */
    public record Trial(String owner, Instant started, Instant until, Set<String> notOkBefore,
                        OptionalLong startedNanos) {
        public Trial {
            notOkBefore = Set.copyOf(notOkBefore);
        }

        /** A trial as its record gives it: wall-clock times only. */
        public Trial(String owner, Instant started, Instant until, Set<String> notOkBefore) {
            this(owner, started, until, notOkBefore, OptionalLong.empty());
        }

        /** How long it may last: its bound, fixed when it began. */
        public Duration bound() {
            return Duration.between(started, until);
        }
    }

    /** Another trial is on, or the files cannot be written: the running file is as it was. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final Gateway gateway;
    private final Path ownDir;
    private final Clock clock;
    private final LongSupplier nanos;
    private final Duration settle;

    /**
     * @param ownDir the owner's folder, where the last good file is kept
     * @param settle {@link #SETTLE}, shorter in tests
     */
    public SiteTrial(Gateway gateway, Path ownDir, Clock clock, Duration settle) {
        this(gateway, ownDir, clock, System::nanoTime, settle);
    }

    /**
     * @param clock the wall clock, for the record and the page only
     * @param nanos the monotonic clock the trial's time is measured on ({@code System::nanoTime}; a test's own)
     */
    public SiteTrial(Gateway gateway, Path ownDir, Clock clock, LongSupplier nanos, Duration settle) {
        this.gateway = gateway;
        this.ownDir = ownDir;
        this.clock = clock;
        this.nanos = nanos;
        this.settle = settle;
    }

    /** A gateway as the framework's services give it. */
    public static Gateway of(CurrentSite site, Supplier<List<ComponentStatus>> parts) {
        return gateway(site::file, site::check, site::reload, parts);
    }

    /** A gateway of these parts (the console's view of the gateway, a test's files). */
    public static Gateway gateway(Supplier<Path> siteFile, Function<String, SiteFile.Result> check, Runnable reload,
                                  Supplier<List<ComponentStatus>> parts) {
        return new Gateway() {
            @Override
            public Path siteFile() {
                return siteFile.get();
            }

            @Override
            public SiteFile.Result check(String text) {
                return check.apply(text);
            }

            @Override
            public void reload() {
                reload.run();
            }

            @Override
            public List<ComponentStatus> parts() {
                return parts.get();
            }
        };
    }

    public Path recordFile() {
        return gateway.siteFile().toAbsolutePath().resolveSibling(RECORD);
    }

    public Path lastGoodFile() {
        return ownDir.resolve(LAST_GOOD);
    }

    /**
     * The trial under way, whoever owns it.
     *
     * @throws IOException when its record cannot be read: the caller puts the last good file back
     */
    public Optional<Trial> current() throws IOException {
        Path file = recordFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            String names = p.getProperty("not_ok_before", "");
            return Optional.of(new Trial(p.getProperty("owner", "unknown"), Instant.parse(p.getProperty("started")),
                    Instant.parse(p.getProperty("until")), names.isEmpty() ? Set.of()
                    : new TreeSet<>(Arrays.asList(names.split(",")))));
        } catch (RuntimeException e) {
            throw new IOException("the trial's record " + file + " is unreadable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Puts {@code text} (valid: the caller checked it) in place of the running file, on trial for {@code bound}
     * from now. The gateway has not read it yet: the caller has it read ({@link #reload}) when it suits.
     *
     * @throws Refused while another trial is on (saying whose, until when), or when a file cannot be written
     */
    public Trial begin(String owner, String text, Duration bound) throws Refused {
        Path file = gateway.siteFile();
        Set<String> notOkBefore = new TreeSet<>();
        for (ComponentStatus part : gateway.parts()) {
            if (part.health().state() != HealthState.OK) {
                notOkBefore.add(part.name());
            }
        }
        Instant now = clock.instant();
        Trial trial = new Trial(owner, now, now.plus(bound), notOkBefore, OptionalLong.of(nanos.getAsLong()));
        try {
            // the record is created, never overwritten: of two applies at once, one gets it
            Files.writeString(recordFile(), format(trial), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            String whose;
            try {
                whose = current().map(t -> "the apply by " + t.owner() + " is on trial until " + t.until())
                        .orElse("another apply has just ended");
            } catch (IOException unreadable) {
                whose = "another apply is on trial (" + unreadable.getMessage() + ")";
            }
            throw new Refused(whose + "; wait for its outcome");
        } catch (IOException e) {
            throw new Refused("cannot write " + recordFile() + " (" + e.getMessage() + "); the gateway runs on the file "
                    + "as it was. Give the gateway's user write access to " + file.toAbsolutePath().getParent());
        }
        try {
            writeOwnerOnly(lastGoodFile(), Files.readString(file, StandardCharsets.UTF_8));
            replace(file, text);
        } catch (IOException e) {
            deleteRecord();
            throw new Refused("cannot write " + file + " (" + e.getMessage() + "); the gateway runs on the file as it "
                    + "was. Give the gateway's user write access to it, or edit it on the node");
        }
        return trial;
    }

    /** The same trial again, {@code bound} from now: after a restart (a power cut) the parts need the time. */
    public Trial again(Trial trial, Duration bound) {
        Instant now = clock.instant();
        Trial renewed = new Trial(trial.owner(), now, now.plus(bound), trial.notOkBefore(),
                OptionalLong.of(nanos.getAsLong()));
        try {
            replace(recordFile(), format(renewed));
        } catch (IOException e) {
            // the record on disk keeps the old times: a later restart gives a whole trial again anyway
        }
        return renewed;
    }

    /** What keeps the gateway from being healthy on the file on trial now (see {@link #trialProblems}). */
    public List<String> problems(Trial trial) {
        List<String> sensors = gateway.check(read(gateway.siteFile())).config()
                .map(c -> c.sensors().stream().map(DeviceConfig::id).toList()).orElse(List.of());
        return trialProblems(trial.notOkBefore(), sensors, gateway.parts());
    }

    /** True when the trial may pass: no problems, and the gateway has had its time to configure its parts. */
    public boolean passes(Trial trial, List<String> problems) {
        return problems.isEmpty() && elapsed(trial).compareTo(settle) >= 0;
    }

    /** True when the trial's time is up: its bound has passed on the monotonic clock, whatever the wall clock did. */
    public boolean over(Trial trial) {
        return elapsed(trial).compareTo(trial.bound()) >= 0;
    }

    /**
     * How long the trial has been on in this run, on the monotonic clock. A trial read back from its record
     * and not renewed ({@link #again}) has no monotonic start: its wall-clock start is all there is.
     */
    public Duration elapsed(Trial trial) {
        if (trial.startedNanos().isPresent()) {
            return Duration.ofNanos(nanos.getAsLong() - trial.startedNanos().getAsLong());
        }
        return Duration.between(trial.started(), clock.instant());
    }

    /** The file on trial is kept: the trial ends. */
    public void pass() {
        deleteRecord();
    }

    /**
     * Puts the last good file back, ends the trial and has the gateway read the file again.
     *
     * @return what happened, for the page, the audit and the report
     */
    public String rollBack(List<String> problems, Duration bound) {
        Path file = gateway.siteFile();
        String why = "not healthy within " + bound.toSeconds() + " s (" + String.join("; ", problems) + ")";
        String detail = why + "; the last good file is back";
        boolean restored = false;
        try {
            replace(file, Files.readString(lastGoodFile(), StandardCharsets.UTF_8));
            restored = true;
        } catch (IOException | RuntimeException e) {
            detail = why + " and the last good file " + lastGoodFile() + " could not be put back: " + e.getMessage()
                    + "; copy it over " + file + " on the node";
        }
        // the trial is over before the gateway reads the file: an owner restarted by it has nothing to finish
        deleteRecord();
        if (restored) {
            gateway.reload();
        }
        return detail;
    }

    /** Has the gateway read its file again. */
    public void reload() {
        gateway.reload();
    }

    /**
     * What keeps the gateway from being healthy on an applied file: a part that was ok before the apply (or is
     * new) and is not ok now, or a sensor of the file that has not started or not read yet. Parts that were
     * not ok before are left out: a sensor unplugged before the apply is not the new file's doing.
     */
    public static List<String> trialProblems(Set<String> notOkBefore, List<String> sensors,
                                             List<ComponentStatus> parts) {
        Map<String, ComponentStatus> byName = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ComponentStatus part : parts) {
            byName.put(part.name(), part);
            if (part.health().state() != HealthState.OK && !notOkBefore.contains(part.name())) {
                problems.add(part.name() + " " + part.health().state().name().toLowerCase() + ": "
                        + part.health().reason());
            }
        }
        for (String sensor : sensors) {
            String name = "sensor/" + sensor;
            ComponentStatus part = byName.get(name);
            if (part == null) {
                problems.add(name + " has not started");
            } else if (!notOkBefore.contains(name) && part.health().state() == HealthState.OK
                    && part.details().get("good_reads") instanceof Number n && n.longValue() == 0) {
                problems.add(name + " has not read yet");
            }
        }
        return problems;
    }

    private void deleteRecord() {
        try {
            Files.deleteIfExists(recordFile());
        } catch (IOException e) {
            // left behind, it refuses the next apply with its owner's name: that says where to look
        }
    }

    private static String format(Trial trial) {
        Properties p = new Properties();
        p.setProperty("owner", trial.owner());
        p.setProperty("started", trial.started().toString());
        p.setProperty("until", trial.until().toString());
        p.setProperty("not_ok_before", String.join(",", new TreeSet<>(trial.notOkBefore())));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "a site file on trial (SiteTrial); the last good file is back unless the gateway is healthy");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Replaces a file in one step (a reader sees the old or the new text), keeping its permissions. */
    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".trial.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to keep
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last good file may name credential files; the owner's copies are owner-only. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
