package io.streetgate.uplink.testing;

import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.gateway.time.ClockRule;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.forward.Forwarder;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.PahoConnector;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.store.ForwardStore;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Function;

/** The uplink assembled as the OSGi component assembles it, on a test broker. */
public final class Uplink implements AutoCloseable {

    public final ForwardStore store;
    public final PayloadFormat format;
    public final Forwarder forwarder;
    public final HealthRegistry health;
    public final CommandDispatcher commands = new CommandDispatcher();

    public Uplink(Path storeFile, TimeBase time, Function<ForwardStore, PayloadFormat> format, LinkSettings link,
                  Forwarder.Settings settings, HealthRegistry health) {
        this(storeFile, time, format, link, settings, health,
                ClockRule.simulated(time.now(), ClockRule.BACKWARDS_TOLERANCE).check(time::now));
    }

    /** With the gateway's clock check ({@code clock}) instead of one that believes the test's clock from its start. */
    public Uplink(Path storeFile, TimeBase time, Function<ForwardStore, PayloadFormat> format, LinkSettings link,
                  Forwarder.Settings settings, HealthRegistry health, ClockCheck clock) {
        this.health = health;
        this.store = ForwardStore.open(ForwardStore.Settings.of(storeFile, 64L << 20), time);
        this.format = format.apply(store);
        this.forwarder = new Forwarder(store, this.format, new PahoConnector(link, settings.maxInflight()), commands,
                health, time, clock, settings, new SplittableRandom(), link.toString());
    }

    public static Uplink start(Path storeFile, TimeBase time, Function<ForwardStore, PayloadFormat> format,
                               LinkSettings link) {
        Uplink u = new Uplink(storeFile, time, format, link, fastSettings(), new HealthRegistryImpl());
        u.forwarder.start();
        return u;
    }

    /** Short back-off so that tests reconnect quickly. */
    public static Forwarder.Settings fastSettings() {
        return new Forwarder.Settings(64, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(10));
    }

    public static LinkSettings link(TestBroker broker, TestPki pki, LinkSettings.Protocol protocol, String user,
                                    String password, boolean cleanStart) {
        return LinkSettings.builder(URI.create(broker.url()), "pole-0042").protocol(protocol)
                .login(user, password.toCharArray()).tls(Tls.socketFactory(pki.caCert, null, null))
                .keepAlive(Duration.ofSeconds(10)).cleanStart(cleanStart).sessionExpiry(Duration.ofDays(1))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Waits until the store is empty (everything acknowledged). */
    public void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (store.waiting() > 0 || forwarder.stats().inFlight() > 0 || !forwarder.stats().connected()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the store did not drain within " + timeout + ": " + store.status().describe()
                        + "; " + forwarder.stats());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        forwarder.close();
        store.close();
    }
}
