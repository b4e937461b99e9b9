package io.streetgate.uplink.link;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands Paho its sockets and remembers them, so that a connection can be dropped the hard way (TCP closed,
 * no MQTT DISCONNECT: the broker then publishes the will). Paho's mqttv5 client keeps a socket open when
 * told to disconnect forcibly without a DISCONNECT packet, so the uplink closes the socket itself.
 */
final class TrackedSockets extends SSLSocketFactory {

    private final SocketFactory plain;
    private final SSLSocketFactory tls;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** @param tls the TLS factory, or null for plain TCP */
    TrackedSockets(SSLSocketFactory tls) {
        this.tls = tls;
        this.plain = tls == null ? SocketFactory.getDefault() : tls;
    }

    /** What Paho gets: this factory for TLS, a plain one that records its sockets for TCP. */
    SocketFactory forPaho() {
        if (tls != null) {
            return this;
        }
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return track(plain.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return track(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return track(plain.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return track(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return track(plain.createSocket(host, port, local, localPort));
            }
        };
    }

    private Socket track(Socket s) {
        sockets.add(s);
        return s;
    }

    /** Closes every socket handed out. */
    void closeAll() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
        sockets.clear();
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return track(tls.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return track(tls.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return track(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return track(tls.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return track(tls.createSocket(host, port, local, localPort));
    }
}
