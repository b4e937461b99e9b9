package io.streetgate.ota.agent;

/** The states the agent reports upstream. */
public enum UpdateState {
    /** Looking for updates (timestamp poll or campaign notice). */
    CHECKING,
    /** Nothing newer for this node. */
    UP_TO_DATE,
    /** Downloading, with bytes done and total. */
    DOWNLOADING,
    /** Writing the verified artifact (bundle set folder, inactive slot) and switching to it on trial. */
    INSTALLING,
    /** Running the new version on trial until the health check passes. */
    AWAITING_HEALTH,
    /** The new version is permanent. */
    COMMITTED,
    /** The new version failed (health check, or its trial ended without a commit) and the old one runs again. */
    ROLLED_BACK,
    /** The update could not proceed; the reason says why; the running version is unchanged. */
    FAILED,
    /** The campaign was halted; downloads in flight stopped. */
    HALTED
}
