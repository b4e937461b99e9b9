package io.streetgate.drivers.pi4j.ads1115;

/**
 * A straight line from an analog output's volts to what it stands for: {@code voltsMin} is
 * {@code valueMin}, {@code voltsMax} is {@code valueMax} (a sound level meter's 0-2 V for 30-130 dBA, say).
 */
public record LinearScale(double voltsMin, double voltsMax, double valueMin, double valueMax) {

    public LinearScale {
        if (!(voltsMax > voltsMin)) {
            throw new IllegalArgumentException("volts_max " + voltsMax + " must be above volts_min " + voltsMin);
        }
    }

    public double value(double volts) {
        return valueMin + (volts - voltsMin) * (valueMax - valueMin) / (voltsMax - voltsMin);
    }

    /** Whether the volts are inside the output's range (outside, the output is saturated or miswired). */
    public boolean covers(double volts) {
        return volts >= voltsMin && volts <= voltsMax;
    }
}
