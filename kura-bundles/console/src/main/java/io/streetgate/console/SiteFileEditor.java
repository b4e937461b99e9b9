package io.streetgate.console;

import io.streetgate.site.Problem;
import io.streetgate.site.SiteFile;
import io.streetgate.site.osgi.SiteTrial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The site file page: the file the gateway runs on, a text checked exactly as the gateway reads its file, and
 * an apply on trial ({@link SiteTrial}, the same trial the OTA agent runs for a site-file target). An apply keeps
 * the file it replaces as the last good one ({@code site-last-good.yaml} in the console's folder), writes the new
 * text, has the gateway read its file again and watches the parts' health; when the gateway is not healthy
 * within the trial's bound the last good file goes back, the gateway reads it again, and the page and the audit
 * say so. The trial's record ({@code site-trial.json} beside the site file) lets a console restarted meanwhile
 * (the new file changed its own section) or a restarted gateway finish it, and refuses an apply while another
 * trial, the console's or the OTA agent's, is on.
 */
public final class SiteFileEditor implements AutoCloseable {

    /**
     * How long an applied file has to make the gateway healthy. A sensor reads once when it starts; a minute
     * leaves room for a bus's back-off on a loaded Pi without leaving a broken pole broken for long.
     */
    public static final Duration TRIAL = Duration.ofSeconds(60);
    /** The least time before a trial may pass: the gateway configures its parts asynchronously after a read. */
    public static final Duration SETTLE = SiteTrial.SETTLE;
    /** The most text the page may send: a site file is a few kilobytes (the gateway reads at most 1 MiB). */
    static final int MAX_TEXT = 256 * 1024;
    /** A console's trials are owned as {@code console:<account>}. */
    private static final String OWNER = "console:";
    private static final Logger LOG = LoggerFactory.getLogger(SiteFileEditor.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final GatewayView gateway;
    private final SiteTrial trials;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sg-console-site-trial");
        t.setDaemon(true);
        return t;
    });
    private final Duration trial;
    private Map<String, Object> outcome = Map.of("state", "none");
    private ScheduledFuture<?> watch;

    /**
     * @param dir   the console's folder, where the last good file is kept
     * @param trial how long an applied file has to make the gateway healthy ({@link #TRIAL})
     */
    public SiteFileEditor(GatewayView gateway, Path dir, ConsoleAudit audit, Clock clock, Duration trial, Duration settle) {
        this(gateway, dir, audit, clock, System::nanoTime, trial, settle);
    }

    /**
     * @param clock the wall clock, for the page, the audit and the trial's record
     * @param nanos the monotonic clock a trial's time is measured on, so that time sync stepping the wall clock
     *              neither rolls a good file back at once nor stretches a trial ({@link SiteTrial})
     */
    SiteFileEditor(GatewayView gateway, Path dir, ConsoleAudit audit, Clock clock, LongSupplier nanos, Duration trial,
                   Duration settle) {
        this.gateway = gateway;
        this.audit = audit;
        this.clock = clock;
        this.trial = trial;
        this.trials = new SiteTrial(SiteTrial.gateway(gateway::siteFile, gateway::checkSite, gateway::reloadSite,
                gateway::parts), dir, clock, nanos, settle);
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

    /** Writes a valid text as the site file on trial; refused while another apply (or an OTA one) is on trial. */
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
        SiteTrial.Trial on;
        try {
            on = trials.begin(OWNER + account, text, trial);
        } catch (SiteTrial.Refused e) {
            boolean busy = !e.getMessage().startsWith("cannot write");
            throw new Http.Refusal(busy ? 409 : 500, e.getMessage());
        }
        audit.record(account, "site.apply", file.getFileName().toString(), "trial", "on trial for "
                + trial.toSeconds() + " s; the last good file is " + trials.lastGoodFile());
        LOG.info("Site file {} applied by console:{}; on trial until it is healthy, for {} s at most", file, account,
                trial.toSeconds());
        // read after this answer is on its way: a file that changes the console's own section restarts the
        // console, and the next one finishes the trial from its record
        timer.execute(this::reload);
        startWatch(on);
        return outcome;
    }

    @Override
    public void close() {
        // a trial still open stays in its record: the next console start finishes it. No interrupt: a reload
        // under way finishes, or the gateway would be left half configured
        timer.shutdown();
    }

    /** A trial the console was watching when it stopped goes on, with a whole trial's time again. */
    private void resume() {
        try {
            SiteTrial.Trial on = trials.current().orElse(null);
            if (on == null || !on.owner().startsWith(OWNER)) {
                return; // none, or the OTA agent's: it finishes its own
            }
            // a whole trial again from now: after a gateway restart (a power cut) its parts need the time to start
            LOG.info("Site file apply by {} was on trial when the console stopped; on trial again for {} s",
                    on.owner(), trial.toSeconds());
            startWatch(trials.again(on, trial));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Site file trial record cannot be read ({}); restoring the last good file", e.getMessage());
            rollBack("console", List.of("the trial's record was unreadable"));
        }
    }

    private void startWatch(SiteTrial.Trial on) {
        String account = on.owner().substring(Math.min(on.owner().length(), OWNER.length()));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("state", "trial");
        o.put("account", account);
        o.put("started", on.started().toString());
        o.put("until", on.until().toString());
        o.put("detail", "on trial: the last good file comes back unless the gateway is healthy by " + on.until());
        outcome = o;
        watch = timer.scheduleWithFixedDelay(() -> judge(on, account), POLL.toMillis(), POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void judge(SiteTrial.Trial on, String account) {
        if (watch == null) {
            return;
        }
        List<String> problems = trials.problems(on);
        if (trials.passes(on, problems)) {
            long seconds = trials.elapsed(on).toSeconds();
            trials.pass();
            finish("applied", account, "healthy " + seconds + " s after the apply");
            audit.record(account, "site.apply", gateway.siteFile().getFileName().toString(), "done",
                    "healthy " + seconds + " s after the apply");
            LOG.info("Site file {} is applied: the gateway is healthy on it", gateway.siteFile());
        } else if (trials.over(on)) {
            rollBack(account, problems);
        }
    }

    private void rollBack(String account, List<String> problems) {
        Path file = gateway.siteFile();
        // the page and audit say so before the gateway reads the file: it may restart the console
        String detail;
        try {
            detail = trials.rollBack(problems, trial);
        } finally {
            cancelWatch();
        }
        finish("rolled_back", account, detail);
        audit.record(account, "site.rollback", file.getFileName().toString(), "done", detail);
        LOG.warn("Site file {} applied by console:{} rolled back: {}", file, account, detail);
    }

    private void reload() {
        try {
            trials.reload();
        } catch (RuntimeException e) {
            LOG.warn("The gateway could not read its site file again: {}", e.getMessage());
        }
    }

    private void cancelWatch() {
        if (watch != null) {
            watch.cancel(false);
            watch = null;
        }
    }

    private void finish(String state, String account, String detail) {
        cancelWatch();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("state", state);
        o.put("account", account);
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
}
