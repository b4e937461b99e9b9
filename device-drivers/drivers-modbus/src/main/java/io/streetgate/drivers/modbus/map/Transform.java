package io.streetgate.drivers.modbus.map;

/** A conversion applied after scale and offset, for values that are not linear in their register. */
public enum Transform {
    NONE("none"),
    /**
     * A DALI arc power level 0..254 read as a light output ratio 0..1: level 0 is off, levels 1..254 follow
     * X(n) = 10^((n-1)/(253/3) - 1) % of full light, so 1 is 0.1 % and 254 is 100 % (IEC 62386-102, the
     * logarithmic dimming curve). 255 (MASK, "no change") is not a level and reads as not-a-number.
     */
    DALI_ARC_LEVEL("dali-arc-level");

    private static final double DALI_STEPS_PER_DECADE = 253.0 / 3.0;

    private final String mapName;

    Transform(String mapName) {
        this.mapName = mapName;
    }

    public String mapName() {
        return mapName;
    }

    public static Transform fromMapName(String name) {
        for (Transform t : values()) {
            if (t.mapName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The value for a scaled register value. */
    public double apply(double scaled) {
        if (this == NONE) {
            return scaled;
        }
        long level = Math.round(scaled);
        if (level == 0) {
            return 0.0;
        }
        if (level < 0 || level > 254) {
            return Double.NaN;
        }
        return Math.pow(10, (level - 1) / DALI_STEPS_PER_DECADE - 1) / 100.0;
    }

    /** The scaled register value for a value: the inverse of {@link #apply}, to the nearest level. */
    public double invert(double value) {
        if (this == NONE) {
            return value;
        }
        if (!(value > 0)) {
            return 0;
        }
        double percent = Math.min(value, 1.0) * 100.0;
        long level = Math.round(1 + DALI_STEPS_PER_DECADE * (Math.log10(percent) + 1));
        return Math.max(1, Math.min(254, level));
    }
}
