package io.streetgate.sim.modbus;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * A three-phase energy meter with the Eastron SDM630 register layout (Eastron "SDM630 Modbus protocol":
 * input registers, IEEE 754 floats high register first, 30001 = address 0; see
 * ../shared/reference/domain-facts-with-sources.md, section 4), measuring a street pole's load: the lamps at
 * night (dimmed after 23:00), a small base load by day. Import energy integrates the power over time, so the
 * counter grows with the load; the other values follow from the power, the supply voltage and a power factor.
 */
public final class EnergyMeterModel implements DeviceModel {

    // input register addresses (protocol addresses) from Eastron's SDM630 protocol sheet
    public static final int VOLTAGE_L1 = 0x0000;
    public static final int CURRENT_L1 = 0x0006;
    public static final int ACTIVE_POWER_L1 = 0x000C;
    public static final int APPARENT_POWER_L1 = 0x0012;
    public static final int REACTIVE_POWER_L1 = 0x0018;
    public static final int POWER_FACTOR_L1 = 0x001E;
    public static final int VOLTAGE_AVG = 0x002A;
    public static final int CURRENT_AVG = 0x002E;
    public static final int CURRENT_SUM = 0x0030;
    public static final int TOTAL_POWER = 0x0034;
    public static final int TOTAL_VA = 0x0038;
    public static final int TOTAL_VAR = 0x003C;
    public static final int TOTAL_PF = 0x003E;
    public static final int FREQUENCY = 0x0046;
    public static final int IMPORT_KWH = 0x0048;
    public static final int EXPORT_KWH = 0x004A;
    public static final int POWER_DEMAND = 0x0054;
    public static final int POWER_DEMAND_MAX = 0x0056;
    public static final int VOLTAGE_L1_L2 = 0x00C8;
    public static final int VOLTAGE_LL_AVG = 0x00CE;
    public static final int NEUTRAL_CURRENT = 0x00E0;
    public static final int TOTAL_KWH = 0x0156;

    private static final double[] PHASE_SHARE = {0.36, 0.33, 0.31};
    private static final double POWER_FACTOR = 0.95;

    private final ToDoubleFunction<Instant> loadWatts;
    private Instant last;
    private double importKwh;
    private double maxDemand;

    /** A pole with 1.8 kW of lamps from 17:00 to 07:00 UTC, at half power from 23:00 to 05:00, 150 W by day. */
    public EnergyMeterModel() {
        this(EnergyMeterModel::streetPole, 12_345.6);
    }

    /**
     * @param loadWatts   total active power at an instant
     * @param startingKwh the import counter when the simulation starts
     */
    public EnergyMeterModel(ToDoubleFunction<Instant> loadWatts, double startingKwh) {
        this.loadWatts = loadWatts;
        this.importKwh = startingKwh;
    }

    /** The default load profile. */
    public static double streetPole(Instant t) {
        double h = Daily.hours(t);
        boolean lampsOn = h >= 17 || h < 7;
        boolean dimmed = h >= 23 || h < 5;
        double lamps = lampsOn ? (dimmed ? 900 : 1800) : 0;
        return 150 + lamps + 20 * Daily.wobble(t, 600, 1);
    }

    /** The import counter now, kWh. */
    public synchronized double importKwh() {
        return importKwh;
    }

    @Override
    public synchronized void update(Instant now, RegisterBank r) {
        double power = Math.max(0, loadWatts.applyAsDouble(now));
        importKwh += power * Daily.seconds(last, now) / 3_600_000.0;
        last = now;
        maxDemand = Math.max(maxDemand, power);
        Table in = Table.INPUT_REGISTERS;
        double sumCurrent = 0;
        double sumVoltage = 0;
        double sumVa = 0;
        double sumVar = 0;
        double[] currents = new double[3];
        for (int phase = 0; phase < 3; phase++) {
            double volts = 230 + 3 * Daily.wobble(now, 900, 10 + phase);
            double watts = power * PHASE_SHARE[phase];
            double va = watts / POWER_FACTOR;
            double vars = Math.sqrt(va * va - watts * watts);
            double amps = va / volts;
            currents[phase] = amps;
            r.setFloat32(in, VOLTAGE_L1 + 2 * phase, WordOrder.ABCD, volts);
            r.setFloat32(in, CURRENT_L1 + 2 * phase, WordOrder.ABCD, amps);
            r.setFloat32(in, ACTIVE_POWER_L1 + 2 * phase, WordOrder.ABCD, watts);
            r.setFloat32(in, APPARENT_POWER_L1 + 2 * phase, WordOrder.ABCD, va);
            r.setFloat32(in, REACTIVE_POWER_L1 + 2 * phase, WordOrder.ABCD, vars);
            r.setFloat32(in, POWER_FACTOR_L1 + 2 * phase, WordOrder.ABCD, POWER_FACTOR);
            // line to line voltage of a balanced supply is sqrt(3) times the phase voltage
            r.setFloat32(in, VOLTAGE_L1_L2 + 2 * phase, WordOrder.ABCD, volts * Math.sqrt(3));
            sumCurrent += amps;
            sumVoltage += volts;
            sumVa += va;
            sumVar += vars;
        }
        r.setFloat32(in, VOLTAGE_AVG, WordOrder.ABCD, sumVoltage / 3);
        r.setFloat32(in, VOLTAGE_LL_AVG, WordOrder.ABCD, sumVoltage / 3 * Math.sqrt(3));
        r.setFloat32(in, CURRENT_AVG, WordOrder.ABCD, sumCurrent / 3);
        r.setFloat32(in, CURRENT_SUM, WordOrder.ABCD, sumCurrent);
        r.setFloat32(in, TOTAL_POWER, WordOrder.ABCD, power);
        r.setFloat32(in, TOTAL_VA, WordOrder.ABCD, sumVa);
        r.setFloat32(in, TOTAL_VAR, WordOrder.ABCD, sumVar);
        r.setFloat32(in, TOTAL_PF, WordOrder.ABCD, POWER_FACTOR);
        r.setFloat32(in, FREQUENCY, WordOrder.ABCD, 50.0 + 0.03 * Daily.wobble(now, 120, 7));
        r.setFloat32(in, IMPORT_KWH, WordOrder.ABCD, importKwh);
        r.setFloat32(in, EXPORT_KWH, WordOrder.ABCD, 0);
        r.setFloat32(in, POWER_DEMAND, WordOrder.ABCD, power);
        r.setFloat32(in, POWER_DEMAND_MAX, WordOrder.ABCD, maxDemand);
        // an unbalanced load leaves a neutral current: the phasor sum of three currents 120 degrees apart
        double re = currents[0] - 0.5 * (currents[1] + currents[2]);
        double im = Math.sqrt(3) / 2 * (currents[1] - currents[2]);
        r.setFloat32(in, NEUTRAL_CURRENT, WordOrder.ABCD, Math.hypot(re, im));
        r.setFloat32(in, TOTAL_KWH, WordOrder.ABCD, importKwh);
    }
}
