package io.streetgate.gateway.status;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint has no TLS and its requests carry the token: it listens on loopback or not at all. */
class StatusServerBindTest {

    static StatusServer.Config config(String host, int port) {
        return new StatusServer.Config() {
            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return StatusServer.Config.class;
            }
        };
    }

    @Test
    void theDefaultAddressIsBound() {
        assertEquals(new InetSocketAddress("127.0.0.1", 8087), StatusServer.bindAddress(config("127.0.0.1", 8087)));
        assertTrue(StatusServer.bindAddress(config("localhost", 8087)).getAddress().isLoopbackAddress());
    }

    @Test
    void anAddressOffLoopbackIsRefusedNamingTheKeyTheValueAndTheFix() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> StatusServer.bindAddress(config("0.0.0.0", 8087))).getMessage();
        assertTrue(message.startsWith("status.host is '0.0.0.0' (0.0.0.0), which is not a loopback address, and the"
                + " status endpoint has no TLS"), message);
        assertTrue(message.contains("Set status.host to 127.0.0.1 (or ::1)"), message);
        assertTrue(message.contains("ssh -L 8087:127.0.0.1:8087"), message);
    }
}
