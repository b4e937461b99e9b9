package io.streetgate.ota.agent;

import io.streetgate.ota.install.Installer;

/**
 * Carries out what an installer asked for after activation or revert: restart the OSGi runtime, reboot. In the
 * gateway this ends the process; after it, a new agent resumes from the journal.
 */
@FunctionalInterface
public interface Restarter {
    void restart(Installer.Activation how);
}
