package io.streetgate.ota.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a target from the staged targets.")
final class RemoveCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--name", required = true, paramLabel = "TARGETPATH") String name;
    @ParentCommand
    OtaCommand parent;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        repo.open(parent.clock()).removeTarget(name);
        spec.commandLine().getOut().printf("removed %s; sign the targets again%n", name);
        return OtaCommand.OK;
    }
}
