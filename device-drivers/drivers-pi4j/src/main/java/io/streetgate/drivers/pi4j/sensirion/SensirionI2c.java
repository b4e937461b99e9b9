package io.streetgate.drivers.pi4j.sensirion;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.pi4j.support.I2cDevice;

/**
 * The command-and-words transport of Sensirion's I2C sensors (datasheets, "I2C Sequences"): a command code
 * (one byte on the SHT4x, two on the SCD4x and SPS30) with optional argument words, each followed by its
 * CRC; replies of words each followed by its CRC, checked here so that a damaged transfer is a
 * {@link DriverFault#CHECKSUM}.
 */
public final class SensirionI2c {

    private final I2cDevice device;

    public SensirionI2c(I2cDevice device) {
        this.device = device;
    }

    public I2cDevice device() {
        return device;
    }

    /** Sends a one-byte command (SHT4x). */
    public void command8(int command, String doing) throws DriverException {
        device.writeByte(command, doing);
    }

    /** Sends a 16-bit command with its argument words. */
    public void command(int command, String doing, int... args) throws DriverException {
        device.write(frame(command, args), doing);
    }

    /** A 16-bit command as it goes on the bus: code MSB first, then each argument and its CRC. */
    public static byte[] frame(int command, int... args) {
        byte[] bytes = new byte[2 + 3 * args.length];
        bytes[0] = (byte) (command >> 8);
        bytes[1] = (byte) command;
        for (int i = 0; i < args.length; i++) {
            int word = args[i] & 0xFFFF;
            bytes[2 + 3 * i] = (byte) (word >> 8);
            bytes[3 + 3 * i] = (byte) word;
            bytes[4 + 3 * i] = (byte) SensirionCrc8.ofWord(word);
        }
        return bytes;
    }

    /** Reads {@code count} words, each checked against its CRC. */
    public int[] readWords(int count, String doing) throws DriverException {
        byte[] reply = new byte[3 * count];
        device.read(reply, doing);
        return words(reply, device.where(), doing);
    }

    /**
     * The words of a reply, each checked against its CRC.
     *
     * @throws DriverException CHECKSUM naming the first word whose CRC does not match
     */
    public static int[] words(byte[] reply, String where, String doing) throws DriverException {
        int[] words = new int[reply.length / 3];
        for (int i = 0; i < words.length; i++) {
            int crc = SensirionCrc8.of(reply, 3 * i, 2);
            int sent = reply[3 * i + 2] & 0xFF;
            words[i] = ((reply[3 * i] & 0xFF) << 8) | (reply[3 * i + 1] & 0xFF);
            if (crc != sent) {
                throw new DriverException(DriverFault.CHECKSUM, String.format(
                        "%s sent word %d (0x%04X) with CRC 0x%02X, but it computes to 0x%02X, while %s: a disturbed "
                                + "transfer (long wires, noise, a weak pull-up); the reading is dropped",
                        where, i, words[i], sent, crc, doing));
            }
        }
        return words;
    }

    /** An IEEE 754 float sent as two words, most significant first (SPS30 float format). */
    public static float toFloat(int high, int low) {
        return Float.intBitsToFloat((high << 16) | (low & 0xFFFF));
    }
}
