package io.streetgate.driver;

/**
 * A driver for one actuator output: a dimmable lamp, a relay, a fan stage, a setpoint. The level is a
 * ratio 0..1 (on/off outputs use 0 and 1). Control logic decides levels; the driver only applies them and
 * reads them back.
 */
public interface ActuatorDriver extends AutoCloseable {

    /** The actuator's configured id. */
    String id();

    /** Finds and configures the output; does not change its level. */
    DeviceInfo init() throws DriverException;

    /**
     * Applies a level.
     *
     * @param level 0..1
     * @throws IllegalArgumentException when the level is outside 0..1 or not a number
     * @throws DriverException          when the output could not be set
     */
    void apply(double level) throws DriverException;

    /** The level the output reports, read back from the device where it can tell, else the last applied. */
    double readBack() throws DriverException;

    /** Releases the output, leaving it at its current level. Never throws. */
    @Override
    void close();

    static double checkLevel(double level) {
        if (!(level >= 0.0 && level <= 1.0)) {
            throw new IllegalArgumentException("level " + level + " is outside 0..1");
        }
        return level;
    }
}
