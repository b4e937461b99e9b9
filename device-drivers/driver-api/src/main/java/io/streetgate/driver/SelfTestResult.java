package io.streetgate.driver;

import java.util.List;

/**
 * The outcome of a device self-test, as shown to a technician.
 *
 * @param deviceId the device's configured id
 * @param passed   whether every check passed
 * @param checks   each check in the order it ran
 */
public record SelfTestResult(String deviceId, boolean passed, List<Check> checks) {

    public SelfTestResult {
        checks = List.copyOf(checks);
    }

    public static SelfTestResult of(String deviceId, List<Check> checks) {
        return new SelfTestResult(deviceId, checks.stream().allMatch(Check::passed), checks);
    }

    /**
     * One check of a self-test.
     *
     * @param name   what was checked, e.g. {@code chip id}
     * @param passed whether it passed
     * @param detail what was seen, e.g. {@code 0x60} or {@code 21.4 Cel}
     */
    public record Check(String name, boolean passed, String detail) {
        public static Check pass(String name, String detail) {
            return new Check(name, true, detail);
        }

        public static Check fail(String name, String detail) {
            return new Check(name, false, detail);
        }
    }
}
