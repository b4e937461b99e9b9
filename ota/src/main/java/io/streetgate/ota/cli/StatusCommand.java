package io.streetgate.ota.cli;

import io.streetgate.ota.repo.Repository;
import io.streetgate.ota.tuf.Metadata;
import io.streetgate.ota.tuf.Signed;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows each role's version, expiry and signatures, and what is still missing before a publish.")
final class StatusCommand extends RepoCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Repository r = repo.open(parent.clock());
        PrintWriter out = out();
        Instant now = parent.clock().instant();
        print(out, "root", r.root(), r.status("root"), now);
        print(out, "targets", r.targets(), r.status("targets"), now);
        print(out, "snapshot", r.snapshot(), r.status("snapshot"), now);
        print(out, "timestamp", r.timestamp(), r.status("timestamp"), now);
        if (r.targets() != null) {
            r.targets().signed().targets().values().forEach(t -> out.printf("  target %s  %d bytes  %s%n", t.path(), t.length(),
                    t.custom().getOrDefault("streetgate", "")));
        }
        return OtaCommand.OK;
    }

    private static void print(PrintWriter out, String role, Metadata<? extends Signed> m, Repository.SignatureStatus s, Instant now) {
        if (m == null) {
            out.printf("%-9s not published yet%n", role);
            return;
        }
        Duration left = Duration.between(now, m.signed().expires());
        String exp = left.isNegative() ? "EXPIRED " + m.signed().expires() : "expires " + m.signed().expires() + " (in " + left.toDays() + " d)";
        out.printf("%-9s version %-4d %s  %s%n", role, m.signed().version(), exp,
                s.complete() ? "signed (" + s.signedBy().size() + ")" : s.problem());
    }
}
