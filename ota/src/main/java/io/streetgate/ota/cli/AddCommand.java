package io.streetgate.ota.cli;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import io.streetgate.ota.tuf.TargetInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

// no mixinStandardHelpOptions: its --version would clash with the artifact's --version, and picocli then drops
// the whole mixin, --help included
@Command(name = "add",
        description = {"Adds an artifact to the staged targets (hashes and length are computed) with streetgate's fields.",
                "The staged targets must then be signed again: `ota sign --role targets`."})
final class AddCommand extends RepoCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.") boolean help;
    @Option(names = "--file", required = true, paramLabel = "FILE") Path file;
    @Option(names = "--name", paramLabel = "TARGETPATH", description = "Path in the repository; default: the file name.") String name;
    @Option(names = "--kind", required = true, paramLabel = "KIND", completionCandidates = Kinds.class,
            description = "One of: ${COMPLETION-CANDIDATES}.") String kind;
    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The artifact's version, e.g. 1.4.0.") String version;
    @Option(names = "--hardware", split = ",", paramLabel = "MODEL", description = "Compatible hardware, e.g. rpi4,rpi5 (default: any).") List<String> hardware;
    @Option(names = "--min-version", paramLabel = "VERSION", description = "Nodes must run at least this version to apply it.") String minVersion;
    @Option(names = "--allow-downgrade", description = "Sign an explicit rollback: nodes on a newer version may install this older one.") boolean allowDowngrade;


    /** The kinds as the agent knows them: one list. */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ArtifactInfo.KINDS.iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        ArtifactInfo info = new ArtifactInfo(kind, ArtifactVersion.parse(version), hardware == null ? List.of() : hardware,
                minVersion == null ? null : ArtifactVersion.parse(minVersion), allowDowngrade);
        String path = name != null ? name : file.getFileName().toString();
        TargetInfo t = repo.open(parent.clock()).addTarget(file, path, info, OtaCommand.progressTo(err()));
        out().printf("added %s: %d bytes, sha256 %s, %s %s%nnext: ota sign --repo %s --role targets --key KEY.key%n",
                t.path(), t.length(), t.hashes().get("sha256"), kind, version, repo.repo);
        return OtaCommand.OK;
    }
}
