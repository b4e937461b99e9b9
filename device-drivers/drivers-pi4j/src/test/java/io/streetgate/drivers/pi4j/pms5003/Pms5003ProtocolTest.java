package io.streetgate.drivers.pi4j.pms5003;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.pi4j.support.FrameReader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames byte by byte, with their real check codes. */
class Pms5003ProtocolTest {

    /** A data frame: PM 5/8/9 µg/m³ (both standards), 1002/301/56/4/1/0 particles per 0.1 l, reserved 0x9700. */
    static final byte[] FRAME = bytes(0x42, 0x4D, 0x00, 0x1C, 0x00, 0x05, 0x00, 0x08, 0x00, 0x09, 0x00, 0x05, 0x00, 0x08,
            0x00, 0x09, 0x03, 0xEA, 0x01, 0x2D, 0x00, 0x38, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x97, 0x00, 0x02, 0xC6);

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    final Pms5003Protocol protocol = new Pms5003Protocol("port");

    FrameReader<Pms5003Frame> reader(byte[]... chunks) {
        FrameReader<Pms5003Frame> reader = new FrameReader<>(protocol, "port");
        for (byte[] chunk : chunks) {
            reader.accept(chunk, chunk.length);
        }
        return reader;
    }

    @Test
    void aDataFrameDecodesWordByWord() throws DriverException {
        Pms5003Frame f = protocol.decode(FRAME);

        assertEquals(8, f.pm2_5());
        assertEquals(9, f.pm10Cf1());
        assertEquals(1002, f.countPerDecilitre(0));
        assertEquals(0, f.countPerDecilitre(5));
    }

    @Test
    void theCheckCodeIsTheSumOfEveryByteBeforeIt() {
        // 0x42 + 0x4D + 0x1C + the data bytes = 0x02C6
        assertEquals(0x02C6, Pms5003Protocol.sum(FRAME, 30));
        byte[] damaged = FRAME.clone();
        damaged[9] = 0x0A;

        DriverException e = assertThrows(DriverException.class, () -> protocol.decode(damaged));
        assertEquals(DriverFault.CHECKSUM, e.fault());
        assertEquals("port sent a frame with check code 0x02C6, but its bytes sum to 0x02C7: a disturbed line; the "
                + "reading is dropped", e.getMessage());
    }

    @Test
    void commandsCarryTheirSum() {
        // passive mode: 42 4D E1 00 00 01 70 (the frame Plantower's manual gives)
        assertArrayEquals(bytes(0x42, 0x4D, 0xE1, 0x00, 0x00, 0x01, 0x70), Pms5003Protocol.command(0xE1, 0));
        assertArrayEquals(bytes(0x42, 0x4D, 0xE2, 0x00, 0x00, 0x01, 0x71), Pms5003Protocol.command(0xE2, 0));
        assertArrayEquals(bytes(0x42, 0x4D, 0xE4, 0x00, 0x01, 0x01, 0x74), Pms5003Protocol.command(0xE4, 1));
    }

    @Test
    void garbageBeforeAFrameIsSkippedAndCounted() {
        FrameReader<Pms5003Frame> reader = reader(bytes(0x00, 0x42, 0x13, 0xFF), FRAME);

        assertEquals(8, reader.next().pm2_5());
        assertEquals(new FrameReader.Stats(1, 0, 0, 4), reader.stats());
    }

    @Test
    void aFrameArrivingInPiecesIsWaitedFor() {
        FrameReader<Pms5003Frame> reader = reader(Arrays.copyOf(FRAME, 1));
        assertNull(reader.next());
        byte[] rest = Arrays.copyOfRange(FRAME, 1, FRAME.length);
        reader.accept(rest, 13);
        assertNull(reader.next());
        reader.accept(Arrays.copyOfRange(rest, 13, rest.length), rest.length - 13);

        assertEquals(1002, reader.next().countPerDecilitre(0));
    }

    @Test
    void aFrameCutShortByTheNextIsDroppedAsShortAndTheNextOneRead() {
        FrameReader<Pms5003Frame> reader = reader(Arrays.copyOf(FRAME, 20), FRAME);

        assertEquals(8, reader.next().pm2_5());
        assertEquals(new FrameReader.Stats(1, 0, 1, 0), reader.stats());
    }

    @Test
    void aBadFrameThenSilenceGivesItsOwnFault() {
        byte[] damaged = FRAME.clone();
        damaged[31] ^= 1;
        FrameReader<Pms5003Frame> bad = reader(damaged);
        FrameReader<Pms5003Frame> cut = reader(Arrays.copyOf(FRAME, 21));
        FrameReader<Pms5003Frame> silent = reader();
        FrameReader<Pms5003Frame> noise = reader(bytes(1, 2, 3, 4, 5));
        FrameReader<Pms5003Frame> wrongLength = reader(bytes(0x42, 0x4D, 0x00, 0x40));

        assertNull(bad.next());
        assertEquals(DriverFault.CHECKSUM, bad.noFrame("reading", 1000).fault());
        assertNull(cut.next());
        assertEquals("port sent a short frame: 21 bytes, then nothing for 1000 ms while reading; the reading is dropped",
                cut.noFrame("reading", 1000).getMessage());
        assertEquals(DriverFault.NO_DEVICE, silent.noFrame("reading", 1000).fault());
        assertTrue(noise.noFrame("reading", 1000).getMessage().contains("a wrong baud rate"));
        assertNull(wrongLength.next());
        assertEquals(DriverFault.PROTOCOL, wrongLength.noFrame("reading", 1000).fault());
    }

    @Test
    void theAnswerToAModeCommandIsSkipped() {
        FrameReader<Pms5003Frame> reader = reader(bytes(0x42, 0x4D, 0x00, 0x04, 0xE1, 0x00, 0x01, 0x74), FRAME);

        assertEquals(8, reader.next().pm2_5());
        assertEquals(2, reader.stats().frames());
    }
}
