package io.streetgate.drivers.pi4j.bme280;

import io.streetgate.sim.chip.bme280.Bme280Inversion;
import io.streetgate.sim.chip.bme280.Bme280Trimming;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulator's inversion, read back by the driver's integer compensation, over the chip's whole range. */
class Bme280RoundTripTest {

    final Bme280Inversion simulator = new Bme280Inversion(Bme280Trimming.SAMPLE);
    final Bme280Compensation driver = new Bme280Compensation(Bme280CompensationTest.SAMPLE);

    @Test
    void temperatureFromMinus40To85() {
        for (int bits : new int[] {16, 20}) {
            for (double target = -40; target <= 85; target += 0.13) {
                int raw = simulator.rawTemperature(target, bits);
                // 0.01 °C output step plus one ADC step (0.005 °C at 16 bits)
                assertEquals(target, driver.celsius(raw), 0.0151, "target " + target + " at " + bits + " bits");
            }
        }
    }

    @Test
    void pressureFrom300To1100Hectopascal() {
        for (double celsius : new double[] {-40, 0, 21, 85}) {
            int tFine = driver.tFine(simulator.rawTemperature(celsius, 20));
            for (double target = 30_000; target <= 110_000; target += 97) {
                assertEquals(target, driver.pascal(simulator.rawPressure(target, tFine, 16), tFine), 1.7);
                assertEquals(target, driver.pascal(simulator.rawPressure(target, tFine, 20), tFine), 0.2);
            }
        }
    }

    @Test
    void humidityFrom0To100Percent() {
        for (double celsius : new double[] {-40, 0, 21, 85}) {
            int tFine = driver.tFine(simulator.rawTemperature(celsius, 20));
            for (double target = 0; target <= 100; target += 0.31) {
                // output step 1/1024 %RH plus the raw step
                assertEquals(target, driver.percentRh(simulator.rawHumidity(target, tFine), tFine), 0.03,
                        "target " + target + " at " + celsius + " °C");
            }
        }
    }
}
