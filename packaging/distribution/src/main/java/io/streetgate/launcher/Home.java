package io.streetgate.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where streetgate is installed and where it keeps its state. The install folder comes from the
 * {@code streetgate.home} system property (set by {@code bin/streetgate}); the state folder from
 * {@code --state-dir}, else {@code $STREETGATE_STATE_DIR}, else {@code ~/.local/state/streetgate}.
 */
public record Home(Path install, Path state) {

    public static Path installDir() {
        String home = System.getProperty("streetgate.home");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    public static Path defaultState() {
        String env = System.getenv("STREETGATE_STATE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "streetgate");
    }

    public static Home of(Path stateOverride) {
        return new Home(installDir(), (stateOverride != null ? stateOverride : defaultState()).toAbsolutePath().normalize());
    }

    public Path bundles() {
        return install.resolve("bundles");
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
