package io.streetgate.uplink.link;

/**
 * What Paho's MQTT 3.1.1 and MQTT 5 transports share: the connection's figures, and how a connection is closed
 * cleanly or dropped. Paho's two clients have the same calls but no common type, so each transport hands in
 * its client's calls as a {@link Client}.
 */
abstract class PahoTransport implements MqttTransport {

    /** One of a Paho client's calls, which throw checked exceptions. */
    interface Call {
        void run() throws Exception;
    }

    /**
     * The calls of a Paho client that closing needs.
     *
     * @param connected  whether it is connected
     * @param disconnect a clean DISCONNECT (the broker discards the will), waiting a moment for it
     * @param drop       the connection dropped without a DISCONNECT
     * @param release    the client's threads released
     */
    record Client(java.util.function.BooleanSupplier connected, Call disconnect, Call drop, Call release) {
    }

    private final Client client;
    private final TrackedSockets sockets;
    private final int receiveMaximum;
    private final boolean sessionPresent;
    final long timeoutMillis;

    PahoTransport(Client client, TrackedSockets sockets, int receiveMaximum, boolean sessionPresent,
                  long timeoutMillis) {
        this.client = client;
        this.sockets = sockets;
        this.receiveMaximum = receiveMaximum;
        this.sessionPresent = sessionPresent;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public int receiveMaximum() {
        return receiveMaximum;
    }

    @Override
    public boolean sessionPresent() {
        return sessionPresent;
    }

    @Override
    public boolean isConnected() {
        return client.connected().getAsBoolean();
    }

    @Override
    public void close() {
        try {
            if (client.connected().getAsBoolean()) {
                client.disconnect().run();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        sockets.closeAll();
        closeQuietly(client);
    }

    @Override
    public void abort() {
        sockets.closeAll(); // first: the broker must see the TCP connection end without a DISCONNECT
        closeQuietly(client);
    }

    /** A connection that failed to come up: its sockets and client released, the cause classified. */
    static LinkException failed(Exception e, int reasonCode, LinkSettings s, boolean mqtt5, TrackedSockets sockets,
                                Client client) {
        sockets.closeAll();
        closeQuietly(client);
        return Failures.classify(e, s, reasonCode, mqtt5);
    }

    static void closeQuietly(Client client) {
        try {
            if (client.connected().getAsBoolean()) {
                client.drop().run();
            }
        } catch (Exception ignored) {
            // going away
        }
        try {
            client.release().run();
        } catch (Exception ignored) {
            // going away
        }
    }
}
