package io.streetgate.sim.modbus;

import java.time.Instant;

/**
 * A Modbus/DALI gateway driving one lamp, with streetgate's example register map (dali-lamp-gateway.yaml in
 * drivers-modbus): holding register 0 the DALI arc power level (0 off, 1..254 on the logarithmic curve of IEC
 * 62386-102, 255 MASK keeps the level; others answer "illegal data value"), coil 0 lamp on, discrete input 0
 * lamp failure, input registers 0-1 burning hours (UINT32, high register first), 2 lamp power in 0.1 W, 3 the
 * DALI status byte (bit 0 gear failure, bit 1 lamp failure). Burning time counts while the lamp is lit.
 */
public final class LampGatewayModel implements DeviceModel {

    public static final int LEVEL = 0;
    public static final int LAMP_ON = 0;
    public static final int LAMP_FAILURE = 0;
    public static final int BURNING_HOURS = 0;
    public static final int LAMP_POWER = 2;
    public static final int GEAR_STATUS = 3;
    private static final int MASK = 255;

    private final double ratedWatts;
    private Instant last;
    private double burningSeconds;
    private volatile boolean lampFailed;
    private int level = 254;

    public LampGatewayModel() {
        this(60, 11_000);
    }

    /**
     * @param ratedWatts    the lamp's power at full light
     * @param burningHours  its burning hours when the simulation starts
     */
    public LampGatewayModel(double ratedWatts, double burningHours) {
        this.ratedWatts = ratedWatts;
        this.burningSeconds = burningHours * 3600;
    }

    /** The lamp fails (or is replaced). */
    public void lampFailed(boolean failed) {
        this.lampFailed = failed;
    }

    @Override
    public void install(RegisterBank registers) {
        registers.set(Table.HOLDING_REGISTERS, LEVEL, level);
        registers.setBit(Table.COILS, LAMP_ON, true);
        registers.guardWrites((t, a, v) -> t == Table.HOLDING_REGISTERS && a == LEVEL && v > MASK
                ? ExceptionCode.ILLEGAL_DATA_VALUE : null);
        registers.onWrite((t, a, n) -> {
            if (t == Table.HOLDING_REGISTERS && a <= LEVEL && LEVEL < a + n) {
                synchronized (this) {
                    int written = registers.get(Table.HOLDING_REGISTERS, LEVEL);
                    if (written == MASK) {
                        registers.set(Table.HOLDING_REGISTERS, LEVEL, level); // MASK: keep the level
                    } else {
                        level = written;
                    }
                }
            }
        });
    }

    /** The light output ratio the lamp gives now (0 when off or failed). */
    public synchronized double lightOutput(RegisterBank r) {
        if (lampFailed || r.get(Table.COILS, LAMP_ON) == 0 || level == 0) {
            return 0;
        }
        // IEC 62386-102: X(n) = 10^((n-1)/(253/3) - 1) percent
        return Math.pow(10, (level - 1) / (253.0 / 3.0) - 1) / 100.0;
    }

    @Override
    public synchronized void update(Instant now, RegisterBank r) {
        double light = lightOutput(r);
        if (light > 0) {
            burningSeconds += Daily.seconds(last, now);
        }
        last = now;
        Table in = Table.INPUT_REGISTERS;
        long hours = (long) (burningSeconds / 3600);
        r.setRegisters(in, BURNING_HOURS, (int) (hours >>> 16) & 0xFFFF, (int) hours & 0xFFFF);
        r.setUint16(in, LAMP_POWER, (int) Math.round(ratedWatts * light * 10));
        r.setBit(Table.DISCRETE_INPUTS, LAMP_FAILURE, lampFailed);
        r.setUint16(in, GEAR_STATUS, lampFailed ? 0b10 : 0);
    }
}
