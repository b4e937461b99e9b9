package io.streetgate.distribution.kuratest;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Hashtable;

/**
 * Stands in for Kura in the test: registers a CloudPublisher that writes what it is given to
 * {@code <state>/kura-published.txt} (one line per message: its properties and metrics), and, as an operator
 * would in Kura's console, configures streetgate's forwarder to use it. Packed into a bundle by the test.
 */
public class FakeKura implements BundleActivator, CloudPublisher {

    private Path out;
    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;

    @Override
    public void start(BundleContext context) throws Exception {
        out = Path.of(context.getProperty("streetgate.state.dir"), "kura-published.txt");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("kura.service.pid", "test-publisher");
        context.registerService(CloudPublisher.class, this, props);
        configAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null) {
            @Override
            public ConfigurationAdmin addingService(org.osgi.framework.ServiceReference<ConfigurationAdmin> ref) {
                ConfigurationAdmin ca = super.addingService(ref);
                try {
                    Hashtable<String, Object> c = new Hashtable<>();
                    c.put("CloudPublisher.target", "(kura.service.pid=test-publisher)");
                    c.put("kinds", "summary");
                    ca.getConfiguration("io.streetgate.kura.CloudForwarder", "?").update(c);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return ca;
            }
        };
        configAdmin.open();
    }

    @Override
    public void stop(BundleContext context) {
        configAdmin.close();
    }

    @Override
    public synchronized String publish(KuraMessage message) {
        StringBuilder line = new StringBuilder();
        message.getProperties().forEach((k, v) -> line.append(k).append('=').append(v).append(' '));
        for (String name : message.getPayload().metricNames()) {
            line.append(name).append('=').append(message.getPayload().getMetric(name)).append(' ');
        }
        try {
            Files.writeString(out, line.toString().trim() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener l) {
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener l) {
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener l) {
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener l) {
    }
}
