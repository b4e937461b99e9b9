package io.streetgate.gateway.status;

import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.SelfTestRunner;
import io.streetgate.gateway.api.SelfTestable;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The self-test ({@link SelfTests}) as a service for other bundles: the web console runs it device by device. */
@Component(service = SelfTestRunner.class)
public class SelfTestService implements SelfTestRunner {

    private final CurrentSite site;
    private final HealthRegistry health;
    private final TimeBase time;
    // field references: DS replaces each list as services come and go, and each run takes the lists of its start
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<CommandHandler> commandHandlers;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<SelfTestable> selfTestables;

    @Activate
    public SelfTestService(@Reference CurrentSite site, @Reference HealthRegistry health, @Reference TimeBase time) {
        this.site = site;
        this.health = health;
        this.time = time;
    }

    @Override
    public List<Map<String, Object>> devices() {
        return tests("").devices().stream().map(SelfTests.Device::toMap).toList();
    }

    @Override
    public Map<String, Object> test(String deviceId, Duration timeout, String origin) {
        SelfTests tests = tests(origin);
        SelfTests.Device device = tests.device(deviceId).orElseThrow(() -> new IllegalArgumentException(
                "no device '" + deviceId + "' in the site file; devices: "
                        + tests.devices().stream().map(SelfTests.Device::id).collect(Collectors.joining(", "))));
        return tests.test(device, timeout);
    }

    private SelfTests tests(String origin) {
        return new SelfTests(site::config, selfTestables, commandHandlers, health, time,
                origin.isEmpty() ? "local:" + SelfTests.ORIGIN : origin);
    }
}
