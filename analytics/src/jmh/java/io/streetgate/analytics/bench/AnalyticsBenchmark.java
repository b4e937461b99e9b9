package io.streetgate.analytics.bench;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import io.streetgate.analytics.Summary;
import io.streetgate.analytics.pipeline.AnalyticsPipeline;
import io.streetgate.analytics.pipeline.PipelineOutput;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.quality.QuantityRules;
import io.streetgate.analytics.window.TumblingAggregator;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Readings per second on one thread: the full chain (quality filters, 1-minute tumbling windows with std dev
 * and percentiles, privacy gate) and the windowed aggregate alone, against the same windowed aggregate in
 * Esper 8.9 (event-time 1-minute batch, grouped by source: count, min, max, avg, stddev, with and without
 * median; our windows always keep percentiles). Every
 * invocation pushes {@value #BATCH} readings (100 s of event time for 100 sensors at 1 Hz) and advances the
 * watermark every event-time second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class AnalyticsBenchmark {

    static final int BATCH = 10_000;
    static final Duration MINUTE = Duration.ofMinutes(1);

    @State(Scope.Thread)
    public static class Streetgate {
        StreetStream stream;
        TumblingAggregator windows;
        AnalyticsPipeline chain;

        @Setup(Level.Trial)
        public void setUp() {
            stream = new StreetStream();
            windows = new TumblingAggregator(WindowConfig.tumbling(MINUTE, Duration.ZERO));
            chain = AnalyticsPipeline.builder()
                    .quality(QualityConfig.builder().rules(Quantity.TEMPERATURE, QuantityRules.builder()
                            .range(-40, 125)
                            .maxRatePerSecond(2)
                            .hampel(3, 3.0, 0.1)
                            .stuck(60, Duration.ofMinutes(10), 0.0)
                            .gap(Duration.ofSeconds(1), 1.5)
                            .build()).build())
                    .window(WindowConfig.tumbling(MINUTE, Duration.ZERO))
                    .privacy(new PrivacyConfig(Map.of("summary",
                            Set.of("sourceId", "quantity", "unit", "start", "end", "count", "mean", "stdDev", "p90"))))
                    .build();
        }
    }

    @State(Scope.Thread)
    public static class Esper {
        /** With median (the nearest thing to our percentiles in Esper's built-ins) or without. */
        @Param({"true", "false"})
        public boolean median;

        StreetStream stream;
        EPRuntime runtime;
        EPEventService events;
        Blackhole sink;
        long rows;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            stream = new StreetStream();
            Configuration configuration = new Configuration();
            configuration.getCommon().addEventType("Reading", EsperReading.class);
            configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
            String epl = "select sourceId, count(*) as n, min(value) as lo, max(value) as hi, avg(value) as mean, "
                    + "stddev(value) as sd" + (median ? ", median(value) as med " : " ")
                    + "from Reading#ext_timed_batch(ts, 1 min) group by sourceId";
            EPCompiled compiled = EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(configuration));
            runtime = EPRuntimeProvider.getRuntime("bench-" + System.nanoTime(), configuration);
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
            deployment.getStatements()[0].addListener((newEvents, oldEvents, statement, rt) -> {
                if (newEvents != null) {
                    for (EventBean row : newEvents) {
                        rows++;
                        if (sink != null) {
                            sink.consume(row.get("sd"));
                        }
                    }
                }
            });
            events = runtime.getEventService();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.destroy();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void streetgateFullChain(Streetgate s, Blackhole bh) {
        StreetStream in = s.stream;
        for (int n = 0; n < BATCH; n++) {
            long i = in.next();
            Instant t = Instant.ofEpochMilli(StreetStream.time(i));
            Measurement checked = s.chain.accept(Measurement.of(in.source(i), Quantity.TEMPERATURE, in.value(i), t), t);
            bh.consume(checked);
            if (i % StreetStream.SOURCES == StreetStream.SOURCES - 1) {
                PipelineOutput out = s.chain.advanceTo(t);
                bh.consume(out);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void streetgateWindowAggregate(Streetgate s, Blackhole bh) {
        StreetStream in = s.stream;
        for (int n = 0; n < BATCH; n++) {
            long i = in.next();
            Instant t = Instant.ofEpochMilli(StreetStream.time(i));
            s.windows.accept(Measurement.of(in.source(i), Quantity.TEMPERATURE, in.value(i), t), t);
            if (i % StreetStream.SOURCES == StreetStream.SOURCES - 1) {
                List<Summary> closed = s.windows.advanceTo(t);
                bh.consume(closed);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void esperWindowAggregate(Esper e, Blackhole bh) {
        e.sink = bh;
        StreetStream in = e.stream;
        for (int n = 0; n < BATCH; n++) {
            long i = in.next();
            e.events.sendEventBean(new EsperReading(in.source(i), in.value(i), StreetStream.time(i)), "Reading");
        }
    }
}
