package io.streetgate.analytics.control.lighting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The lighting classes of EN 13201-2:2015 with the minimum each requires (maintained values): M classes
 * (motorised traffic) as average road surface luminance in cd/m², P classes (pedestrian areas and low-speed
 * roads) and C classes (conflict areas) as average horizontal illuminance in lx. Which dimming level meets a
 * class depends on the luminaire and its installation (the lighting design says it), so the site file gives
 * that level next to the class; the class names what the floor stands for.
 */
public enum LightingClass {
    M1(2.0, "cd/m²"), M2(1.5, "cd/m²"), M3(1.0, "cd/m²"), M4(0.75, "cd/m²"), M5(0.5, "cd/m²"), M6(0.3, "cd/m²"),
    P1(15, "lx"), P2(10, "lx"), P3(7.5, "lx"), P4(5, "lx"), P5(3, "lx"), P6(2, "lx"),
    // C classes: C0 50 lx down to C5 7.5 lx (EN 13201-2 table 2; the reference marks these for checking)
    C0(50, "lx"), C1(30, "lx"), C2(20, "lx"), C3(15, "lx"), C4(10, "lx"), C5(7.5, "lx");

    private final double minimum;
    private final String unit;

    LightingClass(double minimum, String unit) {
        this.minimum = minimum;
        this.unit = unit;
    }

    /** The maintained average the class requires, in {@link #unit()}. */
    public double minimum() {
        return minimum;
    }

    /** cd/m² (luminance) for M classes, lx (illuminance) for P and C classes. */
    public String unit() {
        return unit;
    }

    /** e.g. {@code M4 (0.75 cd/m²)}. */
    public String describe() {
        return name() + " (" + (minimum == Math.rint(minimum) ? Long.toString((long) minimum) : Double.toString(minimum))
                + " " + unit + ")";
    }

    public static Optional<LightingClass> parse(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equals(name.trim().toUpperCase(Locale.ROOT))).findFirst();
    }
}
