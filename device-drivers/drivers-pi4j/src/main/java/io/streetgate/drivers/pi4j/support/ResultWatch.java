package io.streetgate.drivers.pi4j.support;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;

import java.time.Duration;
import java.time.Instant;

/**
 * For sensors that measure on their own schedule and flag when a result is ready (SCD4x, SPS30): a sensor
 * that lost power comes back idle and then never has a result, which looks like "not ready" for ever. After
 * {@value #MISSED} expected results without one, the wait is a {@link DriverFault#TIMEOUT}, so the sampler
 * initialises the sensor again.
 */
public final class ResultWatch {

    static final int MISSED = 3;

    private final Duration every;
    private Instant last;

    /** @param every how often the sensor produces a result */
    public ResultWatch(Duration every) {
        this.every = every;
    }

    /** Measuring (re)started, or a result was read. */
    public void fresh(Instant at) {
        last = at;
    }

    /**
     * No result was ready at {@code now}.
     *
     * @param overdue run when the wait has become a TIMEOUT (the driver forgets that the sensor measures)
     * @return NOT_READY while a result may still come, TIMEOUT once {@value #MISSED} are overdue
     */
    public DriverException notReady(Instant now, String where, Runnable overdue) {
        Duration waited = last == null ? Duration.ZERO : Duration.between(last, now);
        if (waited.compareTo(every.multipliedBy(MISSED)) > 0) {
            overdue.run();
            return new DriverException(DriverFault.TIMEOUT, String.format(
                    "%s has had no new result for %d s (one every %d s expected): it stopped measuring (power loss?) "
                            + "or hangs; it is initialised again", where, waited.toSeconds(), every.toSeconds()));
        }
        return new DriverException(DriverFault.NOT_READY, String.format(
                "%s has no new result yet (one every %d s)", where, every.toSeconds()));
    }
}
