package io.streetgate.drivers.pi4j.ld2410;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.pi4j.support.FrameReader;

/**
 * The HLK-LD2410's frames (Hi-Link "LD2410 serial communication protocol"; domain facts section 2), all values
 * little-endian. Reports: F4 F3 F2 F1, data length, data type (0x02 basic, 0x01 engineering), 0xAA, target
 * state, moving distance (cm), moving energy, stationary distance (cm), stationary energy, detection distance
 * (cm), [engineering data], 0x55, 0x00, F8 F7 F6 F5. Commands and their acknowledgements: FD FC FB FA, length,
 * command word (an acknowledgement's is the command's | 0x0100), value, 04 03 02 01. The reports carry no
 * checksum: the inner head and tail markers and the footer are what shows a damaged frame.
 */
final class Ld2410Protocol {

    static final int BAUD = 256_000;
    static final byte[] REPORT_HEADER = {(byte) 0xF4, (byte) 0xF3, (byte) 0xF2, (byte) 0xF1};
    static final byte[] REPORT_FOOTER = {(byte) 0xF8, (byte) 0xF7, (byte) 0xF6, (byte) 0xF5};
    static final byte[] COMMAND_HEADER = {(byte) 0xFD, (byte) 0xFC, (byte) 0xFB, (byte) 0xFA};
    static final byte[] COMMAND_FOOTER = {0x04, 0x03, 0x02, 0x01};
    static final int TYPE_ENGINEERING = 0x01;
    static final int TYPE_BASIC = 0x02;
    static final int HEAD = 0xAA;
    static final int TAIL = 0x55;
    /** Enable configuration (value 0x0001) and end configuration. */
    static final int ENABLE_CONFIG = 0x00FF;
    static final int END_CONFIG = 0x00FE;
    private static final int MAX_LENGTH = 64;

    private Ld2410Protocol() {
    }

    /** A command frame: header, length, command word, value, footer. */
    static byte[] command(int word, byte... value) {
        byte[] frame = new byte[12 + value.length];
        System.arraycopy(COMMAND_HEADER, 0, frame, 0, 4);
        frame[4] = (byte) (2 + value.length);
        frame[6] = (byte) word;
        frame[7] = (byte) (word >> 8);
        System.arraycopy(value, 0, frame, 8, value.length);
        System.arraycopy(COMMAND_FOOTER, 0, frame, 8 + value.length, 4);
        return frame;
    }

    static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int frameLength(byte[] buffer, int start, int available, String where) throws DriverException {
        if (available < start + 6) {
            return -1;
        }
        int length = le16(buffer, start + 4);
        if (length < 2 || length > MAX_LENGTH) {
            throw new DriverException(DriverFault.PROTOCOL, where + " sent a frame of length " + length
                    + ": a damaged or foreign frame; the reading is dropped");
        }
        return 4 + 2 + length + 4;
    }

    private static void checkFooter(byte[] frame, byte[] footer, String where) throws DriverException {
        for (int k = 0; k < 4; k++) {
            if (frame[frame.length - 4 + k] != footer[k]) {
                throw new DriverException(DriverFault.PROTOCOL, where + " sent a frame without its footer: bytes were "
                        + "lost or damaged; the reading is dropped");
            }
        }
    }

    /** Report frames, decoded into targets. */
    static final class Reports implements FrameReader.Format<Ld2410Targets> {
        private final String where;

        Reports(String where) {
            this.where = where;
        }

        @Override
        public byte[] header() {
            return REPORT_HEADER;
        }

        @Override
        public int frameLength(byte[] buffer, int start, int available) throws DriverException {
            return Ld2410Protocol.frameLength(buffer, start, available, where);
        }

        @Override
        public Ld2410Targets decode(byte[] frame) throws DriverException {
            checkFooter(frame, REPORT_FOOTER, where);
            int length = le16(frame, 4);
            int type = frame[6] & 0xFF;
            int tailAt = 6 + length - 2;
            if ((type != TYPE_BASIC && type != TYPE_ENGINEERING) || (frame[7] & 0xFF) != HEAD || length < 13
                    || (frame[tailAt] & 0xFF) != TAIL || frame[tailAt + 1] != 0) {
                throw new DriverException(DriverFault.PROTOCOL, String.format(
                        "%s sent a report with broken markers (type 0x%02X, head 0x%02X, tail 0x%02X): a damaged frame; "
                                + "the reading is dropped", where, type, frame[7] & 0xFF, frame[tailAt] & 0xFF));
            }
            return new Ld2410Targets(frame[8] & 0xFF, le16(frame, 9), frame[11] & 0xFF, le16(frame, 12),
                    frame[14] & 0xFF, le16(frame, 15));
        }
    }

    /** Command acknowledgements: the acknowledged command word and the status (0 = success). */
    record Ack(int word, int status) {
    }

    static final class Acks implements FrameReader.Format<Ack> {
        private final String where;

        Acks(String where) {
            this.where = where;
        }

        @Override
        public byte[] header() {
            return COMMAND_HEADER;
        }

        @Override
        public int frameLength(byte[] buffer, int start, int available) throws DriverException {
            return Ld2410Protocol.frameLength(buffer, start, available, where);
        }

        @Override
        public Ack decode(byte[] frame) throws DriverException {
            checkFooter(frame, COMMAND_FOOTER, where);
            if (le16(frame, 4) < 4) {
                throw new DriverException(DriverFault.PROTOCOL, where + " sent an acknowledgement without a status");
            }
            return new Ack(le16(frame, 6), le16(frame, 8));
        }
    }
}
