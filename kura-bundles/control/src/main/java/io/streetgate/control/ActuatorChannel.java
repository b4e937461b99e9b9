package io.streetgate.control;

import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.Setting;
import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One actuator as the control loop drives it: its driver, the setting it should have and the level it was
 * last given, and its health. A level is written when it changes, and again every minute (a controller that
 * restarted gets it back); a failing output is retried with back-off (1 s doubling to 5 min) and is faulty
 * after three failures in a row. Used from the control loop's thread only.
 */
final class ActuatorChannel {

    private static final Duration REFRESH = Duration.ofMinutes(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int FAULTY_AFTER = 3;

    private final DeviceConfig device;
    private final String role;
    private final boolean switching;
    private final ActuatorDriver driver;
    private final String unusable;
    private boolean initialised;
    private int failures;
    private long applyFailures;
    private String lastError = "";
    private Instant retryAt = Instant.MIN;
    private Instant lastWrite = Instant.MIN;
    private Setting setting;
    private double applied = Double.NaN;
    private Instant since;

    /**
     * @param driver   its driver, or null when none could be made ({@code unusable} says why)
     * @param role     lamp, heating, cooling, ventilation or output
     * @param switching an on/off output: levels are written as 0 or 1
     */
    ActuatorChannel(DeviceConfig device, String role, boolean switching, ActuatorDriver driver, String unusable,
                    Instant now) {
        this.device = device;
        this.role = role;
        this.switching = switching;
        this.driver = driver;
        this.unusable = unusable;
        this.since = now;
    }

    String id() {
        return device.id();
    }

    String role() {
        return role;
    }

    boolean switching() {
        return switching;
    }

    /** The setting it should have now; null before the first. */
    Setting setting() {
        return setting;
    }

    /** The level last written to the output; NaN when none was. */
    double applied() {
        return applied;
    }

    Instant since() {
        return since;
    }

    /** Whether its driver works (it was made, and the last write did not fail). */
    boolean usable() {
        return driver != null && failures == 0;
    }

    String problem() {
        return driver == null ? unusable : lastError;
    }

    /**
     * Gives the output its setting.
     *
     * @return true when the output has that level now
     */
    boolean apply(Setting wanted, Instant now) {
        double level = switching ? (wanted.level() >= 0.5 ? 1 : 0) : wanted.level();
        Setting s = new Setting(level, wanted.reason(), wanted.detail());
        if (setting == null || setting.level() != s.level() || setting.reason() != s.reason()) {
            since = now;
        }
        setting = s;
        if (driver == null) {
            return false;
        }
        boolean due = applied != level || !now.isBefore(lastWrite.plus(REFRESH));
        if (!due) {
            return true;
        }
        if (now.isBefore(retryAt)) {
            return false;
        }
        try {
            if (!initialised) {
                driver.init();
                initialised = true;
            }
            driver.apply(level);
            applied = level;
            lastWrite = now;
            failures = 0;
            lastError = "";
            return true;
        } catch (DriverException | RuntimeException | Error e) {
            // a driver's Error (a native library that failed to link, say) fails this output, not the whole step
            failures++;
            applyFailures++;
            lastError = e instanceof DriverException d ? d.toString() : DriverFault.PROTOCOL + ": driver error: " + e;
            initialised = false; // find and configure the output again before the next write
            long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(20, failures - 1));
            retryAt = now.plusMillis(backoff);
            return false;
        }
    }

    /**
     * Moves its times by a step of the wall clock (time sync setting it): the back-off and the refresh keep
     * what they had left (a step back must not leave a failed output unretried for hours), and since when it
     * has its setting is said in the clock's new terms.
     */
    void shift(Duration step) {
        retryAt = moved(retryAt, step);
        lastWrite = moved(lastWrite, step);
        since = since.plus(step);
    }

    /** Instant.MIN stands for "never" and stays so. */
    private static Instant moved(Instant t, Duration step) {
        return t.equals(Instant.MIN) ? t : t.plus(step);
    }

    /** Its health: faulty without a driver or after repeated failures; degraded while failing or at its fail-safe state. */
    Health health(Instant now) {
        if (driver == null) {
            return Health.faulty(unusable, since);
        }
        if (failures >= FAULTY_AFTER) {
            return Health.faulty("the output cannot be set: " + lastError + "; retrying with back-off", since);
        }
        if (failures > 0) {
            return Health.degraded("the last write failed: " + lastError, since);
        }
        if (setting != null && setting.reason() == Reason.FAIL_SAFE) {
            return Health.degraded("fail-safe: " + setting.detail(), since);
        }
        return Health.ok(since);
    }

    /** What {@code streetgate status} shows. */
    Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", role);
        d.put("type", device.type());
        if (setting != null) {
            d.put("level", setting.level());
            d.put("reason", setting.reason().label());
            d.put("detail", setting.detail());
            // what the status table shows for a part whose health has no reason to give
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("level", setting.level());
            last.put("reason", setting.reason().label());
            d.put("last", last);
        }
        d.put("since", since.toString());
        if (!Double.isNaN(applied)) {
            d.put("applied", applied);
        }
        d.put("apply_failures", applyFailures);
        return d;
    }

    /** Reads the level back from the device where it can tell (for the command's acknowledgement). */
    double readBack() {
        if (driver == null) {
            return Double.NaN;
        }
        try {
            return driver.readBack();
        } catch (DriverException | RuntimeException e) {
            return Double.NaN;
        }
    }

    void close() {
        if (driver != null) {
            driver.close();
        }
    }
}
