package io.streetgate.gateway.pipeline;

import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.analytics.pipeline.AnalyticsPipeline;
import io.streetgate.analytics.pipeline.PipelineOutput;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.analytics.quality.QualityCounters;
import io.streetgate.driver.Health;
import io.streetgate.driver.Measurement;
import io.streetgate.gateway.api.AnalyticsView;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.MeasurementListener;
import io.streetgate.gateway.api.MeasurementSink;
import io.streetgate.gateway.api.Outbound;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's pipeline: every reading goes through the edge analytics (quality filters, windows, city
 * indices, the privacy gate) configured by the site file's {@code analytics} section; what the gate lets
 * out leaves through the node's one way out ({@link Outbound}: the clock rule, then every sink). One lock
 * serialises readings from the bus threads and the one-second ticks that close windows.
 */
@Component(immediate = true, service = {MeasurementSink.class, AnalyticsView.class},
        configurationPid = ConfigAdminMapping.ANALYTICS_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Pipeline.Config.class)
public class Pipeline implements MeasurementSink, AnalyticsView {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    @ObjectClassDefinition(name = "streetgate analytics",
            description = "Quality filters, windows, city indices and privacy allow-lists; configured in the site "
                    + "file's analytics section (this configuration records its first window and a fingerprint).")
    public @interface Config {
        @AttributeDefinition(name = "First window (ms)", min = "10000", max = "86400000")
        long window_ms() default 60_000;

        @AttributeDefinition(name = "Its allowed lateness (ms)", min = "0", max = "3600000")
        long allowed_lateness_ms() default 5_000;

        @AttributeDefinition(name = "Fingerprint of the analytics section")
        String fingerprint() default "";
    }

    private final TimeBase time;
    private final HealthRegistry health;
    private final AnalyticsPipeline analytics;
    private final Outbound outbound;
    private final List<MeasurementListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private final Instant started;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong published = new AtomicLong();

    @Activate
    public Pipeline(@Reference TimeBase time, @Reference HealthRegistry health, @Reference CurrentSite site,
                    @Reference Outbound outbound) {
        this(time, health, site, outbound, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sg-pipeline");
            t.setDaemon(true);
            return t;
        }));
    }

    /**
     * A pipeline whose ticks run on {@code ticker}, which it shuts down when it stops: a test that steps gateway
     * time runs them in time order with the sampling (the repeatable hour of docs/simulation.md).
     */
    public Pipeline(TimeBase time, HealthRegistry health, CurrentSite site, Outbound outbound,
                    ScheduledExecutorService ticker) {
        this.time = time;
        this.health = health;
        this.outbound = outbound;
        this.started = time.now();
        this.analytics = AnalyticsPipeline.of(site.config()
                .orElseThrow(() -> new IllegalStateException("no usable site file")).analytics());
        this.ticker = ticker;
        // close windows promptly: once a second of gateway time
        long nanos = time.realDelayNanos(Duration.ofSeconds(1));
        ticker.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
        report();
    }

    /** Adds a listener (the control loops); public for a pipeline made outside the framework. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(MeasurementListener listener) {
        listeners.add(listener);
    }

    void removeListener(MeasurementListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void accept(Measurement measurement) {
        readings.incrementAndGet();
        Measurement checked;
        synchronized (analytics) {
            checked = analytics.accept(measurement, time.now());
        }
        // listeners (the control loops) get the reading with the quality flags it earned, so a range, spike or
        // stuck rejection reaches them as it reaches the windows
        for (MeasurementListener listener : listeners) {
            try {
                listener.accept(checked);
            } catch (RuntimeException e) {
                LOG.warn("Measurement listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public Optional<AmbientLight> ambientLight(String sensorId) {
        synchronized (analytics) {
            return analytics.ambientLight(sensorId);
        }
    }

    private void tick() {
        try {
            PipelineOutput out;
            synchronized (analytics) {
                out = analytics.advanceTo(time.now());
            }
            records.addAndGet(out.records().size());
            for (UplinkMessage message : out.uplink()) {
                published.incrementAndGet();
                outbound.send(message);
            }
            report();
        } catch (RuntimeException e) {
            LOG.error("Pipeline tick failed", e);
        }
    }

    private void report() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("readings", readings.get());
        synchronized (analytics) {
            QualityCounters q = analytics.qualityCounters();
            d.put("rejected", q.rejected());
            Map<String, Long> byReason = new LinkedHashMap<>();
            q.byReason().forEach((k, v) -> byReason.put(String.valueOf(k).toLowerCase(), v));
            d.put("rejected_by_reason", byReason);
            d.put("late_dropped", analytics.lateDropped());
            d.put("withheld_by_privacy", analytics.privacyGate().recordsWithheld());
        }
        d.put("records", records.get());
        d.put("published", published.get()); // handed to the way out; its part "outbound" says what left
        health.report("pipeline", Health.ok(started), d);
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        health.remove("pipeline");
    }
}
