package io.streetgate.distribution;

import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.distribution.SelfTestReport.Device;
import io.streetgate.distribution.SelfTestReport.DeviceResult;

import java.time.Duration;
import java.util.List;

/**
 * Where the devices of a self-test are: in the running gateway (through its status endpoint) or built in this
 * process from the site file ({@code --offline}).
 */
interface SelfTestBench extends AutoCloseable {

    String node();

    /** {@code gateway}, {@code offline} or {@code offline-simulated}. */
    String mode();

    /** The sensors, then the actuators, in site-file order. */
    List<Device> devices();

    /** Runs the automatic checks of one device: reachable, plausible values; an actuator moves and reports back. */
    DeviceResult test(Device device) throws InterruptedException;

    /** Whether a presence sensor sees motion within the window, in readings taken after this call. */
    boolean presence(Device sensor, Duration window) throws InterruptedException;

    /** Puts an actuator at its test level for a person to look at, until {@link #release}. */
    Held hold(Device actuator) throws InterruptedException;

    /** Gives an actuator its level back (offline) or back to its control (gateway). */
    Check release(Device actuator) throws InterruptedException;

    @Override
    void close();

    /**
     * An actuator at its test level.
     *
     * @param ok     whether it took the level; {@code reason} says why not
     * @param level  the test level: 1 or 0
     * @param role   lamp, heating, cooling, ventilation or output
     */
    record Held(boolean ok, String reason, double level, String role) {
        /** The question a person can answer by looking. */
        String question(String id) {
            boolean on = level >= 0.5;
            return switch (role) {
                case "lamp" -> "Does " + id + (on ? " light up?" : " go dark?");
                case "ventilation" -> "Does " + id + (on ? " run at full speed?" : " stop?");
                default -> "Does " + id + " switch " + (on ? "on?" : "off?");
            };
        }
    }
}
