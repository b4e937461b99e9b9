package io.streetgate.broker.internal;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.LocalBroker;
import io.streetgate.gateway.api.UplinkSink;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.site.ConfigAdminMapping;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import java.util.Map;

/**
 * Publishes what the privacy gate lets out to the local broker as JSON, on
 * {@code streetgate/<node>/<kind>/<source>[/<quantity>]} (docs/local-broker.md).
 */
@Component(service = UplinkSink.class, configurationPid = ConfigAdminMapping.NODE_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class LocalUplinkPublisher implements UplinkSink {

    private final LocalBroker broker;
    private final String node;

    @Activate
    public LocalUplinkPublisher(@Reference LocalBroker broker, Map<String, Object> properties) {
        this.broker = broker;
        this.node = String.valueOf(properties.get("node.id"));
    }

    @Override
    public void accept(UplinkMessage message) {
        broker.publish(UplinkJson.topic(node, message), UplinkJson.encode(node, message), 1, false);
    }
}
