package io.streetgate.console;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The site file page: the file the gateway runs on, a text checked exactly as the gateway reads its file, and
 * an apply on trial. An apply keeps the file it replaces as the last good one ({@code site-last-good.yaml} in
 * the console's folder), writes the new text, has the gateway read its file again and watches the parts'
 * health; when the gateway is not healthy within the trial's bound the last good file goes back, the gateway
 * reads it again, and the page and the audit say so. The trial is written down ({@code site-trial.json}) so
 * that a console restarted meanwhile (the new file changed its own section) or a restarted gateway finishes it.
 */
public final class SiteFileEditor implements AutoCloseable {

    /**
     * How long an applied file has to make the gateway healthy. A sensor reads once when it starts; a minute
     * leaves room for a bus's back-off on a loaded Pi without leaving a broken pole broken for long.
     */
    public static final Duration TRIAL = Duration.ofSeconds(60);
    /** The least time before a trial may pass: the gateway configures its parts asynchronously after a read. */
    public static final Duration SETTLE = Duration.ofSeconds(5);
    /** The most text the page may send: a site file is a few kilobytes (the gateway reads at most 1 MiB). */
    static final int MAX_TEXT = 256 * 1024;
    static final String LAST_GOOD = "site-last-good.yaml";
    static final String TRIAL_FILE = "site-trial.json";
    private static final Logger LOG = LoggerFactory.getLogger(SiteFileEditor.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final GatewayView gateway;
    private final Path dir;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sg-console-site-trial");
        t.setDaemon(true);
        return t;
    });
    private final Duration trial;
    private final Duration settle;
    private Map<String, Object> outcome = Map.of("state", "none");
    private ScheduledFuture<?> watch;

    /**
     * @param dir   the console's folder, where the last good file and the trial's record are kept
     * @param trial how long an applied file has to make the gateway healthy ({@link #TRIAL})
     */
    public SiteFileEditor(GatewayView gateway, Path dir, ConsoleAudit audit, Clock clock, Duration trial, Duration settle) {
        this.gateway = gateway;
        this.dir = dir;
        this.audit = audit;
        this.clock = clock;
        this.trial = trial;
        this.settle = settle;
        resume();
    }

    /** The file as it runs, its problems, and the last apply's state. */
    synchronized Map<String, Object> view() {
        String text = read(gateway.siteFile());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", gateway.siteFile().toString());
        m.put("text", text);
        m.putAll(check(text));
        m.put("apply", outcome);
        return m;
    }

    /** The text's problems as {@code streetgate config validate} prints them, each with its line and key. */
    Map<String, Object> check(String text) {
        SiteFile.Result result = gateway.checkSite(bounded(text));
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Problem p : result.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.line());
            m.put("key", p.path());
            m.put("value", p.value());
            m.put("message", p.message());
            m.put("text", p.toString());
            problems.add(m);
        }
        return Map.of("valid", result.isValid(), "problems", problems);
    }

    /** Writes a valid text as the site file on trial; refused while another apply is on trial. */
    synchronized Map<String, Object> apply(String text, String account) {
        if (watch != null) {
            throw new Http.Refusal(409, "the apply by " + outcome.get("account") + " is on trial until "
                    + outcome.get("until") + "; wait for its outcome");
        }
        Path file = gateway.siteFile();
        String current = read(file);
        if (current.equals(text)) {
            throw new Http.Refusal(409, "the text is the file the gateway runs on; change something first");
        }
        SiteFile.Result result = gateway.checkSite(bounded(text));
        if (!result.isValid()) {
            audit.record(account, "site.apply", file.getFileName().toString(), "refused",
                    result.problems().size() + " problem(s), the first: " + result.problems().get(0));
            throw new Http.Refusal(422, "the text has " + result.problems().size() + " problem(s); mend them "
                    + "first: " + result.problems().get(0));
        }
        Set<String> notOkBefore = new TreeSet<>();
        for (ComponentStatus part : gateway.parts()) {
            if (part.health().state() != HealthState.OK) {
                notOkBefore.add(part.name());
            }
        }
        Instant until = clock.instant().plus(trial);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("account", account);
        record.put("started", clock.instant().toString());
        record.put("until", until.toString());
        record.put("not_ok_before", List.copyOf(notOkBefore));
        try {
            writeOwnerOnly(dir.resolve(LAST_GOOD), current);
            writeOwnerOnly(dir.resolve(TRIAL_FILE), JSON.std.asString(record));
            replace(file, text);
        } catch (IOException e) {
            throw new Http.Refusal(500, "cannot write " + file + " (" + e.getMessage() + "); the gateway runs on "
                    + "the file as it was. Give the gateway's user write access to it, or edit it on the node");
        }
        audit.record(account, "site.apply", file.getFileName().toString(), "trial", "on trial for "
                + trial.toSeconds() + " s; the last good file is " + dir.resolve(LAST_GOOD));
        LOG.info("Site file {} applied by console:{}; on trial until it is healthy, for {} s at most", file, account,
                trial.toSeconds());
        // read after this answer is on its way: a file that changes the console's own section restarts the
        // console, and the next one finishes the trial from its record
        timer.execute(this::reload);
        startWatch(record);
        return outcome;
    }

    @Override
    public void close() {
        // a trial still open stays in its record: the next console start finishes it. No interrupt: a reload
        // under way finishes, or the gateway would be left half configured
        timer.shutdown();
    }

    /**
     * What keeps the gateway from being healthy on an applied file: a part that was ok before the apply (or is
     * new) and is not ok now, or a sensor of the file that has not started or not read yet. Parts that were
     * not ok before are left out: a sensor unplugged before the apply is not the new file's doing.
     */
    static List<String> trialProblems(Set<String> notOkBefore, List<String> sensors, List<ComponentStatus> parts) {
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

    /** A trial the console was watching when it stopped goes on, with the time it had left. */
    private void resume() {
        Path file = dir.resolve(TRIAL_FILE);
        if (!Files.exists(file)) {
            return;
        }
        try {
            Map<String, Object> record = new LinkedHashMap<>(JSON.std.mapFrom(Files.readString(file,
                    StandardCharsets.UTF_8)));
            // a whole trial again from now: after a gateway restart (a power cut) its parts need the time to start
            Instant now = clock.instant();
            record.put("started", now.toString());
            record.put("until", now.plus(trial).toString());
            LOG.info("Site file apply by console:{} was on trial when the console stopped; on trial again for {} s",
                    record.get("account"), trial.toSeconds());
            startWatch(record);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Site file trial record {} cannot be read ({}); restoring the last good file", file,
                    e.getMessage());
            rollBack(Map.of("account", "console"), List.of("the trial's record was unreadable"));
        }
    }

    private void startWatch(Map<String, Object> record) {
        Instant started = Instant.parse(String.valueOf(record.get("started")));
        Instant until = Instant.parse(String.valueOf(record.get("until")));
        Set<String> notOkBefore = new TreeSet<>();
        if (record.get("not_ok_before") instanceof List<?> names) {
            names.forEach(n -> notOkBefore.add(String.valueOf(n)));
        }
        List<String> sensors = gateway.checkSite(read(gateway.siteFile())).config()
                .map(c -> c.sensors().stream().map(DeviceConfig::id).toList()).orElse(List.of());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("state", "trial");
        o.put("account", record.get("account"));
        o.put("started", started.toString());
        o.put("until", until.toString());
        o.put("detail", "on trial: the last good file comes back unless the gateway is healthy by "
                + until);
        outcome = o;
        watch = timer.scheduleWithFixedDelay(() -> judge(record, started, until, notOkBefore, sensors),
                POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void judge(Map<String, Object> record, Instant started, Instant until,
                                    Set<String> notOkBefore, List<String> sensors) {
        if (watch == null) {
            return;
        }
        Instant now = clock.instant();
        List<String> problems = trialProblems(notOkBefore, sensors, gateway.parts());
        if (problems.isEmpty() && !now.isBefore(started.plus(settle))) {
            long seconds = Duration.between(started, now).toSeconds();
            finish("applied", record, "healthy " + seconds + " s after the apply");
            audit.record(String.valueOf(record.get("account")), "site.apply", gateway.siteFile().getFileName()
                    .toString(), "done", "healthy " + seconds + " s after the apply");
            LOG.info("Site file {} is applied: the gateway is healthy on it", gateway.siteFile());
        } else if (!now.isBefore(until)) {
            rollBack(record, problems);
        }
    }

    private void rollBack(Map<String, Object> record, List<String> problems) {
        Path file = gateway.siteFile();
        String detail = "not healthy within " + trial.toSeconds() + " s (" + String.join("; ", problems)
                + "); the last good file is back";
        boolean restored = false;
        try {
            replace(file, read(dir.resolve(LAST_GOOD)));
            restored = true;
        } catch (IOException | RuntimeException e) {
            detail = "not healthy within " + trial.toSeconds() + " s (" + String.join("; ", problems)
                    + ") and the last good file " + dir.resolve(LAST_GOOD) + " could not be put back: "
                    + e.getMessage() + "; copy it over " + file + " on the node";
        }
        // the trial is over before the gateway reads the file: a console restarted by it has nothing to finish
        finish("rolled_back", record, detail);
        audit.record(String.valueOf(record.get("account")), "site.rollback", file.getFileName().toString(), "done",
                detail);
        LOG.warn("Site file {} applied by console:{} rolled back: {}", file, record.get("account"), detail);
        if (restored) {
            reload();
        }
    }

    private void reload() {
        try {
            gateway.reloadSite();
        } catch (RuntimeException e) {
            LOG.warn("The gateway could not read its site file again: {}", e.getMessage());
        }
    }

    private void finish(String state, Map<String, Object> record, String detail) {
        if (watch != null) {
            watch.cancel(false);
            watch = null;
        }
        try {
            Files.deleteIfExists(dir.resolve(TRIAL_FILE));
        } catch (IOException e) {
            LOG.warn("Site file trial record cannot be removed: {}", e.getMessage());
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("state", state);
        o.put("account", record.get("account"));
        o.put("at", clock.instant().toString());
        o.put("detail", detail);
        outcome = o;
    }

    private static String bounded(String text) {
        if (text.length() > MAX_TEXT) {
            throw new Http.Refusal(413, "the site file text is larger than " + MAX_TEXT / 1024 + " KiB; a site "
                    + "file is a few kilobytes");
        }
        return text;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Http.Refusal(500, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Replaces a file in one step (a reader sees the old or the new text), keeping its permissions. */
    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".console.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to keep
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last good file may name credential files; the console's own copies are owner-only. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
