package io.streetgate.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

        /** The check as reports carry it (JSON): name, passed, detail. */
        public Map<String, Object> toMap() {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", name);
            check.put("passed", passed);
            check.put("detail", detail);
            return check;
        }
    }
}
