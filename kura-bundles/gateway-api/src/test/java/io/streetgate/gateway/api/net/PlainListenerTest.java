package io.streetgate.gateway.api.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainListenerTest {

    @Test
    void loopbackAddressesAndTheLoopbackNameAreBound() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"),
                PlainListener.loopbackAddress("status.host", "127.0.0.1", 8087, "the status endpoint"));
        assertEquals(InetAddress.getByName("::1"),
                PlainListener.loopbackAddress("status.host", "::1", 8087, "the status endpoint"));
        assertTrue(PlainListener.loopbackAddress("status.host", "localhost", 8087, "the status endpoint")
                .isLoopbackAddress());
        assertTrue(PlainListener.loopbackAddress("status.host", "127.0.0.2", 8087, "the status endpoint")
                .isLoopbackAddress());
    }

    @Test
    void everyInterfaceIsRefusedNamingTheKeyTheValueAndTheFix() {
        String message = assertThrows(IllegalArgumentException.class, () ->
                PlainListener.loopbackAddress("local-broker.host", "0.0.0.0", 1883, "the local broker")).getMessage();
        assertEquals("local-broker.host is '0.0.0.0' (0.0.0.0), which is not a loopback address, and the local broker"
                + " has no TLS: it would send passwords and tokens in clear text to the network. Set local-broker.host"
                + " to 127.0.0.1 (or ::1), and reach it from another machine through SSH:"
                + " ssh -L 1883:127.0.0.1:1883 <gateway>", message);
    }

    @Test
    void aNetworkAddressIsRefused() {
        for (String host : new String[]{"192.168.1.20", "::", "10.0.0.1", "fe80::1"}) {
            String message = assertThrows(IllegalArgumentException.class, () ->
                    PlainListener.loopbackAddress("status.host", host, 8087, "the status endpoint")).getMessage();
            assertTrue(message.startsWith("status.host is '" + host + "'"), message);
        }
    }

    @Test
    void aNameThatDoesNotResolveIsRefusedNamingTheKey() {
        String message = assertThrows(IllegalArgumentException.class, () ->
                PlainListener.loopbackAddress("status.host", "no-such-host.invalid", 8087, "the status endpoint"))
                .getMessage();
        assertEquals("status.host is 'no-such-host.invalid', which does not resolve to an address: set status.host"
                + " to 127.0.0.1 (or ::1)", message);
    }
}
