package io.streetgate.sim.modbus;

import java.time.Instant;

/**
 * An HVAC controller with streetgate's example register map (hvac-controller.yaml in drivers-modbus), following
 * common vendor practice: holding registers 0 heating and 1 cooling setpoint (INT16, 0.1 degC), 2 mode (0 off,
 * 1 heat, 2 cool, 3 auto, 4 ventilation), 3 fan stage 0..3, 4 CO2 setpoint ppm; input registers 0 room,
 * 1 supply air, 2 outdoor temperature (0.1 degC), 3 humidity (0.1 %RH), 4 CO2 ppm, 5 running fan stage, 6 alarm
 * bits. Out-of-range setpoints, modes or stages answer "illegal data value". The room drifts towards what the
 * mode aims at with a 30-minute time constant; outdoors follows a day between 5 and 15 degC.
 */
public final class HvacControllerModel implements DeviceModel {

    public static final int HEATING_SETPOINT = 0;
    public static final int COOLING_SETPOINT = 1;
    public static final int MODE = 2;
    public static final int FAN_SPEED = 3;
    public static final int CO2_SETPOINT = 4;
    public static final int ROOM_TEMPERATURE = 0;
    public static final int SUPPLY_AIR = 1;
    public static final int OUTDOOR = 2;
    public static final int HUMIDITY = 3;
    public static final int CO2 = 4;
    public static final int FAN_ACTUAL = 5;
    public static final int ALARMS = 6;

    private static final double TIME_CONSTANT_SECONDS = 1800;

    private Instant last;
    private double room = 19.0;
    private volatile int alarms;

    /** Sets the alarm bits (e.g. 1 for a filter alarm). */
    public void alarms(int bits) {
        this.alarms = bits;
    }

    @Override
    public void install(RegisterBank r) {
        Table h = Table.HOLDING_REGISTERS;
        r.setInt16(h, HEATING_SETPOINT, 210);
        r.setInt16(h, COOLING_SETPOINT, 250);
        r.setUint16(h, MODE, 3);
        r.setUint16(h, FAN_SPEED, 1);
        r.setUint16(h, CO2_SETPOINT, 1000);
        r.guardWrites((t, a, v) -> {
            if (t != h) {
                return null;
            }
            int signed = (short) v;
            boolean ok = switch (a) {
                case HEATING_SETPOINT -> signed >= 50 && signed <= 300;
                case COOLING_SETPOINT -> signed >= 180 && signed <= 350;
                case MODE -> v <= 4;
                case FAN_SPEED -> v <= 3;
                case CO2_SETPOINT -> v >= 400 && v <= 2000;
                default -> false;
            };
            return ok ? null : ExceptionCode.ILLEGAL_DATA_VALUE;
        });
    }

    @Override
    public synchronized void update(Instant now, RegisterBank r) {
        Table h = Table.HOLDING_REGISTERS;
        double heating = (short) r.get(h, HEATING_SETPOINT) / 10.0;
        double cooling = (short) r.get(h, COOLING_SETPOINT) / 10.0;
        int mode = r.get(h, MODE);
        int fan = r.get(h, FAN_SPEED);
        double outdoor = 10 + 5 * Math.sin(2 * Math.PI * (Daily.hours(now) - 9) / 24);
        double target = switch (mode) {
            case 1 -> heating;
            case 2 -> cooling;
            case 3 -> Math.max(heating, Math.min(cooling, room));
            case 4 -> outdoor + 6;
            default -> outdoor + 8;
        };
        double dt = Daily.seconds(last, now);
        last = now;
        room += (target - room) * (1 - Math.exp(-dt / TIME_CONSTANT_SECONDS));
        double supply = mode == 1 || (mode == 3 && room < heating) ? heating + 12
                : mode == 2 || (mode == 3 && room > cooling) ? cooling - 10 : room;
        Table in = Table.INPUT_REGISTERS;
        r.setInt16(in, ROOM_TEMPERATURE, (int) Math.round(room * 10));
        r.setInt16(in, SUPPLY_AIR, (int) Math.round(supply * 10));
        r.setInt16(in, OUTDOOR, (int) Math.round(outdoor * 10));
        r.setInt16(in, HUMIDITY, (int) Math.round((45 + 8 * Daily.wobble(now, 3600, 4)) * 10));
        r.setUint16(in, CO2, (int) Math.round(650 + 250 * Daily.bump(Daily.hours(now), 14, 3)));
        r.setUint16(in, FAN_ACTUAL, mode == 0 ? 0 : fan);
        r.setUint16(in, ALARMS, alarms);
    }
}
