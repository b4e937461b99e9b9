package io.streetgate.sim.modbus;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenario behind each simulated device, hour by hour over a day. */
class DeviceModelsTest {

    static final Instant MIDNIGHT = Instant.parse("2026-01-15T00:00:00Z");

    @Test
    void energyGrowsWithTheLoadAndMostAtNight() {
        EnergyMeterModel model = new EnergyMeterModel();
        RegisterBank bank = new RegisterBank();
        double[] perHour = new double[24];
        model.update(MIDNIGHT, bank);
        for (int h = 0; h < 24; h++) {
            double before = model.importKwh();
            for (int m = 1; m <= 60; m++) {
                model.update(MIDNIGHT.plus(Duration.ofMinutes(60L * h + m)), bank);
            }
            perHour[h] = model.importKwh() - before;
        }
        // lamps at full power from 17:00, half power 23:00-05:00, off by day
        assertEquals(1.8 + 0.15, perHour[20], 0.05);
        assertEquals(0.9 + 0.15, perHour[2], 0.05);
        assertEquals(0.15, perHour[12], 0.05);
        double total = bank.float32(Table.INPUT_REGISTERS, EnergyMeterModel.TOTAL_KWH, WordOrder.ABCD);
        assertEquals(model.importKwh(), total, 0.01);
        // the phase powers add up to the total
        double sum = 0;
        for (int phase = 0; phase < 3; phase++) {
            sum += bank.float32(Table.INPUT_REGISTERS, EnergyMeterModel.ACTIVE_POWER_L1 + 2 * phase, WordOrder.ABCD);
        }
        assertEquals(bank.float32(Table.INPUT_REGISTERS, EnergyMeterModel.TOTAL_POWER, WordOrder.ABCD), sum, 0.01);
    }

    @Test
    void waterFlowHasItsMinimumAtNight() {
        double min = Double.MAX_VALUE;
        int minHour = -1;
        for (int h = 0; h < 24; h++) {
            double flow = WaterMeterModel.district(MIDNIGHT.plus(Duration.ofHours(h)));
            if (flow < min) {
                min = flow;
                minHour = h;
            }
        }
        assertTrue(minHour >= 1 && minHour <= 4, "minimum at " + minHour + ":00");
        assertTrue(WaterMeterModel.district(MIDNIGHT.plus(Duration.ofMinutes(450))) > 2.0, "morning peak");
    }

    @Test
    void theLampBurnsOnlyWhileLit() {
        SimulatedSlave gateway = new SimulatedSlave(1, new LampGatewayModel(60, 0));
        gateway.update(MIDNIGHT);
        gateway.update(MIDNIGHT.plus(Duration.ofHours(3)));
        assertEquals(3, gateway.registers().get(Table.INPUT_REGISTERS, LampGatewayModel.BURNING_HOURS + 1));
        gateway.registers().setBit(Table.COILS, LampGatewayModel.LAMP_ON, false);
        gateway.update(MIDNIGHT.plus(Duration.ofHours(5)));
        assertEquals(3, gateway.registers().get(Table.INPUT_REGISTERS, LampGatewayModel.BURNING_HOURS + 1));
        assertEquals(0, gateway.registers().get(Table.INPUT_REGISTERS, LampGatewayModel.LAMP_POWER));
    }

    @Test
    void theSoundLevelFollowsTheStreet() {
        assertTrue(SoundLevelMeterModel.street(MIDNIGHT.plus(Duration.ofHours(3))) < 50);
        assertTrue(SoundLevelMeterModel.street(MIDNIGHT.plus(Duration.ofHours(13))) > 58);
    }

    @Test
    void theHvacControllerRefusesOutOfRangeSettings() {
        SimulatedSlave hvac = new SimulatedSlave(1, new HvacControllerModel());
        // write 35.0 degC (350) as heating setpoint: outside 5..30
        byte[] reply = hvac.answer(new byte[]{0x06, 0, 0, 0x01, 0x5E}, MIDNIGHT);
        assertEquals((byte) 0x86, reply[0]);
        assertEquals(0x03, reply[1]);
    }
}
