package io.streetgate.sim.modbus;

import io.streetgate.sim.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Frames on the wire as Modbus messaging on TCP/IP v1.0b gives them, read with a plain socket. */
class ModbusTcpServerTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));
    ModbusTcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static byte[] request(int transaction, int unit, int... pdu) {
        byte[] f = new byte[7 + pdu.length];
        f[0] = (byte) (transaction >> 8);
        f[1] = (byte) transaction;
        f[4] = 0;
        f[5] = (byte) (pdu.length + 1);
        f[6] = (byte) unit;
        for (int i = 0; i < pdu.length; i++) {
            f[7 + i] = (byte) pdu[i];
        }
        return f;
    }

    static byte[] exchange(Socket s, byte[] request, int replyLength) throws IOException {
        s.getOutputStream().write(request);
        byte[] reply = new byte[replyLength];
        new DataInputStream(s.getInputStream()).readFully(reply);
        return reply;
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(2000);
        return s;
    }

    @Test
    void answersWithTheSameTransactionAndUnit() throws IOException {
        SimulatedSlave meter = new SimulatedSlave(7, null);
        meter.registers().setRegisters(Table.INPUT_REGISTERS, 0, 0x1234, 0x5678);
        server = ModbusTcpServer.start(clock, meter);
        try (Socket s = connect()) {
            byte[] reply = exchange(s, request(0x0A0B, 7, 0x04, 0, 0, 0, 2), 13);
            assertArrayEquals(new byte[]{0x0A, 0x0B, 0, 0, 0, 7, 7, 0x04, 4, 0x12, 0x34, 0x56, 0x78}, reply);
        }
        assertEquals(1, server.requests());
    }

    @Test
    void anUnknownUnitIsSilentUnlessTheServerIsAGateway() throws IOException {
        server = ModbusTcpServer.start(clock, new SimulatedSlave(1, null));
        try (Socket s = connect()) {
            s.getOutputStream().write(request(1, 9, 0x03, 0, 0, 0, 1));
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
        }
        server.answerUnknownUnitsAsGateway(true);
        try (Socket s = connect()) {
            assertArrayEquals(new byte[]{0, 2, 0, 0, 0, 3, 9, (byte) 0x83, 0x0B},
                    exchange(s, request(2, 9, 0x03, 0, 0, 0, 1), 9));
        }
    }

    @Test
    void damagedRepliesOnDemand() throws IOException {
        SimulatedSlave slave = new SimulatedSlave(1, null);
        server = ModbusTcpServer.start(clock, slave);
        try (Socket s = connect()) {
            slave.faults().reply(SlaveFaults.Reply.MALFORMED);
            // the byte count says 4 while 2 data bytes follow; the MBAP length matches what is sent
            assertArrayEquals(new byte[]{0, 1, 0, 0, 0, 5, 1, 0x04, 4, 0, 0}, exchange(s, request(1, 1, 0x04, 0, 0, 0, 1), 11));
            slave.faults().reply(SlaveFaults.Reply.SHORT);
            byte[] partial = new byte[9];
            s.getOutputStream().write(request(2, 1, 0x04, 0, 0, 0, 1));
            new DataInputStream(s.getInputStream()).readFully(partial);
            assertEquals(5, partial[5]); // announces unit id and 4 PDU bytes, sends unit id and 2
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
        }
    }

    /**
     * Whether a connection to the port reaches a listener. A connection to a free port in the ephemeral range can
     * rarely succeed as a TCP self-connect (the kernel picks the same port as its source), which proves nothing
     * listens there: a listening socket would hold the port.
     */
    private static boolean somethingListensOn(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return s.getLocalPort() != port;
        } catch (ConnectException refused) {
            return false;
        }
    }

    @Test
    void theWholeDeviceCanGoAwayAndComeBackOnItsPort() throws IOException {
        server = ModbusTcpServer.start(clock, new SimulatedSlave(1, null));
        int port = server.port();
        server.stopListening();
        assertFalse(somethingListensOn(port), "the port still accepts connections");
        server.resumeListening();
        assertEquals(port, server.port());
        try (Socket s = connect()) {
            byte[] reply = exchange(s, request(3, 1, 0x03, 0, 0, 0, 1), 11);
            assertEquals(Arrays.toString(new byte[]{0, 3, 0, 0, 0, 5, 1, 3, 2, 0, 0}), Arrays.toString(reply));
        }
    }
}
