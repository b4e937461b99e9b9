package io.streetgate.ota.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a target from the staged targets.")
final class RemoveCommand extends RepoCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, paramLabel = "TARGETPATH") String name;

    @Override
    public Integer call() throws Exception {
        repo.open(parent.clock()).removeTarget(name);
        out().printf("removed %s; sign the targets again%n", name);
        return OtaCommand.OK;
    }
}
