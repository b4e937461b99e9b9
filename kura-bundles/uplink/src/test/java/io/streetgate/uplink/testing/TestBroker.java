package io.streetgate.uplink.testing;

/**
 * A real MQTT broker a test starts on 127.0.0.1 with a free port, TLS with the test CA's server certificate and
 * password logins: mosquitto (a process), HiveMQ Community Edition or Moquette (embedded). The uplink's broker
 * matrix ({@code BrokerMatrixTest}) runs the same scenarios against each.
 */
public interface TestBroker extends AutoCloseable {

    /** Which broker and version, as docs/uplink.md's "Brokers tested" table names it. */
    String name();

    /** Where clients connect: {@code ssl://localhost:<port>} (the server certificate names localhost). */
    String url();

    /** Starts it again on the same port and state (sessions, subscriptions and queued messages it persisted). */
    void start() throws Exception;

    /** Stops it as a service stop does, saving what it persists; clients see their connection close. */
    void stop() throws Exception;

    boolean isRunning();

    /** What it logged, for failure messages. */
    String log();

    /** Waits until something accepts TCP connections on 127.0.0.1:{@code port}; fails naming {@code who}. */
    static void awaitListening(int port, String who) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError(who + " did not listen on " + port + " within 30 s");
    }
}
