package io.streetgate.drivers.modbus.bus;

import io.streetgate.driver.DriverFault;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** How a reply is judged from the bytes on the line. */
class ReplyTest {

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] rtu(int... v) {
        byte[] b = bytes(v);
        int crc = Crc16.of(b, b.length);
        byte[] f = java.util.Arrays.copyOf(b, b.length + 2);
        f[b.length] = (byte) crc;
        f[b.length + 1] = (byte) (crc >>> 8);
        return f;
    }

    @Test
    void crcCheckValue() {
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x4B37, Crc16.of(digits, digits.length));
    }

    @Test
    void aTcpAnswer() {
        Reply r = Reply.judge(bytes(0, 1, 0, 0, 0, 5, 3, 0x04, 2, 0x12, 0x34), true, 3, 0x04, 4);
        assertArrayEquals(bytes(0x04, 2, 0x12, 0x34), ((Reply.Answer) r).pdu());
    }

    @Test
    void anRtuAnswer() {
        Reply r = Reply.judge(rtu(3, 0x04, 2, 0x12, 0x34), false, 3, 0x04, 4);
        assertArrayEquals(bytes(0x04, 2, 0x12, 0x34), ((Reply.Answer) r).pdu());
    }

    @Test
    void exceptionsKeepTheirCode() {
        assertEquals(new Reply.Exception(2), Reply.judge(bytes(0, 1, 0, 0, 0, 3, 3, 0x84, 2), true, 3, 0x04, 4));
        assertEquals(new Reply.Exception(0x0B), Reply.judge(rtu(3, 0x83, 0x0B), false, 3, 0x03, 4));
        assertEquals(DriverFault.NO_DEVICE, Reply.failure(new Reply.Exception(0x0B), 3, "x", 1).fault());
        assertEquals(DriverFault.PROTOCOL, Reply.failure(new Reply.Exception(0x06), 3, "x", 1).fault());
        assertEquals("unit 3 answered input 0+2 with exception 0x02 (illegal data address)",
                Reply.failure(new Reply.Exception(2), 3, "input 0+2", 1).getMessage());
    }

    @Test
    void nothingIsSilence() {
        assertInstanceOf(Reply.Silence.class, Reply.judge(new byte[0], false, 3, 0x04, 4));
        assertEquals(DriverFault.TIMEOUT, Reply.failure(new Reply.Silence(), 3, "x", 500).fault());
    }

    @Test
    void aWrongCrcIsAChecksumFault() {
        byte[] f = rtu(3, 0x04, 2, 0x12, 0x34);
        f[f.length - 1] ^= 0x5A;
        Reply r = Reply.judge(f, false, 3, 0x04, 4);
        assertInstanceOf(Reply.BadCrc.class, r);
        assertEquals(DriverFault.CHECKSUM, Reply.failure(r, 3, "x", 1).fault());
    }

    @Test
    void shortFrames() {
        assertEquals(new Reply.Short(3, 7), Reply.judge(bytes(3, 0x04, 2), false, 3, 0x04, 4));
        assertEquals(new Reply.Short(9, 11), Reply.judge(bytes(0, 1, 0, 0, 0, 5, 3, 0x04, 2), true, 3, 0x04, 4));
        assertEquals(DriverFault.PROTOCOL, Reply.failure(new Reply.Short(3, 7), 3, "x", 1).fault());
    }

    @Test
    void aByteCountThatLies() {
        // RTU: says 4 data bytes, 2 follow, and the CRC covers what came
        assertInstanceOf(Reply.Malformed.class, Reply.judge(rtu(3, 0x04, 4, 0x12, 0x34), false, 3, 0x04, 4));
        // TCP: the header is right, the byte count is not
        assertInstanceOf(Reply.Malformed.class, Reply.judge(bytes(0, 1, 0, 0, 0, 5, 3, 0x04, 4, 0, 0), true, 3, 0x04, 4));
        // the right frame for another read
        assertInstanceOf(Reply.Malformed.class, Reply.judge(rtu(3, 0x04, 4, 0, 0, 0, 0), false, 3, 0x04, 4));
    }

    @Test
    void aReplyOfAnotherUnit() {
        assertEquals(new Reply.OtherUnit(7), Reply.judge(rtu(7, 0x04, 2, 0x12, 0x34), false, 3, 0x04, 4));
    }
}
