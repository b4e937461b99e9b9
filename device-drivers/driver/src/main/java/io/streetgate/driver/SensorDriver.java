package io.streetgate.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * A driver for one sensor. The sampler calls {@link #init()} once (and again after a failure), then
 * {@link #read()} on the sensor's period, from one thread at a time.
 */
public interface SensorDriver extends AutoCloseable {

    /** The device's configured id; the source id of every reading it returns. */
    String id();

    /**
     * Finds and configures the device: checks its identity, loads calibration, sets its mode.
     *
     * @return what was found
     * @throws DriverException when the device is missing, is another chip, or cannot be configured
     */
    DeviceInfo init() throws DriverException;

    /**
     * Takes one sample of every quantity the device reports.
     *
     * @return one measurement per quantity, never empty on success
     * @throws DriverException when the device cannot be read or the reply is invalid
     */
    List<Measurement> read() throws DriverException;

    /**
     * Checks that the device answers and reports plausible values. The default initialises the device and
     * takes one reading; drivers add device-specific checks (built-in self-test commands, status bits).
     */
    default SelfTestResult selfTest() {
        List<SelfTestResult.Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(SelfTestResult.Check.pass("reachable", info.model() + " " + info.identity()));
            for (Measurement m : read()) {
                boolean plausible = m.quality().isGood() && Double.isFinite(m.value());
                String detail = m.value() + " " + m.unit().senml() + (plausible ? "" : " " + m.quality());
                checks.add(new SelfTestResult.Check(m.quantity().name(), plausible, detail));
            }
        } catch (DriverException e) {
            checks.add(SelfTestResult.Check.fail("reachable", e.toString()));
        }
        return SelfTestResult.of(id(), checks);
    }

    /** Puts the device to sleep where it has a sleep mode and releases the bus handle. Never throws. */
    @Override
    void close();
}
