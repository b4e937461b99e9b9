package io.streetgate.sim.modbus;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * An ultrasonic water meter with the TUF-2000M register layout (holding registers numbered from 1 in its
 * manual, so register N is address N-1; REAL4 and LONG word-swapped, CDAB; totalizers as LONG integer part
 * plus REAL4 fraction; functions 03 and 06 only; see ../shared/reference/domain-facts-with-sources.md,
 * section 4). The flow follows a district's day: a minimum at night around 03:00 and peaks in the morning and
 * evening; the totalizer integrates it.
 */
public final class WaterMeterModel implements DeviceModel {

    // manual register numbers minus one
    public static final int FLOW = 0;            // R1-2 flow rate m3/h, REAL4
    public static final int VELOCITY = 4;        // R5-6 velocity m/s
    public static final int SOUND_SPEED = 6;     // R7-8 fluid sound speed m/s
    public static final int POSITIVE_TOTAL = 8;  // R9-10 LONG + R11-12 REAL4 fraction
    public static final int NEGATIVE_TOTAL = 12; // R13-14 LONG + R15-16 REAL4
    public static final int NET_TOTAL = 24;      // R25-26 LONG + R27-28 REAL4
    public static final int ERROR_BITS = 71;     // R72
    public static final int SIGNAL_QUALITY = 91; // R92, 0..99

    /** Cross-section of a DN50 pipe, m2. */
    private static final double PIPE_AREA = Math.PI * 0.025 * 0.025;
    /** Speed of sound in water at about 20 degC, m/s. */
    private static final double SOUND_IN_WATER = 1482;

    private final ToDoubleFunction<Instant> flowCubicMetresPerHour;
    private Instant last;
    private double positive;
    private volatile int errorBits;
    private volatile int signalQuality = 86;

    /** A district meter: 0.15 m3/h at night, 2.6 m3/h at the morning peak. */
    public WaterMeterModel() {
        this(WaterMeterModel::district, 4321.25);
    }

    public WaterMeterModel(ToDoubleFunction<Instant> flowCubicMetresPerHour, double startingCubicMetres) {
        this.flowCubicMetresPerHour = flowCubicMetresPerHour;
        this.positive = startingCubicMetres;
    }

    /** The default flow profile, m3/h: the minimum night flow sits around 03:00. */
    public static double district(Instant t) {
        double h = Daily.hours(t);
        return 0.15 + 2.45 * Daily.bump(h, 7.5, 1.2) + 1.9 * Daily.bump(h, 19.5, 1.6) + 0.9 * Daily.bump(h, 13, 3.5)
                + 0.02 * Daily.wobble(t, 300, 3);
    }

    /** Sets the meter's error bits (R72), e.g. 1 for "no signal". */
    public void errorBits(int bits) {
        this.errorBits = bits;
    }

    public void signalQuality(int q) {
        this.signalQuality = q;
    }

    /** A slave at {@code unitId} answering only functions 03 and 06, as the meter does. */
    public static SimulatedSlave slave(int unitId) {
        return new SimulatedSlave(unitId, new WaterMeterModel()).supportOnly(0x03, 0x06);
    }

    public synchronized double positiveTotal() {
        return positive;
    }

    @Override
    public synchronized void update(Instant now, RegisterBank r) {
        double flow = Math.max(0, flowCubicMetresPerHour.applyAsDouble(now));
        positive += flow * Daily.seconds(last, now) / 3600.0;
        last = now;
        Table h = Table.HOLDING_REGISTERS;
        r.setFloat32(h, FLOW, WordOrder.CDAB, flow);
        r.setFloat32(h, VELOCITY, WordOrder.CDAB, flow / 3600.0 / PIPE_AREA);
        r.setFloat32(h, SOUND_SPEED, WordOrder.CDAB, SOUND_IN_WATER);
        r.setLongReal(h, POSITIVE_TOTAL, WordOrder.CDAB, positive);
        r.setLongReal(h, NEGATIVE_TOTAL, WordOrder.CDAB, 0);
        r.setLongReal(h, NET_TOTAL, WordOrder.CDAB, positive);
        r.setUint16(h, ERROR_BITS, errorBits);
        r.setUint16(h, SIGNAL_QUALITY, signalQuality);
    }
}
