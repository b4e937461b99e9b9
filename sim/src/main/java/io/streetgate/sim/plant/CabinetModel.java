package io.streetgate.sim.plant;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * A street cabinet (or kiosk, or shelter) as one well-mixed air and equipment mass: heat flows in from its
 * equipment, the sun on its walls and its heater, out through its walls to the street and with the air its
 * fan exchanges, and its cooler extracts heat; CO2 rises with the people in it and is diluted by
 * infiltration and the fan. Between updates the outputs and the weather are held constant and the linear
 * equations are solved exactly, in steps of at most a minute, so that time may jump by any amount.
 * Thread-safe.
 *
 * <pre>
 *   C dT/dt = Q_equipment + Q_sun + Q_heater - Q_cooler + (UA + ρ c_p V̇_fan)(T_out - T)
 *   V dc/dt = people·g + (V̇_infiltration + V̇_fan)(c_out - c)
 * </pre>
 * ρ c_p of air is about 1.2 kg/m³ × 1005 J/(kg K) = 1206 J/(m³ K); a sedentary adult exhales about 0.0052 l/s
 * of CO2 (ASHRAE 62.1 practice, verify). The default parameters are plausible for a 1 m³ steel street cabinet;
 * they are not measurements.
 */
public final class CabinetModel {

    private static final double AIR_HEAT_PER_CUBIC_METRE = 1.2 * 1005; // J/(m³ K)
    private static final double CO2_PER_PERSON = 0.0052e-3;             // m³/s
    private static final Duration MAX_STEP = Duration.ofMinutes(1);

    /**
     * @param heatCapacity      J/K of air and equipment
     * @param ua                W/K through the walls
     * @param equipmentWatts    heat from the equipment inside, W
     * @param sunlitArea        m² of wall facing the sun times its absorptance
     * @param heaterWatts       heat from the heater when on, W
     * @param coolerWatts       heat removed by the cooler when on, W
     * @param fanAirflow        m³/h exchanged with the street at full fan
     * @param volume            m³ of air
     * @param infiltration      air changes per hour with the fan off
     * @param outdoorCo2        ppm of the street's air
     */
    public record Spec(double heatCapacity, double ua, double equipmentWatts, double sunlitArea, double heaterWatts,
                       double coolerWatts, double fanAirflow, double volume, double infiltration, double outdoorCo2) {

        /** A 1 m³ steel cabinet with 60 W of equipment, a 100 W heater, a 300 W cooler and a 100 m³/h fan. */
        public static Spec streetCabinet() {
            return new Spec(50_000, 25, 60, 0.5, 100, 300, 100, 1.0, 0.5, 420);
        }
    }

    /** What the model reads from the street and the gateway's outputs. */
    public record Inputs(ToDoubleFunction<Instant> outdoorTemperature, ToDoubleFunction<Instant> sunIrradiance,
                         ToDoubleFunction<Instant> people, BooleanSupplier heater, BooleanSupplier cooler,
                         DoubleSupplier fan) {
        public Inputs {
            Objects.requireNonNull(outdoorTemperature, "outdoorTemperature");
            Objects.requireNonNull(sunIrradiance, "sunIrradiance");
            Objects.requireNonNull(people, "people");
            Objects.requireNonNull(heater, "heater");
            Objects.requireNonNull(cooler, "cooler");
            Objects.requireNonNull(fan, "fan");
        }
    }

    private final Spec spec;
    private final Inputs inputs;
    private Instant last;
    private double temperature;
    private double co2;
    private double heaterSeconds;
    private double coolerSeconds;

    /** A cabinet at the street's temperature and CO2 at {@code start}. */
    public CabinetModel(Spec spec, Inputs inputs, Instant start) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.last = Objects.requireNonNull(start, "start");
        this.temperature = inputs.outdoorTemperature().applyAsDouble(start) + spec.equipmentWatts() / spec.ua();
        this.co2 = spec.outdoorCo2();
    }

    /** Clear-sky irradiance on a surface facing the sun from its elevation, W/m²: 1000 W/m² times sin(elevation). */
    public static double clearSkyIrradiance(double elevationDegrees) {
        return elevationDegrees <= 0 ? 0 : 1000 * Math.sin(Math.toRadians(elevationDegrees));
    }

    /** The air temperature inside at {@code at}, °C. */
    public synchronized double temperature(Instant at) {
        advance(at);
        return temperature;
    }

    /** The CO2 inside at {@code at}, ppm. */
    public synchronized double co2(Instant at) {
        advance(at);
        return co2;
    }

    /** How long the heater and the cooler have run, seconds (for tests and the energy of the cabinet). */
    public synchronized double[] runSeconds(Instant at) {
        advance(at);
        return new double[]{heaterSeconds, coolerSeconds};
    }

    private void advance(Instant to) {
        if (!to.isAfter(last)) {
            return;
        }
        boolean heater = inputs.heater().getAsBoolean();
        boolean cooler = inputs.cooler().getAsBoolean();
        double fan = Math.max(0, Math.min(1, inputs.fan().getAsDouble()));
        while (last.isBefore(to)) {
            Instant next = last.plus(MAX_STEP).isBefore(to) ? last.plus(MAX_STEP) : to;
            double dt = Duration.between(last, next).toNanos() / 1e9;
            double outdoor = inputs.outdoorTemperature().applyAsDouble(last);
            double airflow = spec.fanAirflow() * fan / 3600; // m³/s
            double conductance = spec.ua() + AIR_HEAT_PER_CUBIC_METRE * airflow;
            double gains = spec.equipmentWatts() + spec.sunlitArea() * inputs.sunIrradiance().applyAsDouble(last)
                    + (heater ? spec.heaterWatts() : 0) - (cooler ? spec.coolerWatts() : 0);
            double equilibrium = outdoor + gains / conductance;
            temperature = equilibrium + (temperature - equilibrium) * Math.exp(-conductance * dt / spec.heatCapacity());

            double exchange = spec.infiltration() * spec.volume() / 3600 + airflow; // m³/s
            double source = inputs.people().applyAsDouble(last) * CO2_PER_PERSON * 1e6; // ppm·m³/s
            double co2Equilibrium = spec.outdoorCo2() + source / exchange;
            co2 = co2Equilibrium + (co2 - co2Equilibrium) * Math.exp(-exchange * dt / spec.volume());
            heaterSeconds += heater ? dt : 0;
            coolerSeconds += cooler ? dt : 0;
            last = next;
        }
    }
}
