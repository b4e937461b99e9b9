package io.streetgate.provision;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the gateway keeps its state when {@code --state-dir} is not given, for every streetgate command (the
 * launcher's {@code Home} asks here): {@code $STREETGATE_STATE_DIR}; as root, the folder the systemd unit gives
 * the service ({@code /var/lib/streetgate}), because a technician provisions and checks a pole as root and must
 * see what the service sees; else {@code ~/.local/state/streetgate}.
 */
public final class StateDirectory {
    static final String ENV = "STREETGATE_STATE_DIR";
    static final Path SERVICE_STATE = Path.of("/var/lib/streetgate");

    private StateDirectory() {
    }

    /** The default state folder of this process. */
    public static Path defaultState() {
        return defaultFor(System.getenv(), System.getProperty("user.home"), ServiceAccount.runningAsRoot());
    }

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
