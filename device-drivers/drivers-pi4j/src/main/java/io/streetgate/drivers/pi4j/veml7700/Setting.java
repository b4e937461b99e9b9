package io.streetgate.drivers.pi4j.veml7700;

/**
 * A gain and integration time, and what one count is worth there.
 *
 * @param gain            the gain
 * @param integrationTime the integration time
 */
public record Setting(Gain gain, IntegrationTime integrationTime) {

    /**
     * Lux per count: the value at ×1 and 100 ms, halved with each doubling of the integration time and
     * divided by the gain (datasheet, "Resolution and Maximum Detection Range"; e.g. 0.0576 lx at ×1/100 ms
     * gives 0.0036 at ×2/800 ms and 1.8432 at ×1/8/25 ms).
     */
    public double luxPerCount(double atGain1And100ms) {
        return atGain1And100ms * (100.0 / integrationTime.millis) / gain.factor;
    }

    /** The ALS_CONF word for this setting, powered on, interrupts off, persistence 1. */
    int alsConf() {
        return (gain.code << 11) | (integrationTime.code << 6);
    }

    @Override
    public String toString() {
        return "gain " + gain.optionValue + ", " + integrationTime.millis + " ms";
    }
}
