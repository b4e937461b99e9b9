package io.streetgate.ota.cli;

import io.streetgate.ota.tuf.Key;
import io.streetgate.ota.tuf.KeyFiles;
import io.streetgate.ota.tuf.Metadata;
import io.streetgate.ota.tuf.Root;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Stages a new root version in which ROLE trusts exactly the given keys with the given threshold.",
                "Then: `ota sign --role root` with a threshold of the OLD root keys and of the NEW root keys, and `ota publish`."})
final class RotateCommand extends RepoCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "root, targets, snapshot or timestamp.") String role;
    @Option(names = "--key", required = true, paramLabel = "FILE.pub", description = "Every key the role trusts after the rotation.") List<Path> keys;
    @Option(names = "--threshold", defaultValue = "1") int threshold;

    @Override
    public Integer call() throws Exception {
        List<Key> k = new ArrayList<>();
        keys.forEach(p -> k.add(KeyFiles.readPublic(p)));
        Metadata<Root> staged = repo.open(parent.clock()).rotate(role, k, threshold);
        out().printf("staged root version %d: %s trusts %s, threshold %d%n"
                        + "next: sign it with the old and the new root keys (ota sign --repo %s --role root --key ...), then publish%n",
                staged.signed().version(), role, staged.signed().role(role).keyIds(), threshold, repo.repo);
        return OtaCommand.OK;
    }
}
