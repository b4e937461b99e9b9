package io.streetgate.provision;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the gateway keeps its state when {@code --state-dir} is not given, for every streetgate command (the
 * launcher's {@code Home} asks here): {@code $STREETGATE_STATE_DIR}; as root where the package is installed, the
 * folder the systemd unit gives the service ({@code /var/lib/streetgate}), because a technician provisions and
 * checks a pole as root and must see what the service sees; else {@code ~/.local/state/streetgate}.
 */
public final class StateDirectory {
    static final String ENV = "STREETGATE_STATE_DIR";
    /** The service's state folder (the .deb's systemd unit). */
    public static final Path SERVICE_STATE = Path.of("/var/lib/streetgate");

    private StateDirectory() {
    }

    /** The default state folder of this process. */
    public static Path defaultState() {
        boolean rootOnAnInstalledNode = ServiceAccount.runningAsRoot() && java.nio.file.Files.isDirectory(SERVICE_STATE);
        return defaultFor(System.getenv(), System.getProperty("user.home"), rootOnAnInstalledNode);
    }

    /** @param root whether this is root on a node where the service's folder exists */
    static Path defaultFor(Map<String, String> env, String userHome, boolean root) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        if (root) {
            return SERVICE_STATE;
        }
        return Path.of(userHome, ".local", "state", "streetgate");
    }
}
