package io.streetgate.gateway.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's self-test of the site file's devices (docs/selftest.md) for other bundles, such as the web
 * console, that run it device by device and show each result as it comes. The status endpoint's
 * {@code /selftest} runs the same tests.
 */
public interface SelfTestRunner {

    /** The devices that can be tested, sensors then actuators in site-file order: {@code device, kind, type}. */
    List<Map<String, Object>> devices();

    /**
     * Tests one device, as {@code /selftest?device=ID} does: {@code device, kind, type, passed, checks}, each
     * check with {@code name, passed, detail}.
     *
     * @param origin who asked, for the control's audit of an actuator's test level (e.g. {@code console:alice})
     * @throws IllegalArgumentException naming the unknown device and the known ones
     */
    Map<String, Object> test(String deviceId, Duration timeout, String origin);
}
