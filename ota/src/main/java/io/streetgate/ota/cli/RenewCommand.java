package io.streetgate.ota.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Stages the next version of root or targets with a fresh expiry; sign and publish it before the old one expires.")
final class RenewCommand extends RepoCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "root or targets.") String role;

    @Override
    public Integer call() throws Exception {
        var r = repo.open(parent.clock());
        long v;
        java.time.Instant exp;
        switch (role) {
            case "root" -> {
                var m = r.renewRoot();
                v = m.signed().version();
                exp = m.signed().expires();
            }
            case "targets" -> {
                var m = r.renewTargets();
                v = m.signed().version();
                exp = m.signed().expires();
            }
            default -> throw new IllegalArgumentException("--role " + role + ": renew root or targets; snapshot and timestamp"
                    + " are renewed by every `ota publish`");
        }
        out().printf("staged %s version %d, expires %s; sign it and publish%n", role, v, exp);
        return OtaCommand.OK;
    }
}
