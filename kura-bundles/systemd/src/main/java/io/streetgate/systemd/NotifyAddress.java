package io.streetgate.systemd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The value of {@code NOTIFY_SOCKET} as a Linux {@code struct sockaddr_un} and its length, ready for
 * {@code sendto(2)}. Per sd_notify(3) the variable names a unix datagram socket either by file system path
 * ({@code /run/systemd/notify}) or in the abstract namespace ({@code @name}: a leading NUL byte instead of the
 * {@code @}, and the name is not NUL-terminated, so the length must stop right after it; unix(7)).
 * {@code vsock:} addresses (systemd 253, for virtual machines) are not supported.
 *
 * @param sockaddr the structure: {@code sa_family_t sun_family} (AF_UNIX, native byte order), then {@code sun_path}
 * @param length   the address length to pass to {@code sendto}
 */
public record NotifyAddress(byte[] sockaddr, int length) {

    static final short AF_UNIX = 1;
    /** {@code sizeof(sun_path)} on Linux. */
    static final int SUN_PATH_SIZE = 108;
    private static final int FAMILY_SIZE = 2;

    public static NotifyAddress parse(String notifySocket) {
        if (notifySocket == null || notifySocket.length() < 2) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is empty or too short: '" + notifySocket + "'");
        }
        boolean abstractName = notifySocket.charAt(0) == '@';
        if (!abstractName && notifySocket.charAt(0) != '/') {
            throw new IllegalArgumentException("NOTIFY_SOCKET is neither a path nor an @abstract name: '"
                    + notifySocket + "'");
        }
        byte[] name = notifySocket.substring(1).getBytes(StandardCharsets.UTF_8);
        // path: '/' + rest + NUL terminator; abstract: NUL + name, no terminator
        int pathBytes = abstractName ? 1 + name.length : 1 + name.length + 1;
        if (pathBytes > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a unix socket address allows: '"
                    + notifySocket + "'");
        }
        ByteBuffer address = ByteBuffer.allocate(FAMILY_SIZE + SUN_PATH_SIZE).order(ByteOrder.nativeOrder());
        address.putShort(AF_UNIX);
        address.put(abstractName ? 0 : (byte) '/');
        address.put(name);
        return new NotifyAddress(address.array(), FAMILY_SIZE + pathBytes);
    }
}
