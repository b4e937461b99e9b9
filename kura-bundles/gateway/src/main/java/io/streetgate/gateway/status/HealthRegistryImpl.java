package io.streetgate.gateway.status;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import org.osgi.service.component.annotations.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the last health report of every part of the gateway. One lock for reports and snapshots, so that the
 * parts reported together ({@link #reportAll}) are seen together; it is held only to copy a few dozen entries.
 */
@Component(service = HealthRegistry.class)
public class HealthRegistryImpl implements HealthRegistry {

    private final Map<String, ComponentStatus> parts = new TreeMap<>();

    @Override
    public void report(String name, Health health, Map<String, Object> details) {
        ComponentStatus status = new ComponentStatus(name, health, details);
        synchronized (parts) {
            parts.put(name, status);
        }
    }

    @Override
    public void reportAll(List<ComponentStatus> statuses) {
        List<ComponentStatus> copy = List.copyOf(statuses);
        synchronized (parts) {
            copy.forEach(s -> parts.put(s.name(), s));
        }
    }

    @Override
    public void remove(String name) {
        synchronized (parts) {
            parts.remove(name);
        }
    }

    @Override
    public List<ComponentStatus> snapshot() {
        synchronized (parts) {
            return new ArrayList<>(parts.values());
        }
    }
}
