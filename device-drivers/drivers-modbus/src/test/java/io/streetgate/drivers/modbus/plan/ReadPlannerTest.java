package io.streetgate.drivers.modbus.plan;

import io.streetgate.drivers.modbus.map.AddressRange;
import io.streetgate.drivers.modbus.map.BuiltInMaps;
import io.streetgate.drivers.modbus.map.Point;
import io.streetgate.drivers.modbus.map.Polling;
import io.streetgate.drivers.modbus.map.RegisterMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.streetgate.drivers.modbus.map.MapFixtures.register;
import static io.streetgate.drivers.modbus.map.MapFixtures.wide;
import static io.streetgate.drivers.modbus.map.RegisterTable.COIL;
import static io.streetgate.drivers.modbus.map.RegisterTable.HOLDING_REGISTER;
import static io.streetgate.drivers.modbus.map.RegisterTable.INPUT_REGISTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadPlannerTest {

    static final Polling NO_GAPS = new Polling(125, 2000, 0);

    static List<String> blocks(ReadPlan plan) {
        return plan.blocks().stream().map(b -> b.table().mapName() + " " + b.start() + "+" + b.count()).toList();
    }

    @Test
    void neighboursOfOneTableAreReadTogether() {
        ReadPlan plan = ReadPlanner.plan(List.of(wide("a", INPUT_REGISTER, 0, 2), wide("b", INPUT_REGISTER, 2, 2),
                wide("c", INPUT_REGISTER, 4, 2)), NO_GAPS, List.of());
        assertEquals(List.of("input 0+6"), blocks(plan));
        assertEquals(1, plan.requests());
        assertEquals(3, plan.points());
    }

    @Test
    void tablesAreNeverMixedInOneRead() {
        ReadPlan plan = ReadPlanner.plan(List.of(register("a", INPUT_REGISTER, 0), register("b", HOLDING_REGISTER, 1),
                register("c", INPUT_REGISTER, 1)), NO_GAPS, List.of());
        assertEquals(List.of("input 0+2", "holding 1+1"), blocks(plan));
    }

    @Test
    void aGapUpToTheAllowedSizeIsReadThrough() {
        List<Point> points = List.of(register("a", INPUT_REGISTER, 0), register("b", INPUT_REGISTER, 5),
                register("c", INPUT_REGISTER, 20));
        assertEquals(List.of("input 0+1", "input 5+1", "input 20+1"),
                blocks(ReadPlanner.plan(points, NO_GAPS, List.of())));
        assertEquals(List.of("input 0+6", "input 20+1"),
                blocks(ReadPlanner.plan(points, Polling.DEFAULT.withMaxGap(4), List.of())));
        ReadPlan wide = ReadPlanner.plan(points, Polling.DEFAULT.withMaxGap(14), List.of());
        assertEquals(List.of("input 0+21"), blocks(wide));
        assertEquals(18, wide.blocks().get(0).unused());
    }

    @Test
    void noReadIsLongerThanTheDeviceAllows() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(wide("p" + i, INPUT_REGISTER, 2 * i, 2));
        }
        assertEquals(List.of("input 0+124", "input 124+76"),
                blocks(ReadPlanner.plan(points, Polling.DEFAULT, List.of())));
        assertEquals(List.of("input 0+80", "input 80+80", "input 160+40"),
                blocks(ReadPlanner.plan(points, Polling.DEFAULT.withMaxRegisters(80), List.of())));
    }

    @Test
    void aTwoRegisterValueIsNeverCutInHalf() {
        // 125 is odd: a read of 62 floats ends at 124 and the 63rd float starts the next read
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 63; i++) {
            points.add(wide("p" + i, INPUT_REGISTER, 2 * i, 2));
        }
        ReadPlan plan = ReadPlanner.plan(points, Polling.DEFAULT, List.of());
        assertEquals(List.of("input 0+124", "input 124+2"), blocks(plan));
    }

    @Test
    void refusedAddressesAreNeverCovered() {
        List<Point> points = List.of(register("a", INPUT_REGISTER, 0), register("b", INPUT_REGISTER, 3));
        List<AddressRange> refused = List.of(new AddressRange(INPUT_REGISTER, 2, 2));
        assertEquals(List.of("input 0+1", "input 3+1"),
                blocks(ReadPlanner.plan(points, Polling.DEFAULT, refused)));
        // a refused address of another table does not matter
        assertEquals(List.of("input 0+4"), blocks(ReadPlanner.plan(points, Polling.DEFAULT,
                List.of(new AddressRange(HOLDING_REGISTER, 2, 2)))));
    }

    @Test
    void anEntryOnARefusedAddressOrLargerThanARequestIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> ReadPlanner.plan(List.of(register("a", INPUT_REGISTER, 2)),
                Polling.DEFAULT, List.of(new AddressRange(INPUT_REGISTER, 0, 5))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadPlanner.plan(
                List.of(wide("f", INPUT_REGISTER, 0, 2)), Polling.DEFAULT.withMaxRegisters(1), List.of()));
        assertTrue(e.getMessage().contains("raise max-registers-per-request"));
    }

    @Test
    void bitsMayLieSixteenTimesFurtherApart() {
        List<Point> coils = List.of(register("a", COIL, 0), register("b", COIL, 100));
        assertEquals(List.of("coil 0+101"), blocks(ReadPlanner.plan(coils, Polling.DEFAULT, List.of())));
        assertEquals(List.of("coil 0+1", "coil 100+1"), blocks(ReadPlanner.plan(coils, NO_GAPS, List.of())));
    }

    @Test
    void entriesSharingARegisterAreReadOnce() {
        Point status = register("status", INPUT_REGISTER, 8);
        ReadPlan plan = ReadPlanner.plan(List.of(status, register("flag", INPUT_REGISTER, 8), status), NO_GAPS,
                List.of());
        assertEquals(List.of("input 8+1"), blocks(plan));
        assertEquals(2, plan.points());
    }

    @Test
    void theEnergyMeterTakesFourRequestsForThirtySixValues() {
        RegisterMap sdm = BuiltInMaps.forType("eastron-sdm630").orElseThrow();
        ReadPlan plan = ReadPlanner.plan(sdm.polled(), sdm.polling(), sdm.refused());
        assertEquals(List.of("input 0+88", "input 200+8", "input 224+2", "input 342+2"), blocks(plan));
        assertEquals(36, plan.points());
    }

    @Test
    void theWaterMeterTakesThreeRequests() {
        RegisterMap tuf = BuiltInMaps.forType("tuf-2000m").orElseThrow();
        assertEquals(List.of("holding 0+28", "holding 71+1", "holding 91+1"),
                blocks(ReadPlanner.plan(tuf.polled(), tuf.polling(), tuf.refused())));
    }

    @Test
    void everyPlanCoversEveryEntryWithinTheLimits() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(40); i++) {
                points.add(wide("p" + i, random.nextBoolean() ? INPUT_REGISTER : HOLDING_REGISTER,
                        random.nextInt(400), random.nextBoolean() ? 1 : 2));
            }
            Polling polling = new Polling(2 + random.nextInt(124), 2000, random.nextInt(10));
            List<AddressRange> refused = List.of(new AddressRange(INPUT_REGISTER, 500, 510));
            ReadPlan plan = ReadPlanner.plan(points, polling, refused);
            for (Point p : points) {
                assertTrue(plan.blocks().stream().anyMatch(b -> b.table() == p.table() && b.start() <= p.address()
                        && p.end() <= b.end() && b.points().contains(p)), p + " in " + plan);
            }
            for (ReadBlock b : plan.blocks()) {
                assertTrue(b.count() <= polling.maxRegisters(), b.toString());
            }
        }
    }
}
