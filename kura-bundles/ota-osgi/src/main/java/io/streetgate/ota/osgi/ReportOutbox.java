package io.streetgate.ota.osgi;

import io.streetgate.ota.message.MessageRefused;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.message.UpdateState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Node reports kept until the store-and-forward has taken them. The agent decides a rollback at start-up, before
 * the uplink's sink is registered; a report handed to the sinks present then would be lost, and the campaign
 * would wait for it forever. Kept in a file (one report per line, in the message schema) so that a restart
 * before the uplink comes does not lose them either. Bounded: past {@link #MAX} the oldest progress report goes
 * first, then the oldest report.
 */
final class ReportOutbox {
    static final int MAX = 64;

    private final Path file;
    private final List<NodeReport> waiting = new ArrayList<>();

    ReportOutbox(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        waiting.add(OtaMessages.reportFromJson(OtaMessages.bytes(line)));
                    } catch (MessageRefused damaged) {
                        // a line cut by a power loss: the reports around it still go
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the OTA reports waiting in " + file, e);
            }
        }
    }

    /** Keeps a report for the store-and-forward. */
    synchronized void add(NodeReport r) {
        waiting.add(r);
        while (waiting.size() > MAX) {
            int progress = -1;
            for (int i = 0; i < waiting.size() && progress < 0; i++) {
                if (waiting.get(i).state() == UpdateState.DOWNLOADING) {
                    progress = i;
                }
            }
            waiting.remove(Math.max(progress, 0));
        }
        save();
    }

    /** Hands every waiting report, oldest first, to the store-and-forward (durable when it returns). */
    synchronized void drainTo(Consumer<NodeReport> store) {
        if (waiting.isEmpty()) {
            return;
        }
        while (!waiting.isEmpty()) {
            store.accept(waiting.get(0));
            waiting.remove(0);
        }
        save();
    }

    synchronized int size() {
        return waiting.size();
    }

    private void save() {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            List<String> lines = waiting.stream().map(OtaMessages::toJson).toList();
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the OTA reports waiting in " + file, e);
        }
    }
}
