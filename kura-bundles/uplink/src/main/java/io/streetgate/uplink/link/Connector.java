package io.streetgate.uplink.link;

import java.util.function.Consumer;

/** Makes one connection attempt. A new client per attempt: nothing of a previous connection is reused. */
@FunctionalInterface
public interface Connector {

    /**
     * @param will     registered in CONNECT
     * @param incoming receives messages on the subscriptions
     * @param lost     called once when the connection breaks afterwards
     */
    MqttTransport connect(Will will, Incoming incoming, Consumer<Throwable> lost) throws LinkException;
}
