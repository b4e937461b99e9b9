package io.streetgate.driver;

/** How well a component or device works, worst last so that states can be compared. */
public enum HealthState {
    OK,
    /** Working, but with failures or reduced function (some reads failed, some channels missing). */
    DEGRADED,
    /** Not working: no valid readings, retried with back-off. */
    FAULTY;

    public HealthState worst(HealthState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
