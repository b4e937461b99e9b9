package io.streetgate.drivers.modbus;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.modbus.ModbusTcpServer;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.Table;
import io.streetgate.sim.modbus.WordOrder;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.modbus.tcp.ModbusTcpDriver;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What PLC4X 0.13.1's ModbusByteOrder names mean, read with PLC4X's own REAL decoding (its stock TCP driver and
 * optimizer) from registers laid out in each word order: the names follow the bytes of the whole value, so
 * "LITTLE_ENDIAN_BYTE_SWAP" is the common word-swapped CDAB and "BIG_ENDIAN_BYTE_SWAP" is BADC. streetgate maps
 * never use these names (they say ABCD..DCBA and decode the registers themselves); this pins the translation
 * for anyone reading PLC4X documentation next to a meter's sheet.
 */
class Plc4xByteOrderNamesTest {

    static final Map<WordOrder, String> PLC4X_NAME = Map.of(
            WordOrder.ABCD, "BIG_ENDIAN",
            WordOrder.CDAB, "LITTLE_ENDIAN_BYTE_SWAP",
            WordOrder.BADC, "BIG_ENDIAN_BYTE_SWAP",
            WordOrder.DCBA, "LITTLE_ENDIAN");

    @Test
    void eachOrderReadsTheKnownValueUnderItsPlc4xName() throws Exception {
        SimulatedSlave slave = new SimulatedSlave(1, null);
        int address = 0;
        for (WordOrder order : WordOrder.values()) {
            slave.registers().setFloat32(Table.INPUT_REGISTERS, address, order, -123.456);
            address += 2;
        }
        try (ModbusTcpServer server = ModbusTcpServer.start(new ManualClock(Instant.EPOCH), slave)) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(getClass().getClassLoader());
            try (PlcConnection c = new ModbusTcpDriver().getConnection("modbus-tcp://127.0.0.1:" + server.port())) {
                c.connect();
                var request = c.readRequestBuilder();
                address = 0;
                for (WordOrder order : WordOrder.values()) {
                    // PLC4X tags count from 1
                    request.addTagAddress(order.name(), "input-register:" + (address + 1) + ":REAL{byte-order: '"
                            + PLC4X_NAME.get(order) + "'}");
                    address += 2;
                }
                PlcReadResponse response = request.build().execute().get(10, TimeUnit.SECONDS);
                for (WordOrder order : WordOrder.values()) {
                    assertEquals(-123.456f, response.getFloat(order.name()), order + " as " + PLC4X_NAME.get(order));
                }
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
