package io.streetgate.drivers.pi4j.serial;

import com.pi4j.library.linuxfs.LinuxFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * Sets a speed that stty cannot (the LD2410's 256000 baud) through Linux's termios2 ioctls with BOTHER: the
 * speed is given in c_ispeed/c_ospeed instead of a Bxxx code (asm-generic/termbits.h and ioctls.h). The ioctl
 * goes through Pi4J's linuxfs native library, which Pi4J 2.8 ships for armhf and aarch64 only: on other
 * machines this fails with a message, and it could not be run where this was written (x86-64).
 *
 * <p>Layout of struct termios2 (44 bytes): c_iflag, c_oflag, c_cflag, c_lflag (4 bytes each), c_line (1),
 * c_cc[19], c_ispeed (4), c_ospeed (4). Constants (verify against the kernel headers of the target):
 * TCGETS2 = _IOR('T', 0x2A, struct termios2) = 0x802C542A, TCSETS2 = _IOW('T', 0x2B, ...) = 0x402C542B,
 * CBAUD = 0010017, BOTHER = 0010000, the input speed bits CIBAUD = CBAUD << 16.
 */
final class Termios2 {

    static final long TCGETS2 = 0x802C542AL;
    static final long TCSETS2 = 0x402C542BL;
    static final int CBAUD = 0x100F;
    static final int BOTHER = 0x1000;
    static final int IBSHIFT = 16;
    static final int SIZE = 44;
    static final int C_CFLAG = 8;
    static final int C_ISPEED = 36;
    static final int C_OSPEED = 40;

    private Termios2() {
    }

    /** The c_cflag with the speed bits (output and input) set to BOTHER. */
    static int withBother(int cflag) {
        int cleared = cflag & ~CBAUD & ~(CBAUD << IBSHIFT);
        return cleared | BOTHER | (BOTHER << IBSHIFT);
    }

    /**
     * Sets any speed on a tty.
     *
     * @throws IOException when the native library is missing or the driver refuses the speed
     */
    static void setSpeed(String device, int baud) throws IOException {
        try (LinuxFile file = new LinuxFile(device, "rw")) {
            ByteBuffer termios = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
            IntBuffer noPointers = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).asIntBuffer();
            noPointers.limit(0);
            file.ioctl(TCGETS2, termios, noPointers);
            termios.putInt(C_CFLAG, withBother(termios.getInt(C_CFLAG)));
            termios.putInt(C_ISPEED, baud);
            termios.putInt(C_OSPEED, baud);
            file.ioctl(TCSETS2, termios, noPointers);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new IOException("cannot set " + baud + " baud on " + device + ": stty knows only the standard speeds "
                    + "and the termios2 path needs Pi4J's linuxfs native library (armhf, aarch64); use a standard speed "
                    + "(set the device to it first)", e);
        }
    }
}
