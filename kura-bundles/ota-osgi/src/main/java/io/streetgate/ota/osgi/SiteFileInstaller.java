package io.streetgate.ota.osgi;

import io.streetgate.ota.agent.HealthCheck;
import io.streetgate.ota.install.InstallException;
import io.streetgate.ota.install.InstallProgress;
import io.streetgate.ota.install.Installer;
import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteFile;
import io.streetgate.site.osgi.SiteTrial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Site-file targets: a verified file is checked exactly as the gateway reads its own ({@code streetgate config
 * validate}'s problems) and refused when invalid or made for another node (its {@code node.id}), the running
 * file untouched; a valid one is applied on trial
 * with {@link SiteTrial}, the console's trial, and kept when {@link #healthCheck} passes, else the last good
 * file goes back. The version of the file running is kept in {@code <state>/ota/site-file/committed}; one trial
 * at a time, the console's or this one: an apply while the console has a file on trial fails naming it.
 */
final class SiteFileInstaller implements Installer {

    /** OTA trials are owned as {@code ota:site-file-<version>}. */
    static final String OWNER = "ota:site-file-";
    /** How many of an invalid file's problems the report names (a report's reason is bounded). */
    static final int PROBLEMS_NAMED = 3;
    private static final Duration POLL = Duration.ofSeconds(1);

    private final SiteTrial.Gateway gateway;
    private final SiteTrial trials;
    private final Path dir;
    private final Duration bound;

    /**
     * @param dir   this installer's folder: the staged file, the last good one, the committed version
     * @param bound how long an applied file has to make the gateway healthy (ota.health-timeout)
     */
    SiteFileInstaller(SiteTrial.Gateway gateway, Path dir, Duration bound, Duration settle) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.bound = bound;
        this.trials = new SiteTrial(gateway, dir, java.time.Clock.systemUTC(), settle);
        this.gateway = gateway;
    }

    @Override
    public String kind() {
        return ArtifactInfo.KIND_SITE_FILE;
    }

    @Override
    public ArtifactVersion runningVersion() {
        return readVersion("committed").orElse(ArtifactVersion.parse("0.0.0"));
    }

    @Override
    public Optional<ArtifactVersion> trial() {
        try {
            Optional<SiteTrial.Trial> on = trials.current();
            if (on.isPresent() && on.get().owner().startsWith(OWNER)) {
                return Optional.of(ArtifactVersion.parse(on.get().owner().substring(OWNER.length())));
            }
            return Optional.empty();
        } catch (IOException e) {
            // an unreadable record cannot be ours to keep: the revert puts the last good file back
            return readVersion("staged");
        }
    }

    @Override
    public void stage(Path verifiedArtifact, ArtifactInfo info, InstallProgress progress) throws InstallException {
        try {
            if (Files.size(verifiedArtifact) > SiteFile.MAX_BYTES) {
                throw new InstallException("the site file is " + Files.size(verifiedArtifact) + " bytes; the gateway "
                        + "reads at most " + SiteFile.MAX_BYTES + " (a site file is a few kilobytes)");
            }
            String text = Files.readString(verifiedArtifact, StandardCharsets.UTF_8);
            SiteFile.Result checked = gateway.check(text);
            if (!checked.isValid()) {
                List<Problem> problems = checked.problems();
                throw new InstallException("the site file has " + problems.size() + " problem(s), as streetgate "
                        + "config validate reports them; the running file is unchanged: " + problems.stream()
                        .limit(PROBLEMS_NAMED).map(Problem::toString).collect(Collectors.joining(" | ")));
            }
            // a target holds one node's file: one for another node would give this one that node's identity
            String node = checked.config().orElseThrow().node().id();
            String running = gateway.check(Files.readString(gateway.siteFile(), StandardCharsets.UTF_8)).config()
                    .map(c -> c.node().id()).orElse(null);
            if (running != null && !running.equals(node)) {
                throw new InstallException("the site file is for node " + node + "; this node is " + running
                        + " (a site-file target holds one node's file: add one target per node)");
            }
            write("staged.yaml", text);
            write("staged", info.version().toString());
        } catch (IOException e) {
            throw new InstallException("cannot stage the site file: " + e.getMessage(), e);
        }
    }

    @Override
    public Activation activate(ArtifactVersion version) throws InstallException {
        try {
            String text = Files.readString(dir.resolve("staged.yaml"), StandardCharsets.UTF_8);
            trials.begin(OWNER + version, text, bound);
        } catch (SiteTrial.Refused e) {
            throw new InstallException(e.getMessage());
        } catch (IOException e) {
            throw new InstallException("the staged site file is gone: " + e.getMessage(), e);
        }
        trials.reload();
        return Activation.NONE;
    }

    @Override
    public void commit() throws InstallException {
        Optional<ArtifactVersion> on = trial();
        if (on.isEmpty()) {
            throw new InstallException("no site file of this agent is on trial");
        }
        try {
            write("committed", on.get().toString());
        } catch (IOException e) {
            throw new InstallException("cannot record the committed site file version: " + e.getMessage(), e);
        }
        trials.pass();
    }

    @Override
    public Activation revert(String reason) {
        trials.rollBack(List.of(reason), bound);
        return Activation.NONE;
    }

    /**
     * The trial's judgement, as the console's: healthy when no part that was ok before is not ok now and every
     * sensor of the file has started and read; the whole bound again from each start of the check (after a
     * restart the parts need the time). An interrupt (the agent stopping) ends it undecided.
     */
    HealthCheck healthCheck() {
        return timeout -> {
            Optional<SiteTrial.Trial> found;
            try {
                found = trials.current();
            } catch (IOException e) {
                return HealthCheck.Result.failed(e.getMessage());
            }
            if (found.isEmpty()) {
                return HealthCheck.Result.failed("no site file is on trial");
            }
            SiteTrial.Trial on = trials.again(found.get(), bound);
            List<String> problems = trials.problems(on);
            while (!trials.passes(on, problems)) {
                if (trials.over(on)) {
                    return HealthCheck.Result.failed("not healthy within " + bound.toSeconds() + " s ("
                            + String.join("; ", problems) + ")");
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return HealthCheck.Result.failed("the agent is stopping");
                }
                problems = trials.problems(on);
            }
            return HealthCheck.Result.ok();
        };
    }

    private Optional<ArtifactVersion> readVersion(String name) {
        try {
            Path f = dir.resolve(name);
            return Files.exists(f) ? Optional.of(ArtifactVersion.parse(Files.readString(f).strip())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void write(String name, String text) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            // the staged file may name credential files, as the last good one does
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
