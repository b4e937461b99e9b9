package io.streetgate.gateway.status;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import org.osgi.service.component.annotations.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the last health report of every part of the gateway. */
@Component(service = HealthRegistry.class)
public class HealthRegistryImpl implements HealthRegistry {

    private final Map<String, ComponentStatus> parts = new ConcurrentHashMap<>();

    @Override
    public void report(String name, Health health, Map<String, Object> details) {
        parts.put(name, new ComponentStatus(name, health, details));
    }

    @Override
    public void remove(String name) {
        parts.remove(name);
    }

    @Override
    public List<ComponentStatus> snapshot() {
        List<ComponentStatus> list = new ArrayList<>(parts.values());
        list.sort(Comparator.comparing(ComponentStatus::name));
        return list;
    }
}
