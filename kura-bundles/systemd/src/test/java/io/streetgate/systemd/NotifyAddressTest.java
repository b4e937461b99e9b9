package io.streetgate.systemd;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NotifyAddressTest {

    @Test
    void aPathIsNulTerminated() {
        NotifyAddress a = NotifyAddress.parse("/run/systemd/notify");
        assertEquals(2 + "/run/systemd/notify".length() + 1, a.length());
        assertEquals(NotifyAddress.AF_UNIX, ByteBuffer.wrap(a.sockaddr()).order(ByteOrder.nativeOrder()).getShort());
        assertEquals('/', a.sockaddr()[2]);
        assertEquals(0, a.sockaddr()[a.length() - 1]);
    }

    @Test
    void anAbstractNameStartsWithNulAndEndsWithItsLastByte() {
        NotifyAddress a = NotifyAddress.parse("@sg/notify");
        assertEquals(0, a.sockaddr()[2]);
        assertEquals('s', a.sockaddr()[3]);
        assertEquals(2 + 1 + "sg/notify".length(), a.length());
        assertEquals('y', a.sockaddr()[a.length() - 1]);
    }

    @Test
    void otherAddressesAreRefusedWithTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifyAddress.parse("vsock:2:1234"));
        assertEquals("NOTIFY_SOCKET is neither a path nor an @abstract name: 'vsock:2:1234'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NotifyAddress.parse("/" + "x".repeat(107)));
        assertEquals(2 + 108, NotifyAddress.parse("/" + "x".repeat(106)).length());
    }
}
