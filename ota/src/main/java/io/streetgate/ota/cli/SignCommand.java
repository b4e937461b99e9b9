package io.streetgate.ota.cli;

import io.streetgate.ota.repo.Repository;
import io.streetgate.ota.tuf.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Adds signatures to the staged root or targets. Each key holder signs with their own key file;",
                "copies signed elsewhere are merged with --merge. A new root needs a threshold of the old and of the new root keys."})
final class SignCommand extends RepoCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "root or targets.") String role;
    @Option(names = "--key", paramLabel = "FILE.key") List<Path> keys;
    @Option(names = "--merge", paramLabel = "FILE.json", description = "A signed copy of the same staged file.") List<Path> merge;

    @Override
    public Integer call() throws Exception {
        if ((keys == null || keys.isEmpty()) && (merge == null || merge.isEmpty())) {
            throw new IllegalArgumentException("nothing to do: pass --key FILE.key to sign or --merge FILE.json to merge a signed copy");
        }
        Repository r = repo.open(parent.clock());
        Repository.SignatureStatus status = null;
        if (keys != null) {
            for (Path k : keys) {
                SigningKey key = SigningKey.read(k);
                status = r.sign(role, key);
                out().printf("signed %s version %d with key %s%n", role, status.version(), key.keyId());
            }
        }
        if (merge != null) {
            for (Path m : merge) {
                status = r.merge(role, m);
                out().printf("merged the signatures of %s%n", m);
            }
        }
        out().println(status.complete() ? role + " version " + status.version() + " is fully signed"
                : status.problem() + "; still missing: " + status.missing());
        return OtaCommand.OK;
    }
}
