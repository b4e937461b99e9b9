package io.streetgate.ota.agent;

import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadCancelledException;
import io.streetgate.ota.download.DownloadListener;
import io.streetgate.ota.download.TargetDownloader;
import io.streetgate.ota.install.InstallException;
import io.streetgate.ota.install.InstallProgress;
import io.streetgate.ota.install.Installer;
import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.TufException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The device agent: learns of updates by polling the TUF timestamp and by campaign notices, and takes one update
 * through download, install, trial, health check and commit or rollback, reporting each state upstream.
 *
 * <p>Every step is journaled ({@link Journal}, atomic file) before it runs and every step can be repeated, so the
 * agent may lose power anywhere: a new agent on the same state folder resumes (a download continues where it
 * stopped, a trial is health-checked or has already fallen back) or reports what happened. Together with the
 * installers' one-shot trials, the node always runs either the old or the new version.
 *
 * <p>Threading: {@link #onCampaignNotice} may be called from any thread (the MQTT listener) and never blocks;
 * {@link #runOnce()} does the work and is called from one worker thread (the OSGi component's scheduler), at
 * start, periodically and after a notice.
 *
 * <p>It stays one class because every step reads and writes the same journal and reports through the same outbox:
 * the state machine is easiest to check for power loss when all its transitions are in one place.
 */
public final class UpdateAgent {
    /** The steps a {@link StepHook} sees, in order. */
    public static final List<String> STEPS = List.of("download-started", "download-half", "downloaded", "staged",
            "activating", "activated", "trial-running", "health-checked", "committed", "reverting");

    /** Activations of the same version that never came up before the agent gives up. */
    static final int MAX_ACTIVATIONS = 2;

    /** A download is reported at its start and at each of these parts (quarters): three progress reports. */
    static final int PROGRESS_REPORTS = 4;

    private final String nodeId;
    private final String hardware;
    private final TufClient client;
    private final TargetDownloader downloader;
    private final Installer installer;
    private final HealthCheck health;
    private final UpdateReporter reporter;
    private final Restarter restarter;
    private final Clock clock;
    private final Path journalFile;
    private final Path downloads;
    private final Duration healthTimeout;
    private final Duration pollInterval;
    private final StepHook hook;
    private final boolean installOnPoll;
    /** Installers of other kinds (a site file), each with its own health check; the main one is for polls. */
    private final java.util.Map<String, Route> others;

    private final Queue<CampaignNotice> notices = new ConcurrentLinkedQueue<>();
    private final Set<String> haltRequested = ConcurrentHashMap.newKeySet();
    /** Campaigns whose notice waits for the update under way; reported pending once. */
    private final Set<String> deferred = new java.util.HashSet<>();
    private Journal journal;
    private Instant lastPoll;
    private NodeReport last;

    private UpdateAgent(Builder b) {
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId");
        this.hardware = Objects.requireNonNull(b.hardware, "hardware");
        this.client = Objects.requireNonNull(b.client, "client");
        this.downloader = Objects.requireNonNull(b.downloader, "downloader");
        this.installer = Objects.requireNonNull(b.installer, "installer");
        this.health = Objects.requireNonNull(b.health, "health");
        this.reporter = Objects.requireNonNull(b.reporter, "reporter");
        this.restarter = Objects.requireNonNull(b.restarter, "restarter");
        this.clock = b.clock;
        this.journalFile = b.stateDir.resolve("journal.json");
        this.downloads = b.stateDir.resolve("downloads");
        this.healthTimeout = b.healthTimeout;
        this.pollInterval = b.pollInterval;
        this.hook = b.hook;
        this.installOnPoll = b.installOnPoll;
        this.others = java.util.Map.copyOf(b.others);
        try {
            Files.createDirectories(downloads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + downloads, e);
        }
        this.journal = Journal.load(journalFile);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everything the agent uses is injected. */
    public static final class Builder {
        private String nodeId;
        private String hardware;
        private TufClient client;
        private TargetDownloader downloader;
        private Installer installer;
        private HealthCheck health;
        private UpdateReporter reporter;
        private Restarter restarter;
        private Clock clock = Clock.systemUTC();
        private Path stateDir;
        private Duration healthTimeout = Duration.ofMinutes(5);
        private Duration pollInterval = Duration.ofHours(1);
        private StepHook hook = StepHook.NONE;
        private boolean installOnPoll = true;
        private final java.util.Map<String, Route> others = new java.util.LinkedHashMap<>();

        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        /** The node's hardware model as targets name it ("rpi4"). */
        public Builder hardware(String v) {
            hardware = v;
            return this;
        }

        public Builder client(TufClient v) {
            client = v;
            return this;
        }

        public Builder downloader(TargetDownloader v) {
            downloader = v;
            return this;
        }

        public Builder installer(Installer v) {
            installer = v;
            return this;
        }

        public Builder healthCheck(HealthCheck v) {
            health = v;
            return this;
        }

        public Builder reporter(UpdateReporter v) {
            reporter = v;
            return this;
        }

        public Builder restarter(Restarter v) {
            restarter = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        /** Holds journal.json and downloads/ (a persistent partition). */
        public Builder stateDir(Path v) {
            stateDir = v;
            return this;
        }

        public Builder healthTimeout(Duration v) {
            healthTimeout = v;
            return this;
        }

        public Builder pollInterval(Duration v) {
            pollInterval = v;
            return this;
        }

        /**
         * True (default): a timestamp poll that finds a newer eligible version installs it. False: only campaign
         * notices start updates, and polls just keep the trusted metadata fresh (fleets rolled out in phases).
         */
        public Builder installOnPoll(boolean v) {
            installOnPoll = v;
            return this;
        }

        /**
         * Also takes targets of the installer's kind (a site file), judged by its own health check. Such targets
         * come by campaign only: a poll looks for the main installer's kind.
         */
        public Builder alsoInstalls(Installer v, HealthCheck check) {
            others.put(v.kind(), new Route(v, check));
            return this;
        }

        /** Test-only crash point: see {@link StepHook}. */
        public Builder stepHook(StepHook v) {
            hook = v;
            return this;
        }

        public UpdateAgent build() {
            Objects.requireNonNull(stateDir, "stateDir");
            return new UpdateAgent(this);
        }
    }

    // ---- entry points ------------------------------------------------------------------------------------

    /**
     * A campaign notice (from the MQTT listener). Never blocks; a HALT stops a download in flight at once. A notice
     * past its {@code not_after} is dropped, here and again when its turn comes.
     */
    public void onCampaignNotice(CampaignNotice notice) {
        if (notice.expired(clock.instant())) {
            return; // a stale notice is never acted on (a retained one can outlive its campaign)
        }
        if (notice.action() == CampaignNotice.Action.HALT) {
            haltRequested.add(notice.campaignId());
        }
        notices.add(notice);
    }

    /**
     * Does the pending work: finishes a journaled update (after a restart), handles notices, and polls the
     * timestamp when the poll interval has passed. Returns the last report sent by this call, if any.
     */
    public synchronized Optional<NodeReport> runOnce() {
        last = null;
        boolean worked = journal.phase() != Journal.Phase.IDLE || !notices.isEmpty();
        resume();
        List<CampaignNotice> deferred = new java.util.ArrayList<>();
        CampaignNotice n;
        while ((n = notices.poll()) != null) {
            if (!handle(n)) {
                deferred.add(n);
            }
        }
        notices.addAll(deferred);
        Instant now = clock.instant();
        if (worked) {
            // Work done in this call counts as a look at the repository; the next poll waits its interval.
            lastPoll = now;
        } else if (journal.phase() == Journal.Phase.IDLE && (lastPoll == null || !now.isBefore(lastPoll.plus(pollInterval)))) {
            lastPoll = now;
            poll();
        }
        return Optional.ofNullable(last);
    }

    /** The version running now. */
    public ArtifactVersion runningVersion() {
        return installer.runningVersion();
    }

    /** The journaled step (IDLE when no update is under way). */
    public Journal.Phase phase() {
        return journal.phase();
    }

    // ---- deciding ------------------------------------------------------------------------------------------

    private void poll() {
        try {
            client.refresh();
        } catch (TufException e) {
            report(null, UpdateState.FAILED, running(), 0, 0, "metadata refused: " + e.getMessage());
            return;
        }
        ArtifactVersion running = installer.runningVersion();
        Optional<TargetInfo> best = client.trustedTargets().orElseThrow().signed().targets().values().stream()
                .filter(t -> eligible(t, false) == null)
                .filter(t -> t.artifact().kind().equals(installer.kind()))
                .filter(t -> t.artifact().version().compareTo(running) > 0)
                .max(Comparator.comparing(t -> t.artifact().version()));
        if (best.isEmpty() || !installOnPoll) {
            report(null, UpdateState.UP_TO_DATE, running.toString(), 0, 0,
                    best.isPresent() ? best.get().artifact().version() + " is available; waiting for a campaign" : null);
            return;
        }
        start(best.get(), null);
    }

    /** Handles a notice; false if it must wait until the update under way has ended. */
    private boolean handle(CampaignNotice n) {
        if (n.expired(clock.instant())) {
            return true; // stale (its campaign has given up on this node by now): never acted on
        }
        if (n.action() == CampaignNotice.Action.HALT) {
            journal = journal.halting(n.campaignId());
            if (n.campaignId().equals(journal.campaignId()) && (journal.phase() == Journal.Phase.DOWNLOADING
                    || journal.phase() == Journal.Phase.DOWNLOADED)) {
                String v = version();
                journal = journal.done(v);
                save();
                report(n.campaignId(), UpdateState.HALTED, v, 0, 0, "campaign halted");
            } else {
                save();
            }
            return true;
        }
        if (journal.halted().contains(n.campaignId()) || haltRequested.contains(n.campaignId())) {
            report(n.campaignId(), UpdateState.HALTED, running(), 0, 0, "campaign " + n.campaignId() + " was halted");
            return true;
        }
        if (journal.taken().contains(n.campaignId())) {
            return true; // heard again (retained, or re-sent on a new session): it was acted on already
        }
        if (journal.phase() != Journal.Phase.IDLE) {
            if (journal.target().path().equals(n.targetPath())) {
                // Already installing this target (found by a poll): the campaign adopts it and hears its reports.
                journal = journal.forCampaign(n.campaignId()).taking(n.campaignId());
                save();
                return true;
            }
            if (deferred.add(n.campaignId())) {
                report(n.campaignId(), UpdateState.PENDING, n.version(), 0, 0, "waiting for the update to "
                        + version() + " to end");
            }
            return false;
        }
        deferred.remove(n.campaignId());
        journal = journal.taking(n.campaignId());
        save();
        report(n.campaignId(), UpdateState.PENDING, n.version(), 0, 0, null);
        TargetInfo t;
        try {
            client.refresh();
            t = client.requireTarget(n.targetPath());
        } catch (TufException e) {
            report(n.campaignId(), UpdateState.FAILED, running(), 0, 0, "metadata refused: " + e.getMessage());
            return true;
        }
        String why = mismatch(n, t);
        if (why == null) {
            why = eligible(t, true);
        }
        if (why != null) {
            boolean same = why.startsWith("already running");
            // for a campaign, a node that already runs the version has reached the campaign's goal
            report(n.campaignId(), same ? UpdateState.COMMITTED : UpdateState.FAILED, running(), 0, 0, why);
            return true;
        }
        start(t, n.campaignId());
        return true;
    }

    /** Null if the signed target is what the notice names; else why the notice is refused. */
    private static String mismatch(CampaignNotice n, TargetInfo t) {
        String signed;
        try {
            signed = t.artifact().version().toString();
        } catch (TufException e) {
            return e.getMessage();
        }
        if (!signed.equals(n.version())) {
            return "the notice names version " + n.version() + " but the signed target " + t.path() + " is " + signed
                    + "; the targets changed after the campaign was created: create the campaign again";
        }
        String sha = t.hashes().get("sha256");
        if (n.sha256() != null && !n.sha256().equals(sha)) {
            return "the notice names sha256 " + n.sha256() + " but the signed target " + t.path() + " has " + sha
                    + "; the targets changed after the campaign was created: create the campaign again";
        }
        return null;
    }

    /** Null if this node may install {@code t}; else why not. */
    private String eligible(TargetInfo t, boolean explicit) {
        ArtifactInfo a;
        try {
            a = t.artifact();
        } catch (TufException e) {
            return e.getMessage();
        }
        Route route = route(a.kind());
        if (route == null) {
            List<String> kinds = new java.util.ArrayList<>(List.of(installer.kind()));
            kinds.addAll(others.keySet());
            return t.path() + " is a " + a.kind() + "; this node installs " + String.join(" and ", kinds);
        }
        if (!a.fits(hardware)) {
            return t.path() + " is built for " + a.hardware() + "; this node is " + hardware;
        }
        ArtifactVersion running = route.installer().runningVersion();
        if (a.version().equals(running) || a.version().compareTo(running) == 0) {
            return "already running " + running;
        }
        if (a.minVersion() != null && running.isOlderThan(a.minVersion())) {
            return t.path() + " needs at least version " + a.minVersion() + "; this node runs " + running;
        }
        if (a.version().isOlderThan(running) && !(explicit && a.allowDowngrade())) {
            return t.path() + " (" + a.version() + ") is older than the running " + running
                    + "; a rollback needs a target signed with allow_downgrade (ota add --allow-downgrade) and a campaign";
        }
        if (!explicit && journal.rejected().contains(a.version().toString())) {
            return a.version() + " failed on this node before";
        }
        return null;
    }

    private void start(TargetInfo t, String campaign) {
        journal = journal.starting(campaign, t, running());
        save();
        dropOtherDownloads(fileName(t));
        hook.at("download-started");
        advance();
    }

    // ---- doing -----------------------------------------------------------------------------------------------

    private void resume() {
        switch (journal.phase()) {
            case IDLE -> { }
            case DOWNLOADING, DOWNLOADED, STAGED -> advance();
            case ACTIVATING -> {
                Optional<ArtifactVersion> trial = installing().trial();
                if (trial.isPresent() && trial.get().toString().equals(version())) {
                    journal = journal.at(Journal.Phase.AWAITING_HEALTH);
                    save();
                    checkHealth();
                } else if (running().equals(version())) {
                    finish(UpdateState.COMMITTED, null, null);
                } else if (journal.activations() < MAX_ACTIVATIONS) {
                    journal = journal.at(Journal.Phase.STAGED);
                    save();
                    advance();
                } else {
                    finish(UpdateState.FAILED, "version " + version() + " did not start after " + journal.activations()
                            + " activations; running " + running(), version());
                }
            }
            case AWAITING_HEALTH -> {
                Optional<ArtifactVersion> trial = installing().trial();
                if (trial.isPresent() && trial.get().toString().equals(version())) {
                    checkHealth();
                } else if (running().equals(version())) {
                    finish(UpdateState.COMMITTED, null, null);
                } else {
                    finish(UpdateState.ROLLED_BACK, "the trial of " + version() + " ended without a commit (crash, hang or"
                            + " power loss before the health check passed); running " + running(), version());
                }
            }
            case REVERTING -> {
                if (installing().trial().isPresent()) {
                    revert(journal.reason());
                } else {
                    finish(UpdateState.ROLLED_BACK, journal.reason(), version());
                }
            }
        }
    }

    /** Runs the journaled update forward from its current phase until it needs a restart or ends. */
    private void advance() {
        TargetInfo t = journal.target();
        Path file = downloads.resolve(fileName(t));
        if (journal.phase() == Journal.Phase.DOWNLOADING) {
            if (journal.campaignId() != null && (haltRequested.contains(journal.campaignId())
                    || journal.halted().contains(journal.campaignId()))) {
                finish(UpdateState.HALTED, "campaign halted", version());
                return;
            }
            if (!download(t, file)) {
                return;
            }
            journal = journal.at(Journal.Phase.DOWNLOADED);
            save();
            hook.at("downloaded");
        }
        if (journal.phase() == Journal.Phase.DOWNLOADED) {
            try {
                installing().stage(file, t.artifact(), InstallProgress.NONE);
            } catch (InstallException e) {
                finish(UpdateState.FAILED, "install failed: " + e.getMessage(), version());
                return;
            }
            journal = journal.at(Journal.Phase.STAGED);
            save();
            report(journal.campaignId(), UpdateState.INSTALLED, version(), 0, 0, null);
            hook.at("staged");
        }
        if (journal.phase() == Journal.Phase.STAGED) {
            journal = journal.activating();
            save();
            hook.at("activating");
            Installer.Activation how;
            try {
                how = installing().activate(t.artifact().version());
            } catch (InstallException e) {
                finish(UpdateState.FAILED, "activation failed: " + e.getMessage(), version());
                return;
            }
            hook.at("activated");
            if (how == Installer.Activation.NONE) {
                journal = journal.at(Journal.Phase.AWAITING_HEALTH);
                save();
                checkHealth();
            } else {
                restarter.restart(how);
            }
        }
    }

    private boolean download(TargetInfo t, Path file) {
        if (Files.exists(file)) {
            return true;
        }
        String campaign = journal.campaignId();
        report(campaign, UpdateState.DOWNLOADING, version(), 0, t.length(), null);
        boolean[] halfSeen = {false};
        long[] nextQuarter = {1};
        DownloadListener listener = new DownloadListener() {
            @Override
            public void progress(long done, long total) {
                // a few reports per download (at 25, 50 and 75%), whatever its size: each is a stored message
                if (total > 0 && nextQuarter[0] < PROGRESS_REPORTS && done * PROGRESS_REPORTS >= total * nextQuarter[0]) {
                    while (nextQuarter[0] < PROGRESS_REPORTS && done * PROGRESS_REPORTS >= total * nextQuarter[0]) {
                        nextQuarter[0]++;
                    }
                    report(campaign, UpdateState.DOWNLOADING, version(), done, total, null);
                }
                if (!halfSeen[0] && done * 2 >= total) {
                    halfSeen[0] = true;
                    hook.at("download-half");
                }
            }

            @Override
            public boolean cancelled() {
                return campaign != null && haltRequested.contains(campaign);
            }
        };
        try {
            downloader.download(client.targetUrl(t), t, file, listener);
            return true;
        } catch (DownloadCancelledException e) {
            // The halted campaign's version is held: polling will not pick it up either.
            finish(UpdateState.HALTED, "campaign halted during the download", version());
            return false;
        } catch (TufException e) {
            finish(UpdateState.FAILED, "download refused: " + e.getMessage(), null);
            return false;
        }
    }

    private void checkHealth() {
        hook.at("trial-running");
        report(journal.campaignId(), UpdateState.AWAITING_HEALTH, version(), 0, 0, null);
        HealthCheck.Result r;
        try {
            r = route(journal.target().artifact().kind()).health().check(healthTimeout);
        } catch (RuntimeException e) {
            r = HealthCheck.Result.failed("health check crashed: " + e);
        }
        if (Thread.currentThread().isInterrupted()) {
            // the agent is being stopped (its configuration changed): the next one checks the trial again
            return;
        }
        hook.at("health-checked");
        if (r.healthy()) {
            try {
                installing().commit();
            } catch (InstallException e) {
                revert("commit failed: " + e.getMessage());
                return;
            }
            hook.at("committed");
            finish(UpdateState.COMMITTED, null, null);
        } else {
            revert("health check failed: " + r.reason());
        }
    }

    private void revert(String reason) {
        journal = journal.reverting(reason);
        save();
        hook.at("reverting");
        Installer.Activation how;
        try {
            how = installing().revert(reason);
        } catch (InstallException e) {
            // The trial is one-shot: a restart falls back even if the revert itself failed.
            restarter.restart(Installer.Activation.REBOOT);
            return;
        }
        if (how == Installer.Activation.NONE) {
            finish(UpdateState.ROLLED_BACK, reason, version());
        } else {
            restarter.restart(how);
        }
    }

    private void finish(UpdateState state, String reason, String rejectVersion) {
        String campaign = journal.campaignId();
        String v = version();
        String running = running(); // of the kind that was under way
        if (journal.target() != null && !journal.target().artifact().kind().equals(installer.kind())) {
            // versions failed on this node hold back polls, which take only the main kind: another kind's
            // failed version must not hold back a software version of the same number
            rejectVersion = null;
        }
        if (state == UpdateState.COMMITTED || state == UpdateState.ROLLED_BACK) {
            deleteDownload();
        }
        journal = journal.done(rejectVersion);
        save();
        report(campaign, state, v != null ? v : running, 0, 0, reason, running);
    }

    private void deleteDownload() {
        TargetInfo t = journal.target();
        if (t != null) {
            try {
                Files.deleteIfExists(downloads.resolve(fileName(t)));
                Files.deleteIfExists(downloads.resolve(fileName(t) + ".part"));
            } catch (IOException e) {
                // housekeeping only
            }
        }
    }

    /** Bounded disk: partial files of abandoned updates go when another update starts. */
    private void dropOtherDownloads(String keep) {
        try (var files = Files.list(downloads)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!p.getFileName().toString().startsWith(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // housekeeping only
        }
    }

    private static String fileName(TargetInfo t) {
        return t.hashes().getOrDefault("sha256", "target") + "-" + t.path().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private String version() {
        return journal.target() == null ? null : journal.target().artifact().version().toString();
    }

    /** The running version of the kind under way, or of the main kind when none is. */
    private String running() {
        return (journal.target() == null ? installer : installing()).runningVersion().toString();
    }

    /** The installer of the target under way. */
    private Installer installing() {
        return route(journal.target().artifact().kind()).installer();
    }

    private Route route(String kind) {
        return kind.equals(installer.kind()) ? new Route(installer, health) : others.get(kind);
    }

    private record Route(Installer installer, HealthCheck health) {
    }

    private void save() {
        journal.save(journalFile);
    }

    private void report(String campaign, UpdateState state, String version, long done, long total, String reason) {
        report(campaign, state, version, done, total, reason, running());
    }

    private void report(String campaign, UpdateState state, String version, long done, long total, String reason,
                        String running) {
        NodeReport r = new NodeReport(nodeId, campaign, state, version, running, done, total, reason, clock.instant());
        last = r;
        try {
            reporter.report(r);
        } catch (RuntimeException e) {
            // A failing uplink must not stop an update; the state is in the journal and is reported again later.
        }
    }
}
