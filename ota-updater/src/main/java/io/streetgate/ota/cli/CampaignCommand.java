package io.streetgate.ota.cli;

import io.streetgate.ota.agent.Messages;
import io.streetgate.ota.campaign.Campaign;
import io.streetgate.ota.campaign.CampaignFile;
import io.streetgate.ota.campaign.CampaignSpec;
import io.streetgate.ota.campaign.MaintenanceWindow;
import io.streetgate.ota.repo.RepoSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {"Phased roll-outs: create a campaign for a group of nodes, feed it node reports, let it tell the",
                "next phase to update inside the maintenance window, halt it (it halts itself above the failure threshold)."},
        subcommands = {CampaignCommand.Create.class, CampaignCommand.Tick.class, CampaignCommand.Report.class,
                CampaignCommand.Status.class, CampaignCommand.Halt.class})
final class CampaignCommand implements Callable<Integer> {
    @ParentCommand
    OtaCommand ota;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return OtaCommand.OK;
    }

    @Command(name = "create", description = "Creates a campaign file.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @Option(names = "--id", required = true) String id;
        @Option(names = "--target", required = true, paramLabel = "TARGETPATH", description = "A signed target (ota add).") String target;
        @Option(names = "--nodes", required = true, paramLabel = "FILE", description = "Node ids, one per line.") Path nodes;
        @Option(names = "--phases", split = ",", defaultValue = "1,10,50,100", description = "Cumulative percentages (default 1,10,50,100).") List<Integer> phases;
        @Option(names = "--max-failure-rate", defaultValue = "5", paramLabel = "PERCENT", description = "Halt above this (default 5).") double maxFailure;
        @Option(names = "--window", paramLabel = "HH:MM-HH:MM", description = "Daily maintenance window (default: always).") String window;
        @Option(names = "--zone", defaultValue = "UTC", description = "Time zone of the window.") String zone;
        @Option(names = "--silent-after", defaultValue = "6h", description = "A node without a final report after this counts as failed.") String silent;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(file)) {
                throw new IllegalArgumentException(file + " already exists; a campaign file is never overwritten");
            }
            List<String> group = Files.readAllLines(nodes).stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
            if (group.isEmpty()) {
                throw new IllegalArgumentException(nodes + " lists no node ids");
            }
            CampaignSpec s = new CampaignSpec(id, target, phases, maxFailure / 100.0,
                    window == null ? MaintenanceWindow.ALWAYS : MaintenanceWindow.parse(window, zone),
                    RepoSettings.parseDuration(silent, "--silent-after"));
            Campaign c = new Campaign(s, group);
            CampaignFile.save(c, file);
            parent.spec.commandLine().getOut().printf("campaign %s: %s to %d nodes in phases %s, halts above %.1f%% failures, window %s%n",
                    id, target, group.size(), phases, maxFailure, s.window());
            return OtaCommand.OK;
        }
    }

    @Command(name = "tick", description = "Prints the notices to send now (JSON lines: node and notice) and saves the campaign.")
    static final class Tick implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            Campaign c = CampaignFile.load(file);
            PrintWriter out = parent.spec.commandLine().getOut();
            for (Campaign.Addressed a : c.tick(parent.ota.clock().instant())) {
                out.println("{\"node\":\"" + a.nodeId() + "\",\"notice\":" + Messages.toJson(a.notice()) + "}");
            }
            CampaignFile.save(c, file);
            return OtaCommand.OK;
        }
    }

    @Command(name = "report", description = "Feeds node reports (JSON lines, as the agents publish them) into the campaign.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @Option(names = "--reports", required = true, paramLabel = "FILE.jsonl") Path reports;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            Campaign c = CampaignFile.load(file);
            int n = 0;
            int line = 0;
            for (String l : Files.readAllLines(reports)) {
                line++;
                if (l.isBlank()) {
                    continue;
                }
                try {
                    c.onReport(Messages.reportFromJson(l));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(reports + " line " + line + ": " + e.getMessage(), e);
                }
                n++;
            }
            CampaignFile.save(c, file);
            Campaign.Status s = c.status(parent.ota.clock().instant());
            parent.spec.commandLine().getOut().printf("%d reports read%s%n", n, s.halted() ? "; campaign HALTED: " + s.haltReason() : "");
            return OtaCommand.OK;
        }
    }

    @Command(name = "status", description = "The fleet's progress.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            Campaign c = CampaignFile.load(file);
            Instant now = parent.ota.clock().instant();
            Campaign.Status s = c.status(now);
            PrintWriter out = parent.spec.commandLine().getOut();
            out.printf("campaign %s  target %s%n", s.id(), s.target());
            out.printf("phase %d of %d (%d%%)  admitted %d of %d nodes  window %s%n", s.phase(), s.phases(), s.percent(),
                    s.admitted(), s.nodes(), s.windowOpen() ? "open" : "closed");
            out.printf("states %s  failures %d (%.1f%%, %d silent)%n", s.byState(), s.failures(), s.failureRate() * 100, s.silent());
            out.println(s.halted() ? "HALTED: " + s.haltReason() : s.finished() ? "finished" : "running");
            c.nodes().values().stream().filter(n -> n.reason() != null).sorted(java.util.Comparator.comparing(Campaign.NodeStatus::nodeId))
                    .forEach(n -> out.printf("  %s %s: %s%n", n.nodeId(), n.state(), n.reason()));
            return OtaCommand.OK;
        }
    }

    @Command(name = "halt", description = "Halts the campaign; the next tick sends halt notices, which stop downloads in flight.")
    static final class Halt implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @Option(names = "--reason", required = true) String reason;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            Campaign c = CampaignFile.load(file);
            c.halt("halted by hand: " + reason);
            CampaignFile.save(c, file);
            parent.spec.commandLine().getOut().println("halted; run `ota campaign tick` to send the halt notices");
            return OtaCommand.OK;
        }
    }
}
