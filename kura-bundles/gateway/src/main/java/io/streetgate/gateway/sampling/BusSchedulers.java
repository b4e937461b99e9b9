package io.streetgate.gateway.sampling;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One single-threaded scheduler per bus: the devices on a bus take turns (the bus is serial anyway), and a
 * slow or dead device on one bus never delays the devices on another.
 */
@Component(service = BusSchedulers.class)
public class BusSchedulers {

    private final Map<String, ScheduledThreadPoolExecutor> executors = new ConcurrentHashMap<>();

    public ScheduledExecutorService forBus(String busId) {
        return executors.computeIfAbsent(busId, id -> {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "sg-bus-" + id);
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        executors.values().forEach(ScheduledThreadPoolExecutor::shutdown);
        for (ScheduledThreadPoolExecutor e : executors.values()) {
            if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        }
        executors.clear();
    }
}
