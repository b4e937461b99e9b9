package io.streetgate.gateway.time;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.ThrottledLog;
import io.streetgate.gateway.api.secret.Secrets;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's {@link ClockCheck}: applies the {@link ClockRule} to the gateway time, reports the clock as the
 * health part {@code clock} (so {@code streetgate status} shows it), and saves the latest believed time to
 * {@code clock} in the state folder (owner-only, replaced atomically) every {@link #SAVE_EVERY} and at stop, so
 * that a board without a real-time clock knows after a cold boot that 1970 is wrong.
 * <p>
 * On a simulated street the clock is the simulation's: its start is the floor and nothing is saved, since a
 * simulated time in the state folder would hold a real run.
 */
@Component(immediate = true, service = ClockCheck.class)
public class ClockWatch implements ClockCheck {

    /** The health part's name. */
    public static final String HEALTH = "clock";
    /** The saved clock, in the state folder. */
    public static final String SAVED_FILE = "clock";
    /** systemd-timesyncd touches this file on each successful synchronisation (systemd-timesyncd.service(8)). */
    static final Path TIMESYNCD_SYNCHRONIZED = Path.of("/run/systemd/timesync/synchronized");
    static final Duration SAVE_EVERY = Duration.ofMinutes(10);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    private static final int SAVED_MAX_BYTES = 64;
    private static final Logger LOG = LoggerFactory.getLogger(ClockWatch.class);

    private final TimeBase time;
    private final HealthRegistry health;
    private final ClockRule rule;
    private final Path saved; // null: nothing is saved (a simulated street)
    private final Path syncFlag;
    private final ThrottledLog failures = new ThrottledLog(LOG);
    private final ScheduledExecutorService ticker;
    private volatile String syncedBy = "";
    private Boolean wasPlausible; // the ticker's: the last state it logged, and since when it holds
    private Instant since;
    private long lastSaveNanos = System.nanoTime();

    @Activate
    public ClockWatch(BundleContext context, @Reference TimeBase time, @Reference HealthRegistry health) {
        this(time, health, Boolean.parseBoolean(context.getProperty(GatewayTime.SIMULATE_PROPERTY)),
                Path.of(Optional.ofNullable(context.getProperty("streetgate.state.dir")).orElse(".")),
                builtAt(context.getBundle().getLocation()), TIMESYNCD_SYNCHRONIZED);
        ticker.scheduleWithFixedDelay(this::tick, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A watch that the caller ticks ({@link #tick()}); the component's constructor starts its own ticker.
     *
     * @param built    the distribution's build time
     * @param syncFlag the file whose presence says that time sync set the clock
     */
    ClockWatch(TimeBase time, HealthRegistry health, boolean simulated, Path stateDir, Instant built, Path syncFlag) {
        this.time = time;
        this.health = health;
        this.syncFlag = syncFlag;
        if (simulated) {
            this.rule = ClockRule.simulated(time.now(), ClockRule.BACKWARDS_TOLERANCE);
            this.saved = null;
        } else {
            this.saved = stateDir.resolve(SAVED_FILE);
            this.rule = new ClockRule(built, readSaved(saved), ClockRule.BACKWARDS_TOLERANCE);
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sg-clock");
            t.setDaemon(true);
            return t;
        });
        syncedBy = Files.exists(syncFlag) ? "systemd-timesyncd" : "";
    }

    @Override
    public State state() {
        return rule.observe(time.now(), syncedBy);
    }

    /** Looks at the sync flag, reports the state, and saves the clock when it is due. */
    void tick() {
        try {
            syncedBy = Files.exists(syncFlag) ? "systemd-timesyncd" : "";
            State s = state();
            if (wasPlausible == null || wasPlausible != s.plausible()) {
                since = s.now();
                if (s.plausible()) {
                    LOG.info("The clock is plausible: {} (floor {} from the {}{})", s.now(), s.floor(), s.floorFrom(),
                            s.syncedBy().isEmpty() ? "" : "; set by " + s.syncedBy());
                } else {
                    LOG.warn("The clock is not plausible: {}", s.reason());
                }
                wasPlausible = s.plausible();
            }
            report(s);
            if (System.nanoTime() - lastSaveNanos >= SAVE_EVERY.toNanos()) {
                save();
            }
            failures.recovered("The clock check works");
        } catch (Throwable e) { // whatever it is, the next tick comes: a scheduled task that throws is never run again
            failures.failed("The clock check failed", e);
        }
    }

    private void report(State s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", s.label());
        d.put("floor", s.floor().toString());
        d.put("floor_from", s.floorFrom());
        d.put("synced_by", s.syncedBy().isEmpty() ? "unknown" : s.syncedBy());
        // the line `streetgate status` shows for a healthy part
        d.put("summary", s.label() + "; floor " + s.floor() + " (" + s.floorFrom() + "); set by "
                + d.get("synced_by"));
        health.report(HEALTH, s.plausible() ? Health.ok(since) : Health.degraded(s.reason(), since), d);
    }

    /** Saves the latest believed time (none before the clock was first believed); the ticker and the stop race. */
    synchronized void save() {
        lastSaveNanos = System.nanoTime();
        Optional<Instant> latest = rule.latestBelieved();
        if (saved == null || latest.isEmpty()) {
            return;
        }
        try {
            Secrets.writeOwnerOnly(saved, latest.get() + "\n");
        } catch (IOException e) {
            failures.failed("The clock could not be saved to " + saved + " (is the state folder writable?)", e);
        }
    }

    /** The saved clock; a file that is not a time is named in a warning and ignored (the next save replaces it). */
    static Optional<Instant> readSaved(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = "";
        try {
            if (Files.size(file) > SAVED_MAX_BYTES) {
                throw new IOException("it is larger than " + SAVED_MAX_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return Optional.of(Instant.parse(text));
        } catch (IOException | DateTimeException e) {
            LOG.warn("The saved clock {} is not a time in UTC like 2026-12-07T12:00:00Z ('{}': {}); it is ignored "
                    + "and written again at the next save", file, text.replaceAll("[^\\x20-\\x7e]", "?"),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** The build time the distribution's files carry: the modification time of the gateway bundle's jar. */
    static Instant builtAt(String bundleLocation) {
        try {
            return Files.getLastModifiedTime(Path.of(URI.create(bundleLocation))).toInstant();
        } catch (IOException | RuntimeException e) {
            LOG.warn("The build time of the distribution is unknown ({}: {}); the clock's floor is the saved clock "
                    + "alone", bundleLocation, e.toString());
            return Instant.EPOCH;
        }
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        save();
        health.remove(HEALTH);
    }
}
