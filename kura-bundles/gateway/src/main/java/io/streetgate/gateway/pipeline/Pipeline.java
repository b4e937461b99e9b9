package io.streetgate.gateway.pipeline;

import io.streetgate.analytics.Summary;
import io.streetgate.analytics.window.TumblingAggregator;
import io.streetgate.driver.Health;
import io.streetgate.driver.Measurement;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.MeasurementSink;
import io.streetgate.gateway.api.SummarySink;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.time.TimeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's pipeline: takes every reading, aggregates it into event-time windows per source and
 * quantity, and hands each summary to every registered {@link SummarySink} when its window closes.
 */
@Component(immediate = true, service = MeasurementSink.class, configurationPid = ConfigAdminMapping.AGGREGATION_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Pipeline.Config.class)
public class Pipeline implements MeasurementSink {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    @ObjectClassDefinition(name = "streetgate aggregation",
            description = "Per-source, per-quantity min/mean/max/count over tumbling windows.")
    public @interface Config {
        @AttributeDefinition(name = "Window (ms)", min = "10000")
        long window_ms() default 60_000;

        @AttributeDefinition(name = "Allowed lateness (ms)", min = "0")
        long allowed_lateness_ms() default 5_000;
    }

    private final TimeBase time;
    private final HealthRegistry health;
    private final TumblingAggregator aggregator;
    private final List<SummarySink> sinks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong summaries = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final java.time.Instant started;

    @Activate
    public Pipeline(@Reference TimeBase time, @Reference HealthRegistry health, Config config) {
        this.time = time;
        this.health = health;
        this.started = time.now();
        Duration window = Duration.ofMillis(config.window_ms());
        this.aggregator = new TumblingAggregator(window, Duration.ofMillis(config.allowed_lateness_ms()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sg-pipeline");
            t.setDaemon(true);
            return t;
        });
        // close windows promptly: tick ten times per window, at most once a second of gateway time
        Duration tick = window.dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : window.dividedBy(10);
        long nanos = time.realDelayNanos(tick);
        ticker.scheduleAtFixedRate(this::closeWindows, nanos, nanos, TimeUnit.NANOSECONDS);
        report();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSink(SummarySink sink) {
        sinks.add(sink);
    }

    void removeSink(SummarySink sink) {
        sinks.remove(sink);
    }

    @Override
    public void accept(Measurement measurement) {
        readings.incrementAndGet();
        synchronized (aggregator) {
            aggregator.accept(measurement, time.now());
        }
    }

    private void closeWindows() {
        try {
            List<Summary> closed;
            synchronized (aggregator) {
                closed = aggregator.advanceTo(time.now());
            }
            for (Summary s : closed) {
                summaries.incrementAndGet();
                for (SummarySink sink : sinks) {
                    try {
                        sink.accept(s);
                    } catch (RuntimeException e) {
                        sinkFailures.incrementAndGet();
                        LOG.warn("Summary sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
                    }
                }
            }
            report();
        } catch (RuntimeException e) {
            LOG.error("Pipeline tick failed", e);
        }
    }

    private void report() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("readings", readings.get());
        d.put("summaries", summaries.get());
        synchronized (aggregator) {
            d.put("late_dropped", aggregator.lateDropped());
            d.put("open_windows", aggregator.openWindows());
        }
        d.put("sinks", sinks.size());
        d.put("sink_failures", sinkFailures.get());
        health.report("pipeline", Health.ok(started), d);
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        health.remove("pipeline");
    }
}
