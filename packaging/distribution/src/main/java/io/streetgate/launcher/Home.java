package io.streetgate.launcher;

import io.streetgate.provision.StateDirectory;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /** The site file used when none is named: the simulated street, or the installed site file. */
    public Path defaultSite(boolean simulate) {
        Path etc = Path.of("/etc/streetgate/site.yaml");
        if (simulate) {
            return conf().resolve("simulated-street.yaml");
        }
        return Files.exists(etc) ? etc : conf().resolve("site.yaml");
    }
}
