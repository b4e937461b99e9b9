package io.streetgate.sim.modbus;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Crc16Test {

    @Test
    void checkValueOfCrc16Modbus() {
        // the catalogue check value of CRC-16/MODBUS: CRC("123456789") = 0x4B37
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x4B37, Crc16.of(data, 0, data.length));
    }

    @Test
    void isSentLowByteFirst() {
        // read holding registers, unit 1, address 0, 10 registers: the frame every Modbus tutorial shows
        byte[] frame = Crc16.append(new byte[]{0x01, 0x03, 0x00, 0x00, 0x00, 0x0A});
        assertArrayEquals(new byte[]{0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, (byte) 0xC5, (byte) 0xCD}, frame);
        assertTrue(Crc16.valid(frame, frame.length));
        frame[3] ^= 1;
        assertFalse(Crc16.valid(frame, frame.length));
    }
}
