package io.streetgate.ota.cli;

import io.streetgate.ota.repo.Repository;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** {@code --repo DIR}, shared by the repository commands. */
final class RepoOptions {
    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The repository's working folder.")
    Path repo;

    Repository open(Clock clock) throws IOException {
        return Repository.open(repo, clock);
    }
}
