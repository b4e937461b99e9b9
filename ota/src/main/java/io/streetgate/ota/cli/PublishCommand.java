package io.streetgate.ota.cli;

import io.streetgate.ota.repo.Repository;
import io.streetgate.ota.tuf.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Checks root and targets signatures, signs a new snapshot and timestamp with the online keys,",
                "and writes a folder of static files (metadata/ and targets/) that any web server, CDN or object store serves.",
                "Run it again (e.g. from cron, well within the timestamp expiry) to keep the timestamp fresh."})
final class PublishCommand extends RepoCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--snapshot-key", required = true, paramLabel = "FILE.key") List<Path> snapshotKeys;
    @Option(names = "--timestamp-key", required = true, paramLabel = "FILE.key") List<Path> timestampKeys;

    @Override
    public Integer call() throws Exception {
        List<SigningKey> s = new ArrayList<>();
        snapshotKeys.forEach(k -> s.add(SigningKey.read(k)));
        List<SigningKey> t = new ArrayList<>();
        timestampKeys.forEach(k -> t.add(SigningKey.read(k)));
        Repository.PublishResult r = repo.open(parent.clock()).publish(out, s, t, OtaCommand.progressTo(err()));
        out().printf("published to %s: root %d, targets %d, snapshot %d, timestamp %d (%d files written)%n",
                out, r.rootVersion(), r.targetsVersion(), r.snapshotVersion(), r.timestampVersion(), r.files().size());
        return OtaCommand.OK;
    }
}
