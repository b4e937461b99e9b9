package io.streetgate.drivers.pi4j.ld2410;

/**
 * What one LD2410 report says.
 *
 * @param state            0 no target, 1 moving, 2 stationary, 3 both
 * @param movingCm         distance of the moving target, cm
 * @param movingEnergy     its energy, 0..100
 * @param stationaryCm     distance of the stationary target, cm
 * @param stationaryEnergy its energy, 0..100
 * @param detectionCm      the detection distance, cm
 */
public record Ld2410Targets(int state, int movingCm, int movingEnergy, int stationaryCm, int stationaryEnergy,
                            int detectionCm) {

    public boolean present() {
        return state != 0;
    }

    public boolean moving() {
        return (state & 1) != 0;
    }

    /** The nearest target's distance in metres: the moving one's when there is one, else the stationary one's. */
    public double distanceMetres() {
        return (moving() ? movingCm : stationaryCm) / 100.0;
    }
}
