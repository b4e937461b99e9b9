package io.streetgate.gateway.api;

import io.streetgate.driver.SelfTestResult;

import java.time.Duration;

/**
 * A component that owns a device (a sensor's sampler, an actuator's control) and can test it on the thread
 * that drives it, so that a test never races a reading or a control step of the same device. Register as a
 * service; {@code streetgate selftest} runs them through the status endpoint's {@code /selftest}.
 */
public interface SelfTestable {

    /** A sensor: reachable and plausible values. */
    String SENSOR = "sensor";
    /** An actuator: it takes a test level, reports it back and is restored. */
    String ACTUATOR = "actuator";

    /** The device's id in the site file. */
    String deviceId();

    /** {@link #SENSOR} or {@link #ACTUATOR}. */
    String kind();

    /**
     * Tests the device. Blocks at most about {@code timeout}; a test that does not finish in time is reported
     * as a failed check, never as a pass.
     */
    SelfTestResult selfTest(Duration timeout);
}
