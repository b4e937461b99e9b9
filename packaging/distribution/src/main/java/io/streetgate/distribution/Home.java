package io.streetgate.distribution;

import io.streetgate.provision.ConfigDirOption;
import io.streetgate.provision.StateDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where streetgate is installed and where it keeps its state. The install folder comes from the
 * {@code streetgate.home} system property (set by {@code bin/streetgate}); the state folder from
 * {@code --state-dir}, else {@code $STREETGATE_STATE_DIR}, else as root the service's {@code /var/lib/streetgate},
 * else {@code ~/.local/state/streetgate}.
 */
public record Home(Path install, Path state) {

    public static Path installDir() {
        String home = System.getProperty("streetgate.home");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    /** {@code $STREETGATE_STATE_DIR}, as root the service's {@code /var/lib/streetgate}, else the user's own. */
    public static Path defaultState() {
        return StateDirectory.defaultState();
    }

    public static Home of(Path stateOverride) {
        return new Home(installDir(), (stateOverride != null ? stateOverride : defaultState()).toAbsolutePath().normalize());
    }

    public Path bundles() {
        return install.resolve("bundles");
    }

    /**
     * The simulated street's bundles, installed beside the others by {@code run --simulate} only; an installation
     * without them (the .deb, the node image) has no simulator classes at all.
     */
    public Path simulator() {
        return install.resolve("simulator");
    }

    public Path conf() {
        return install.resolve("conf");
    }

    /**
     * The site file a command reads: {@code --site FILE}, else the site folder's {@code site.yaml}
     * ({@code --config-dir DIR}, provision's option), else {@link #defaultSite}; absolute.
     *
     * @throws IllegalArgumentException when both name a file: which one was meant cannot be guessed
     */
    public Path siteFile(Path site, ConfigDirOption configDir, boolean simulate) {
        Optional<Path> folder = configDir.given();
        if (site != null && folder.isPresent()) {
            throw new IllegalArgumentException("--site " + site + " and --config-dir " + folder.get() + " both name "
                    + "the site file; give one of them (--config-dir DIR means DIR/site.yaml)");
        }
        Path file = site != null ? site : folder.map(ConfigDirOption::siteFile).orElseGet(() -> defaultSite(simulate));
        return file.toAbsolutePath();
    }

    /** The site file used when none is named: the simulated street, or the installed site file. */
    public Path defaultSite(boolean simulate) {
        Path etc = ConfigDirOption.siteFile(ConfigDirOption.DEFAULT);
        if (simulate) {
            return conf().resolve("simulated-street.yaml");
        }
        return Files.exists(etc) ? etc : conf().resolve("site.yaml");
    }
}
