package io.streetgate.drivers.pi4j.pms5003;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.pi4j.support.FrameReader;

/**
 * The PMS5003's frames (Plantower "PMS5003 series data manual", "Appendix I: transport protocol (active
 * mode)" and "Appendix II: transport protocol (passive mode)"; domain facts section 2): 0x42 0x4D, a 16-bit
 * frame length (28 for data: thirteen words and the check code), the data words big-endian, and a 16-bit
 * check code = the sum of every byte before it. Commands are 0x42 0x4D CMD DATAH DATAL and their sum.
 * The sensor answers mode and sleep commands with a frame of length 4 (verify), which is skipped.
 */
final class Pms5003Protocol implements FrameReader.Format<Pms5003Frame> {

    static final int BAUD = 9600;
    static final byte[] HEADER = {0x42, 0x4D};
    static final int DATA_LENGTH = 28;
    static final int ACK_LENGTH = 4;
    static final int FRAME_BYTES = 4 + DATA_LENGTH;

    static final int CMD_MODE = 0xE1;
    static final int CMD_READ = 0xE2;
    static final int CMD_SLEEP = 0xE4;

    /** The five bytes of a command and their 16-bit sum. */
    static byte[] command(int cmd, int data) {
        byte[] frame = {HEADER[0], HEADER[1], (byte) cmd, (byte) (data >> 8), (byte) data, 0, 0};
        int sum = sum(frame, 5);
        frame[5] = (byte) (sum >> 8);
        frame[6] = (byte) sum;
        return frame;
    }

    static int sum(byte[] bytes, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    private final String where;

    Pms5003Protocol(String where) {
        this.where = where;
    }

    @Override
    public byte[] header() {
        return HEADER;
    }

    @Override
    public int frameLength(byte[] buffer, int start, int available) throws DriverException {
        if (available < start + 4) {
            return -1;
        }
        int length = ((buffer[start + 2] & 0xFF) << 8) | (buffer[start + 3] & 0xFF);
        if (length != DATA_LENGTH && length != ACK_LENGTH) {
            throw new DriverException(DriverFault.PROTOCOL, String.format(
                    "%s sent a frame of length %d (expected 28): a damaged or foreign frame; the reading is dropped",
                    where, length));
        }
        return 4 + length;
    }

    @Override
    public Pms5003Frame decode(byte[] frame) throws DriverException {
        int sent = ((frame[frame.length - 2] & 0xFF) << 8) | (frame[frame.length - 1] & 0xFF);
        int computed = sum(frame, frame.length - 2);
        if (sent != computed) {
            throw new DriverException(DriverFault.CHECKSUM, String.format(
                    "%s sent a frame with check code 0x%04X, but its bytes sum to 0x%04X: a disturbed line; the "
                            + "reading is dropped", where, sent, computed));
        }
        if (frame.length != FRAME_BYTES) {
            return null; // the answer to a mode or sleep command
        }
        int[] words = new int[13];
        for (int i = 0; i < words.length; i++) {
            words[i] = ((frame[4 + 2 * i] & 0xFF) << 8) | (frame[5 + 2 * i] & 0xFF);
        }
        return new Pms5003Frame(words);
    }
}
