package io.streetgate.flash;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to one card, for the report.
 *
 * @param verify      "passed", "failed", "skipped" (--no-verify) or "not run" (an earlier step failed)
 * @param config      "injected", "none" (no node config asked for), "failed" or "not run"
 * @param configFiles the files written to the config partition
 * @param errors      what went wrong, one line each
 */
public record CardResult(String device, String node, boolean ok, long bytesWritten, double writeSeconds,
                         String verify, double verifySeconds, String config, List<String> configFiles,
                         List<String> errors) {

    public double writeRate() {
        return writeSeconds > 0 ? bytesWritten / writeSeconds : 0;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", device);
        m.put("node", node);
        m.put("ok", ok);
        m.put("bytes_written", bytesWritten);
        m.put("write_seconds", Json.seconds(writeSeconds));
        m.put("write_bytes_per_second", (long) writeRate());
        m.put("verify", verify);
        m.put("verify_seconds", Json.seconds(verifySeconds));
        m.put("config", config);
        m.put("config_files", configFiles);
        m.put("errors", errors);
        return m;
    }
}
