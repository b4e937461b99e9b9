package io.streetgate.drivers.pi4j.bme280;

import java.time.Duration;

/** Measurement time of one forced-mode conversion (datasheet section 9.1, "Measurement time"). */
final class Bme280Timing {

    private Bme280Timing() {
    }

    /**
     * t_measure,max = 1.25 + 2.3·osrs_t + (2.3·osrs_p + 0.575) + (2.3·osrs_h + 0.575) ms, each bracket
     * dropped when that measurement is skipped; 9.3 ms with ×1 everywhere.
     */
    static Duration maxMeasurementTime(Oversampling t, Oversampling p, Oversampling h) {
        double ms = 1.25 + 2.3 * t.factor()
                + (p.factor() > 0 ? 2.3 * p.factor() + 0.575 : 0)
                + (h.factor() > 0 ? 2.3 * h.factor() + 0.575 : 0);
        return Duration.ofNanos(Math.round(ms * 1_000_000));
    }
}
