package io.streetgate.ota.cli;

import io.streetgate.ota.repo.RepoSettings;
import io.streetgate.ota.repo.Repository;
import io.streetgate.ota.tuf.Key;
import io.streetgate.ota.tuf.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Creates a repository: root version 1 and empty targets version 1, unsigned.",
                "Next: `ota sign --role root` and `--role targets` with enough keys, then `ota publish`."})
final class InitCommand extends RepoCommand implements Callable<Integer> {
    @Option(names = "--root-key", required = true, paramLabel = "FILE.pub") List<Path> rootKeys;
    @Option(names = "--targets-key", required = true, paramLabel = "FILE.pub") List<Path> targetsKeys;
    @Option(names = "--snapshot-key", required = true, paramLabel = "FILE.pub") List<Path> snapshotKeys;
    @Option(names = "--timestamp-key", required = true, paramLabel = "FILE.pub") List<Path> timestampKeys;
    @Option(names = "--root-threshold", defaultValue = "1") int rootThreshold;
    @Option(names = "--targets-threshold", defaultValue = "1") int targetsThreshold;
    @Option(names = "--snapshot-threshold", defaultValue = "1") int snapshotThreshold;
    @Option(names = "--timestamp-threshold", defaultValue = "1") int timestampThreshold;
    @Option(names = "--expires", paramLabel = "ROLE=DURATION", description = "e.g. timestamp=12h, root=730d") Map<String, String> expires;
    @Option(names = "--no-consistent-snapshot", description = "Write only unversioned file names (not recommended).") boolean noConsistent;


    @Override
    public Integer call() throws Exception {
        Map<String, Repository.RoleSetup> roles = new LinkedHashMap<>();
        roles.put("root", setup(rootKeys, rootThreshold));
        roles.put("targets", setup(targetsKeys, targetsThreshold));
        roles.put("snapshot", setup(snapshotKeys, snapshotThreshold));
        roles.put("timestamp", setup(timestampKeys, timestampThreshold));
        Map<String, Duration> expiry = new LinkedHashMap<>();
        if (expires != null) {
            expires.forEach((role, d) -> expiry.put(role, RepoSettings.parseDuration(d, "--expires " + role)));
        }
        Repository.init(repo.repo, roles, new RepoSettings(expiry, !noConsistent), parent.clock());
        out().printf("created repository %s (root version 1, targets version 1, unsigned)%n"
                + "next: ota sign --repo %s --role root --key ROOTKEY.key; ota sign --repo %s --role targets --key TARGETSKEY.key%n",
                repo.repo, repo.repo, repo.repo);
        return OtaCommand.OK;
    }

    private static Repository.RoleSetup setup(List<Path> files, int threshold) {
        List<Key> keys = new ArrayList<>();
        files.forEach(f -> keys.add(KeyFiles.readPublic(f)));
        return new Repository.RoleSetup(keys, threshold);
    }
}
