package io.streetgate.uplink.link;

import java.util.function.Consumer;

/** Connects with Paho's MQTT 5 or 3.1.1 client, as the settings say. */
public final class PahoConnector implements Connector {

    private final LinkSettings settings;
    private final int maxInflight;

    public PahoConnector(LinkSettings settings, int maxInflight) {
        this.settings = settings;
        this.maxInflight = maxInflight;
    }

    public LinkSettings settings() {
        return settings;
    }

    @Override
    public MqttTransport connect(Will will, Incoming incoming, Consumer<Throwable> lost) throws LinkException {
        return settings.protocol() == LinkSettings.Protocol.MQTT_5
                ? Paho5Transport.connect(settings, will, incoming, lost)
                : Paho3Transport.connect(settings, maxInflight, will, incoming, lost);
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
