package io.streetgate.sim.modbus;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * A sound level meter with streetgate's example register map (sound-level-meter.yaml in drivers-modbus): input
 * registers 0..3 LAeq, LAFmax, LAFmin, LCpeak in 0.1 dB (INT16), input register 8 a status word (bit 0
 * overload, 1 under-range, 2 calibration due, 3 microphone fault), holding register 0 the integration period
 * in seconds (1..3600; other values answer "illegal data value"). Levels follow street traffic: about 45 dB(A)
 * at night, 65 dB(A) by day.
 */
public final class SoundLevelMeterModel implements DeviceModel {

    public static final int LAEQ = 0;
    public static final int LAFMAX = 1;
    public static final int LAFMIN = 2;
    public static final int LCPEAK = 3;
    public static final int STATUS = 8;
    public static final int INTEGRATION_PERIOD = 0;

    private final ToDoubleFunction<Instant> laeq;
    private volatile int status;

    public SoundLevelMeterModel() {
        this(SoundLevelMeterModel::street);
    }

    /** @param laeq the A-weighted equivalent level at an instant, dB(A) */
    public SoundLevelMeterModel(ToDoubleFunction<Instant> laeq) {
        this.laeq = laeq;
    }

    /** The default profile: night 45 dB(A), rush hours near 67 dB(A). */
    public static double street(Instant t) {
        double h = Daily.hours(t);
        return 45 + 16 * Daily.bump(h, 13, 4.5) + 6 * Daily.bump(h, 8, 1) + 5 * Daily.bump(h, 17.5, 1.2)
                + 1.5 * Daily.wobble(t, 90, 5);
    }

    /** Sets the status word (e.g. 1 for overload). */
    public void status(int bits) {
        this.status = bits;
    }

    @Override
    public void install(RegisterBank registers) {
        registers.set(Table.HOLDING_REGISTERS, INTEGRATION_PERIOD, 60);
        registers.guardWrites((t, a, v) -> t == Table.HOLDING_REGISTERS && a == INTEGRATION_PERIOD
                && (v < 1 || v > 3600) ? ExceptionCode.ILLEGAL_DATA_VALUE : null);
    }

    @Override
    public void update(Instant now, RegisterBank r) {
        double level = laeq.applyAsDouble(now);
        Table in = Table.INPUT_REGISTERS;
        r.setInt16(in, LAEQ, (int) Math.round(level * 10));
        r.setInt16(in, LAFMAX, (int) Math.round((level + 9 + 2 * Daily.wobble(now, 37, 2)) * 10));
        r.setInt16(in, LAFMIN, (int) Math.round((level - 7) * 10));
        r.setInt16(in, LCPEAK, (int) Math.round((level + 28) * 10));
        r.setUint16(in, STATUS, status);
    }
}
