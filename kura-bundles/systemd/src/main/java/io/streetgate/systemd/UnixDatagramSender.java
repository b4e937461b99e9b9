package io.streetgate.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends sd_notify messages as unix datagrams through libc, with JNA.
 * <p>
 * Why JNA and not {@code systemd-notify} run with ProcessBuilder: Java 17's unix domain sockets are stream
 * sockets only and know no abstract namespace, so the JDK alone cannot do it. A {@code systemd-notify} child
 * would need {@code NotifyAccess=all}, and systemd attributes its message by looking the sender's PID up in
 * its cgroup, which fails when the short-lived child has already exited (the race documented in
 * systemd-notify(1)); it also forks a process every watchdog period on a small board. With JNA the message
 * comes from the JVM itself, which is the unit's main process ({@code bin/streetgate} execs java), so the unit
 * can keep the narrower {@code NotifyAccess=main}. JNA is an OSGi bundle on Central with the native part for
 * every Linux architecture we run on. A socket is opened per message, as sd_notify(3) does: no descriptor
 * lives on to be inherited by child processes.
 */
public final class UnixDatagramSender implements NotifySender {

    /** The four libc calls needed, mapped by name. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    // SOCK_DGRAM is 2 on Linux except on MIPS, where the stream and datagram numbers are swapped (socket(2))
    private static final int SOCK_DGRAM = Platform.isMIPS() ? 1 : 2;
    private static final int MSG_NOSIGNAL = 0x4000;

    private final NotifyAddress address;
    private final LibC libc;

    public UnixDatagramSender(NotifyAddress address) {
        this.address = address;
        this.libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
    }

    @Override
    public void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int fd;
        try {
            fd = libc.socket(NotifyAddress.AF_UNIX, SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + e.getErrorCode(), e);
        }
        try {
            long sent = libc.sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address.sockaddr(),
                    address.length()).longValue();
            if (sent != bytes.length) {
                throw new IOException("sendto sent " + sent + " of " + bytes.length + " bytes");
            }
        } catch (LastErrorException e) {
            throw new IOException("sendto(NOTIFY_SOCKET) failed: errno " + e.getErrorCode(), e);
        } finally {
            closeQuietly(fd);
        }
    }

    private void closeQuietly(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // nothing was buffered for a datagram socket; the descriptor is released either way (close(2))
        }
    }
}
