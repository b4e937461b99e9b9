package io.streetgate.sim.modbus;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Modbus TCP server on 127.0.0.1 serving simulated slaves by unit id (Modbus messaging on TCP/IP
 * implementation guide v1.0b: MBAP header of transaction id, protocol id 0, length of what follows including
 * the unit id, unit id; then the PDU). A request for a unit it does not serve is either left unanswered, as a
 * single device ignoring a foreign unit id does, or answered with exception 0x0B as a gateway does
 * ({@link #answerUnknownUnitsAsGateway}). It can stop listening and come back on the same port.
 */
public final class ModbusTcpServer implements AutoCloseable {

    private static final int MBAP_LENGTH = 7;

    private final Slaves slaves;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sim-modbus-tcp");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server;
    /** The thread accepting on {@link #server}: until it has left accept(), the kernel still listens. */
    private Future<?> acceptor;
    private volatile int port;
    private volatile boolean gateway;

    private ModbusTcpServer(Clock clock, List<SimulatedSlave> units) {
        this.slaves = new Slaves(clock, units);
    }

    /** Starts on a free port of 127.0.0.1. */
    public static ModbusTcpServer start(Clock clock, SimulatedSlave... units) throws IOException {
        return start(clock, 0, units);
    }

    /** Starts on a given port of 127.0.0.1 (0: a free one). */
    public static ModbusTcpServer start(Clock clock, int port, SimulatedSlave... units) throws IOException {
        ModbusTcpServer s = new ModbusTcpServer(clock, List.of(units));
        s.listen(port);
        return s;
    }

    public int port() {
        return port;
    }

    /** Answers requests for units it does not serve with exception 0x0B, as a Modbus gateway does. */
    public ModbusTcpServer answerUnknownUnitsAsGateway(boolean on) {
        this.gateway = on;
        return this;
    }

    public void add(SimulatedSlave slave) {
        slaves.add(slave);
    }

    public SimulatedSlave unit(int unitId) {
        return slaves.unit(unitId);
    }

    /** Requests received, for any unit. */
    public long requests() {
        return requests.get();
    }

    /** TCP connections accepted so far. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /**
     * Stops listening and drops every connection: to a master, the whole device is gone when this returns. (A
     * closed ServerSocket whose accept() is still blocked in another thread keeps listening in the kernel until
     * that thread has been woken, so the accepting thread's end is waited for.)
     */
    public synchronized void stopListening() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                acceptor.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception ignored) {
                // the accepting thread failed or is slow: the listener is closed either way
            }
        }
        for (Socket c : connections) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        connections.clear();
    }

    /** Listens again on the same port. */
    public synchronized void resumeListening() throws IOException {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        stopListening();
        threads.shutdownNow();
    }

    private synchronized void listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        server = s;
        port = s.getLocalPort();
        acceptor = threads.submit(() -> accept(s));
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                c.setTcpNoDelay(true);
                accepted.incrementAndGet();
                connections.add(c);
                threads.execute(() -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c; InputStream raw = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            DataInputStream in = new DataInputStream(raw);
            byte[] header = new byte[MBAP_LENGTH];
            while (true) {
                in.readFully(header);
                int length = SimulatedSlave.u16(header, 4);
                if (SimulatedSlave.u16(header, 2) != 0 || length < 2 || length > 254) {
                    return; // not Modbus: drop the connection
                }
                byte[] pdu = new byte[length - 1];
                in.readFully(pdu);
                requests.incrementAndGet();
                int unitId = header[6] & 0xFF;
                SimulatedSlave slave = slaves.unit(unitId);
                if (slave == null) {
                    if (gateway) {
                        send(out, header, SimulatedSlave.exception(pdu[0] & 0xFF,
                                ExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND), SlaveFaults.Reply.NORMAL);
                    }
                    continue;
                }
                byte[] reply = slaves.answer(slave, pdu);
                if (reply != null) {
                    send(out, header, reply, slave.faults().reply());
                }
            }
        } catch (EOFException | SocketException e) {
            // the master closed the connection, or the server stopped
        } catch (IOException e) {
            // a broken connection ends only itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(c);
        }
    }

    private static void send(OutputStream out, byte[] request, byte[] pdu, SlaveFaults.Reply fault) throws IOException {
        byte[] body = switch (fault) {
            case MALFORMED -> Slaves.malformed(pdu);
            case BAD_CRC -> damaged(pdu);
            default -> pdu;
        };
        byte[] frame = new byte[MBAP_LENGTH + body.length];
        System.arraycopy(request, 0, frame, 0, 4); // transaction and protocol id as asked
        frame[4] = (byte) ((body.length + 1) >>> 8);
        frame[5] = (byte) (body.length + 1);
        frame[6] = request[6];
        System.arraycopy(body, 0, frame, MBAP_LENGTH, body.length);
        int length = fault == SlaveFaults.Reply.SHORT ? Math.min(frame.length - 1, MBAP_LENGTH + 2) : frame.length;
        out.write(frame, 0, length);
        out.flush();
    }

    /** TCP has no CRC: a "bad CRC" reply carries damaged data instead (every data bit inverted). */
    private static byte[] damaged(byte[] pdu) {
        byte[] out = pdu.clone();
        for (int i = 2; i < out.length; i++) {
            out[i] = (byte) ~out[i];
        }
        return out;
    }
}
