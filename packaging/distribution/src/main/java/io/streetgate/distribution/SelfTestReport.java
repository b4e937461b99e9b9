package io.streetgate.distribution;

import io.streetgate.driver.SelfTestResult.Check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code streetgate selftest} found: one result per device, for a technician's small screen (at most
 * {@link #WIDTH} columns, one line per device) or as JSON for the ticket system.
 *
 * @param node    the node id
 * @param mode    {@code gateway} (tested by the running gateway), {@code offline}, each with {@code -simulated}
 *                when the devices are a simulated street's
 * @param time    when the test started
 * @param results one per device, in site-file order
 * @param forAPerson what only a person can check and nobody was asked to (no terminal, {@code --json} or
 *                {@code --no-prompt}), by device id
 */
record SelfTestReport(String node, String mode, Instant time, List<DeviceResult> results,
                      Map<String, String> forAPerson) {

    /** The widest line printed: a phone's SSH screen or a small console in portrait. */
    static final int WIDTH = 40;
    private static final int ID_WIDTH = 12;

    SelfTestReport {
        results = List.copyOf(results);
        forAPerson = Map.copyOf(forAPerson);
    }

    boolean simulated() {
        return mode.endsWith("-simulated");
    }

    /** A device of the site file: {@code kind} is {@code sensor} or {@code actuator}. */
    record Device(String id, String kind, String type) {
        boolean actuator() {
            return kind.equals("actuator");
        }
    }

    /** A device's checks, in the order they ran; a device without checks was not tested and has not passed. */
    record DeviceResult(Device device, List<Check> checks) {
        DeviceResult {
            checks = List.copyOf(checks);
        }

        boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
        }

        DeviceResult with(Check check) {
            List<Check> more = new ArrayList<>(checks);
            more.add(check);
            return new DeviceResult(device, more);
        }

        /** What the line shows after the id: the first failed check, else the first check (the device found). */
        String summary() {
            if (checks.isEmpty()) {
                return "not tested";
            }
            return checks.stream().filter(c -> !c.passed()).findFirst()
                    .map(c -> c.name() + ": " + c.detail())
                    .orElse(checks.get(0).detail());
        }
    }

    boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(DeviceResult::passed);
    }

    /** e.g. {@code selftest pole-0042 (offline, simulated)}: a simulated street's report says so at its top. */
    static String header(String node, String mode) {
        List<String> how = new ArrayList<>();
        if (mode.startsWith("offline")) {
            how.add("offline");
        }
        if (mode.endsWith("-simulated")) {
            how.add("simulated");
        }
        return fit("selftest " + node + (how.isEmpty() ? "" : " (" + String.join(", ", how) + ")"));
    }

    /** e.g. {@code PASS env-1        BME280 0x60} or {@code FAIL light-1      reachable: NACK ...}. */
    static String line(DeviceResult r) {
        return fit(String.format("%s %-" + ID_WIDTH + "s %s", r.passed() ? "PASS" : "FAIL", r.device().id(),
                r.summary()));
    }

    /** Every check of a device, indented under its line and wrapped, never cut: the detail says why. */
    static List<String> details(DeviceResult r) {
        List<String> lines = new java.util.ArrayList<>();
        r.checks().forEach(c -> lines.addAll(wrap("  " + (c.passed() ? "ok " : "!! ") + c.name() + " " + c.detail())));
        return lines;
    }

    /** Breaks a line into {@link #WIDTH}-column lines, continuations indented under the check's name. */
    static List<String> wrap(String line) {
        String rest = line.replace('\n', ' ');
        List<String> lines = new java.util.ArrayList<>();
        String indent = "     ";
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= indent.length()) {
                cut = WIDTH;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = indent + rest.substring(cut).strip();
        }
        lines.add(rest);
        return lines;
    }

    String footer() {
        long failed = results.stream().filter(r -> !r.passed()).count();
        String verdict = results.isEmpty() ? "FAIL: no devices tested"
                : failed == 0 ? "ALL PASS: " + results.size() + " devices"
                : "FAIL: " + failed + " of " + results.size() + " devices";
        return fit(verdict);
    }

    /** The lines under the verdict saying which checks were left for a person; none when every one was asked. */
    List<String> leftForAPerson() {
        if (forAPerson.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(wrap("Not checked (needs a person at a terminal, without --json "
                + "or --no-prompt):"));
        results.stream().map(r -> r.device().id()).filter(forAPerson::containsKey)
                .forEach(id -> lines.addAll(wrap("  " + id + ": " + forAPerson.get(id))));
        return lines;
    }

    static String rule() {
        return "-".repeat(WIDTH);
    }

    /** Cuts a line to {@link #WIDTH} columns, marking the cut. */
    static String fit(String line) {
        String flat = line.replace('\n', ' ');
        return flat.length() <= WIDTH ? flat : flat.substring(0, WIDTH - 1) + "…";
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("mode", mode);
        m.put("simulated", simulated());
        m.put("time", time.toString());
        m.put("passed", passed());
        m.put("devices", results.stream().map(r -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("device", r.device().id());
            d.put("kind", r.device().kind());
            d.put("type", r.device().type());
            d.put("passed", r.passed());
            d.put("checks", r.checks().stream().map(Check::toMap).toList());
            if (forAPerson.containsKey(r.device().id())) {
                d.put("not_checked", forAPerson.get(r.device().id()) + ": needs a person at a terminal");
            }
            return d;
        }).toList());
        return m;
    }
}
