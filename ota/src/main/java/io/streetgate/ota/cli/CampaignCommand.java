package io.streetgate.ota.cli;

import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.campaign.Campaign;
import io.streetgate.ota.campaign.CampaignFile;
import io.streetgate.ota.campaign.CampaignSpec;
import io.streetgate.ota.campaign.MaintenanceWindow;
import io.streetgate.ota.message.CampaignState;
import io.streetgate.ota.repo.RepoSettings;
import io.streetgate.ota.repo.Repository;
import io.streetgate.ota.tuf.TargetInfo;
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

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a campaign file for a target that the targets keys have signed.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The repository working folder (ota init).") Path repo;
        @Option(names = "--id", required = true, description = "Campaign id: letters, digits, '.', '_', '-'.") String id;
        @Option(names = "--target", required = true, paramLabel = "TARGETPATH", description = "A signed target (ota add, ota sign).") String target;
        @Option(names = "--nodes", required = true, paramLabel = "FILE", description = "Node ids, one per line.") Path nodes;
        @Option(names = "--phases", split = ",", defaultValue = "1,10,50,100", description = "Cumulative percentages (default 1,10,50,100).") List<Integer> phases;
        @Option(names = "--max-failure-rate", defaultValue = "5", paramLabel = "PERCENT", description = "Halt above this (default 5).") double maxFailure;
        @Option(names = "--window", paramLabel = "HH:MM-HH:MM", description = "Daily maintenance window (default: always).") String window;
        @Option(names = "--zone", defaultValue = "UTC", description = "Time zone of the window.") String zone;
        @Option(names = "--silent-after", defaultValue = "6h", description = "A node without a final report after this counts as failed; notices expire after it too.") String silent;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(file)) {
                throw new IllegalArgumentException(file + " already exists; a campaign file is never overwritten");
            }
            OtaMessages.checkId("campaign id", id);
            List<String> group = Files.readAllLines(nodes).stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
            if (group.isEmpty()) {
                throw new IllegalArgumentException(nodes + " lists no node ids");
            }
            for (String node : group) {
                OtaMessages.checkId(nodes + ": node id", node);
            }
            TargetInfo signed = signedTarget(Repository.open(repo, parent.ota.clock()), target);
            CampaignSpec s = new CampaignSpec(id, target, signed.artifact().version().toString(), signed.hashes().get("sha256"),
                    phases, maxFailure / 100.0, window == null ? MaintenanceWindow.ALWAYS : MaintenanceWindow.parse(window, zone),
                    RepoSettings.parseDuration(silent, "--silent-after"));
            Campaign c = new Campaign(s, group);
            CampaignFile.save(c, file);
            parent.spec.commandLine().getOut().printf("campaign %s: %s (%s) to %d nodes in phases %s, halts above %.1f%% failures, window %s%n",
                    id, target, s.version(), group.size(), phases, maxFailure, s.window());
            return OtaCommand.OK;
        }

        /** The target as the staged targets list it, refused unless that file is signed by its threshold. */
        private static TargetInfo signedTarget(Repository r, String path) throws java.io.IOException {
            TargetInfo t = r.targets().signed().targets().get(path);
            if (t == null) {
                throw new IllegalArgumentException("--target " + path + " is not a target of " + r.dir()
                        + "; add it first: ota add --repo " + r.dir() + " --file FILE --name " + path + " ...");
            }
            Repository.SignatureStatus status = r.status("targets");
            if (!status.complete()) {
                throw new IllegalArgumentException("--target " + path + " is not signed yet (" + status.problem()
                        + "); sign it: ota sign --repo " + r.dir() + " --role targets --key KEY.key");
            }
            return t;
        }
    }

    @Command(name = "tick", mixinStandardHelpOptions = true, description = "Prints the notices to send now (JSON lines: node and notice) and saves the campaign.")
    static final class Tick implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            Campaign c = CampaignFile.load(file);
            PrintWriter out = parent.spec.commandLine().getOut();
            for (Campaign.Addressed a : c.tick(parent.ota.clock().instant())) {
                out.println("{\"node\":\"" + a.nodeId() + "\",\"notice\":" + OtaMessages.toJson(a.notice()) + "}");
            }
            CampaignFile.save(c, file);
            return OtaCommand.OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Feeds node reports (JSON lines, as the agents publish them) into the campaign.")
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
                    c.onReport(OtaMessages.reportFromJson(OtaMessages.bytes(l)));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(reports + " line " + line + ": " + e.getMessage(), e);
                }
                n++;
            }
            CampaignFile.save(c, file);
            CampaignState s = c.status(parent.ota.clock().instant());
            parent.spec.commandLine().getOut().printf("%d reports read%s%n", n, s.halted() ? "; campaign HALTED: " + s.haltReason() : "");
            return OtaCommand.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The fleet's progress.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE.json") Path file;
        @Option(names = "--json", description = "The campaign state message (docs/ota.md) instead of the table.") boolean json;
        @ParentCommand CampaignCommand parent;

        @Override
        public Integer call() throws Exception {
            Campaign c = CampaignFile.load(file);
            Instant now = parent.ota.clock().instant();
            CampaignState s = c.status(now);
            PrintWriter out = parent.spec.commandLine().getOut();
            if (json) {
                out.println(OtaMessages.toJson(s));
            } else {
                CampaignProgress.print(s, out);
            }
            return OtaCommand.OK;
        }
    }

    @Command(name = "halt", mixinStandardHelpOptions = true, description = "Halts the campaign; the next tick sends halt notices, which stop downloads in flight.")
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
