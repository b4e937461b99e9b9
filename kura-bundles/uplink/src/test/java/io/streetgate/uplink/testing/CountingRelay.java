package io.streetgate.uplink.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback to a broker that counts the bytes of every connection through it: what the client
 * sent (TLS records included, as they cross the wire) and what it received.
 */
public final class CountingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Relays to 127.0.0.1:{@code target}. */
    public CountingRelay(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Bytes both ways. */
    public long total() {
        return sent.get() + received.get();
    }

    /** Bytes from the clients to the broker. */
    public long sent() {
        return sent.get();
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, sent);
                pump(upstream, client, received);
            }
        } catch (IOException closed) {
            // the relay was closed
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong counter) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    // counted before it is passed on: whatever the other side answers to it comes after
                    counter.addAndGet(n);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
