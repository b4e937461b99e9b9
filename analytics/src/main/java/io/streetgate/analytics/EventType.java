package io.streetgate.analytics;

/** What an {@link Event} reports. */
public enum EventType {
    /** A noise level over a period exceeded its configured limit. */
    NOISE_EXCEEDANCE,
    /** Night flow stayed above the leak threshold on consecutive nights. */
    LEAK_SUSPECTED,
    /** Flow never dropped to zero for 24 hours (single-meter leak rule). */
    CONTINUOUS_FLOW,
    /** Flow jumped far above its recent maximum or above the configured burst limit. */
    BURST,
    /** Water flowed backwards through the meter. */
    REVERSE_FLOW,
    /** Ambient light fell below the switch-on threshold. */
    DARKNESS,
    /** Ambient light rose above the switch-off threshold. */
    DAYLIGHT
}
