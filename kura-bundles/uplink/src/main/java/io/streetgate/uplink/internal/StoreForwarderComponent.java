package io.streetgate.uplink.internal;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.UplinkSink;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.UplinkConfig;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.UplinkSettings;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.forward.Forwarder;
import io.streetgate.uplink.link.Connector;
import io.streetgate.uplink.store.DropPolicy;
import io.streetgate.uplink.store.ForwardStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The store-forwarder: opens the store and takes what the privacy gate lets out ({@link UplinkSink}: each
 * message is on disk when {@code accept} returns), and runs the sender on the connection while there is one.
 * A new configuration is applied in place: the sink stays registered, the store file is only reopened when
 * its path or bounds change, and it is never emptied or re-created.
 */
@Component(immediate = true, service = {}, configurationPid = ConfigAdminMapping.UPLINK_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = UplinkConfiguration.class)
public class StoreForwarderComponent {

    private static final Logger LOG = LoggerFactory.getLogger(StoreForwarderComponent.class);

    private final BundleContext context;
    private final HealthRegistry health;
    private final TimeBase time;
    private final CommandDispatcher commands;
    private final Path stateDir;
    private UplinkConfiguration config;
    private volatile ForwardStore store;
    private UplinkAssembly assembly;
    private Forwarder forwarder;
    private Connector connector;
    private final ClockCheck clock;
    private ServiceRegistration<UplinkSink> sink;

    @Activate
    public StoreForwarderComponent(BundleContext context, @Reference HealthRegistry health, @Reference TimeBase time,
                                   @Reference CommandDispatcher commands, @Reference ClockCheck clock,
                                   UplinkConfiguration config) throws IOException {
        this.context = context;
        this.clock = clock;
        this.health = health;
        this.time = time;
        this.commands = commands;
        String dir = context.getProperty("streetgate.state.dir");
        this.stateDir = Path.of(dir == null ? "." : dir);
        // sqlite-jdbc unpacks its native library before loading it; keep it off a noexec /tmp
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            Path natives = Files.createDirectories(stateDir.resolve("uplink").resolve("native"));
            System.setProperty("org.sqlite.tmpdir", natives.toString());
        }
        apply(config);
    }

    @Modified
    synchronized void modified(UplinkConfiguration next) {
        apply(next);
    }

    private synchronized void apply(UplinkConfiguration next) {
        UplinkConfiguration before = config;
        config = next;
        stopForwarder();
        if (!next.enabled()) {
            unregisterSink();
            closeStore();
            assembly = null;
            health.report(Forwarder.STORE_HEALTH, Health.ok(time.now()), Map.of("enabled", false));
            return;
        }
        if (store == null || before == null || !sameStore(before, next)) {
            ForwardStore old = store;
            store = ForwardStore.open(new ForwardStore.Settings(storePath(next), next.store_max_bytes(),
                    next.store_memory_bytes(), DropPolicy.DEFAULT, Duration.ofSeconds(30)), time);
            if (old != null) {
                LOG.info("Uplink store moved to {}; the old file keeps what it held", storePath(next));
                old.close();
            }
        }
        assembly = new UplinkAssembly(settings(next), store, commands, health, time, clock);
        health.report(Forwarder.STORE_HEALTH, store.status().health(), store.status().details());
        if (sink == null) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("uplink", "mqtt");
            sink = context.registerService(UplinkSink.class, new UplinkSink() {
                @Override
                public void accept(UplinkMessage message) {
                    ForwardStore s = store;
                    if (s != null) {
                        s.append(message);
                    }
                }
            }, props);
        }
        startForwarder();
    }

    static UplinkSettings settings(UplinkConfiguration c) {
        return UplinkSettings.builder(c.node_id()).format(c.format()).topicPrefix(c.topic_prefix()).group(c.group())
                .sparkplug(new UplinkConfig.Sparkplug(c.sparkplug_primary_host(), c.sparkplug_qos()))
                .pack(new UplinkConfig.Pack(Duration.ofMillis(c.pack_window_ms()), c.pack_max_bytes(),
                        c.pack_compression()))
                .budget(new UplinkConfig.Budget(c.budget_bytes(), c.budget_period()))
                .sending(new UplinkSettings.Sending(c.max_in_flight(), Duration.ofMillis(c.reconnect_min_ms()),
                        Duration.ofMillis(c.reconnect_max_ms())))
                .build();
    }

    private static boolean sameStore(UplinkConfiguration a, UplinkConfiguration b) {
        return a.store_path().equals(b.store_path()) && a.store_max_bytes() == b.store_max_bytes()
                && a.store_memory_bytes() == b.store_memory_bytes();
    }

    private Path storePath(UplinkConfiguration c) {
        Path p = Path.of(c.store_path());
        return p.isAbsolute() ? p : stateDir.resolve(p);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void setConnector(Connector c) {
        connector = c;
        stopForwarder();
        startForwarder();
    }

    synchronized void unsetConnector(Connector c) {
        if (connector == c) {
            connector = null;
            stopForwarder();
        }
    }

    private void startForwarder() {
        if (connector == null || assembly == null || config == null || !config.enabled() || forwarder != null) {
            return;
        }
        forwarder = assembly.sender(connector, new SplittableRandom());
        forwarder.start();
    }

    private void stopForwarder() {
        if (forwarder != null) {
            forwarder.close();
            forwarder = null;
        }
    }

    private void unregisterSink() {
        if (sink != null) {
            sink.unregister();
            sink = null;
        }
    }

    private void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        unregisterSink();
        stopForwarder();
        closeStore();
        health.remove(Forwarder.STORE_HEALTH);
    }
}
