package io.streetgate.ota.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Stages the next version of root or targets with a fresh expiry; sign and publish it before the old one expires.")
final class RenewCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "root or targets.") String role;
    @ParentCommand
    OtaCommand parent;
    @Spec
    CommandSpec spec;

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
        spec.commandLine().getOut().printf("staged %s version %d, expires %s; sign it and publish%n", role, v, exp);
        return OtaCommand.OK;
    }
}
