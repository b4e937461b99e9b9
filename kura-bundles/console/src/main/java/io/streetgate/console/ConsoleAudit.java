package io.streetgate.console;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was done through the console, by which account: logins and failed logins, accounts made, overrides
 * and releases (also in the control's own audit, with the account as origin), self-tests. JSON lines in
 * {@code audit.log} of the console's folder, moved to {@code audit.log.1} at {@link #MAX_BYTES} (as the
 * control's audit is), and the latest {@link #KEPT} in memory for the audit page.
 */
public final class ConsoleAudit {

    static final long MAX_BYTES = 256 * 1024;
    static final int KEPT = 200;

    private final Path file;
    private final Clock clock;
    private final Deque<Map<String, Object>> latest = new ArrayDeque<>();

    public ConsoleAudit(Path dir, Clock clock) {
        this.file = dir.resolve("audit.log");
        this.clock = clock;
    }

    /**
     * Records one action.
     *
     * @param account who (the console account, or the name tried at a failed login)
     * @param action  e.g. {@code login}, {@code override}, {@code account.create}
     * @param target  what it was about (an actuator, an account), or empty
     * @param outcome {@code done} or {@code refused}
     * @param detail  the result or the refusal's reason
     */
    public synchronized void record(String account, String action, String target, String outcome, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("at", clock.instant().toString());
        r.put("account", account);
        r.put("action", action);
        r.put("target", target);
        r.put("outcome", outcome);
        r.put("detail", detail.length() > 500 ? detail.substring(0, 500) : detail);
        latest.addFirst(r);
        while (latest.size() > KEPT) {
            latest.removeLast();
        }
        try {
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                Files.move(file, file.resolveSibling("audit.log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(file, JSON.std.asString(r) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the page still shows it; the log says once per failure why the file could not take it
            org.slf4j.LoggerFactory.getLogger(ConsoleAudit.class).warn("Console audit {} cannot be written: {}",
                    file, e.getMessage());
        }
    }

    /** The latest records, newest first. */
    public synchronized List<Map<String, Object>> latest() {
        return new ArrayList<>(latest);
    }
}
