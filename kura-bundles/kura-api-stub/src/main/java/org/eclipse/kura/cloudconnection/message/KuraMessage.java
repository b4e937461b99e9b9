package org.eclipse.kura.cloudconnection.message;

import org.eclipse.kura.message.KuraPayload;

import java.util.HashMap;
import java.util.Map;

/** Stub of Kura's message: a payload and message properties (Kura 5 API). */
public class KuraMessage {

    private final Map<String, Object> properties;
    private final KuraPayload payload;

    public KuraMessage(KuraPayload payload) {
        this(payload, Map.of());
    }

    public KuraMessage(KuraPayload payload, Map<String, Object> properties) {
        this.payload = payload;
        this.properties = new HashMap<>(properties);
    }

    public Map<String, Object> getProperties() {
        return properties;
    }

    public KuraPayload getPayload() {
        return payload;
    }
}
