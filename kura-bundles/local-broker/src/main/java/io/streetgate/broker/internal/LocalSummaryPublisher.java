package io.streetgate.broker.internal;

import io.streetgate.analytics.Summary;
import io.streetgate.broker.LocalBroker;
import io.streetgate.gateway.api.SummarySink;
import io.streetgate.gateway.format.SummaryJson;
import io.streetgate.site.ConfigAdminMapping;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

import java.util.Map;

/** Publishes every summary to the local broker as JSON on {@code streetgate/<node>/summary/<source>/<quantity>}. */
@Component(service = SummarySink.class, configurationPid = ConfigAdminMapping.NODE_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class LocalSummaryPublisher implements SummarySink {

    private final LocalBroker broker;
    private final String node;

    @Activate
    public LocalSummaryPublisher(@Reference LocalBroker broker, Map<String, Object> properties) {
        this.broker = broker;
        this.node = String.valueOf(properties.get("node.id"));
    }

    @Override
    public void accept(Summary summary) {
        broker.publish(SummaryJson.topic(node, summary), SummaryJson.encode(node, summary), 1, false);
    }
}
