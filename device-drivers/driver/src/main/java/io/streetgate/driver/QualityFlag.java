package io.streetgate.driver;

/**
 * Why a reading is not fully trustworthy. A flagged reading is kept and passed on with its flags; nothing
 * changes its value silently.
 */
public enum QualityFlag {
    /** Outside the physical or configured range of the quantity. */
    OUT_OF_RANGE,
    /** Changed faster than the quantity can change. */
    RATE_OF_CHANGE,
    /** An outlier against its neighbours (Hampel filter). */
    OUTLIER,
    /** The same value for longer than the quantity's natural variation allows. */
    STUCK,
    /** Sitting on a rail value (0, full scale): usually a wiring fault. */
    FLAT_LINE,
    /** One or more expected readings before this one are missing. */
    GAP_BEFORE,
    /** The sensor is still warming up or settling (e.g. PM sensors after wake). */
    WARMING_UP,
    /** The device reported a problem of its own (status bits, alarm registers) with this value. */
    DEVICE_WARNING,
    /** The value was derived or estimated rather than measured directly. */
    ESTIMATED,
    /** The reading arrived too late for the window it belongs to. */
    LATE
}
