package io.streetgate.uplink.forward;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.site.UplinkConfig;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.budget.BudgetGuard;
import io.streetgate.uplink.budget.ByteBudget;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.payload.SenmlCborFormat;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.testing.CountingRelay;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.TestClock;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static io.streetgate.uplink.testing.PoleBroker.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes on the wire for the same summaries as JSON, Sparkplug B and the lean format, in one run: each format's
 * uplink talks TLS to mosquitto through a relay on loopback that counts every byte both ways (TLS records,
 * handshake included; not TCP/IP headers). Two hours of a street of 33 one-minute summary series (the simulated
 * street's count, issue 23) with the default allow-list's fields; a day is the connection's first bytes plus 12
 * times the two hours. Holds the lean format to a tenth of Sparkplug B's bytes, and the byte budget's estimate
 * to the count at the socket. Prints the table of docs/performance.md.
 */
class WireBytesTest {

    static final Instant DAY = Instant.parse("2026-06-21T00:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(120);
    static final int MINUTES = 120;
    /** The street's series: source, quantity, unit, a typical level and how far a minute's readings spread. */
    static final List<Series> STREET = street();

    record Series(String source, String quantity, String unit, double level, double spread) {
    }

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    /** What one format cost: bytes counted at the socket for connecting and for the summaries, and estimated. */
    record Cost(String format, long connect, long summaries, long estimated) {
        long perDay() {
            return connect + summaries * (24 * 60 / MINUTES);
        }
    }

    @Test
    void theLeanFormatSendsAtMostATenthOfSparkplugBsBytesAndTheBudgetEstimatesTheSocketsCount() throws Exception {
        Map<String, Function<ForwardStore, PayloadFormat>> formats = new LinkedHashMap<>();
        formats.put("JSON", s -> new JsonFormat("streetgate", NODE));
        formats.put("Sparkplug B", s -> new SparkplugFormat("streetgate", NODE, s));
        formats.put("lean (defaults: deflate, 15 min)", s -> lean(s, UplinkConfig.Pack.DEFAULT));
        formats.put("lean, no compression", s -> lean(s, new UplinkConfig.Pack(UplinkConfig.Pack.DEFAULT.window(),
                UplinkConfig.Pack.DEFAULT.maxBytes(), "none")));
        formats.put("lean, deflate, 1 min", s -> lean(s, new UplinkConfig.Pack(Duration.ofMinutes(1),
                UplinkConfig.Pack.DEFAULT.maxBytes(), "deflate")));
        formats.put("lean, deflate, 5 min", s -> lean(s, new UplinkConfig.Pack(Duration.ofMinutes(5),
                UplinkConfig.Pack.DEFAULT.maxBytes(), "deflate")));
        Map<String, Cost> costs = new LinkedHashMap<>();
        for (Map.Entry<String, Function<ForwardStore, PayloadFormat>> f : formats.entrySet()) {
            costs.put(f.getKey(), measure(f.getKey(), f.getValue()));
        }

        long summaries = (long) STREET.size() * 24 * 60;
        System.out.println("| format | bytes per street-day | per series-day | per summary | budget's estimate / socket |");
        System.out.println("|---|---|---|---|---|");
        for (Cost c : costs.values()) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.2f |%n", c.format(), c.perDay(),
                    c.perDay() / STREET.size(), (double) c.perDay() / summaries, (double) c.estimated() / c.summaries());
        }
        long sparkplug = costs.get("Sparkplug B").perDay();
        long lean = costs.get("lean (defaults: deflate, 15 min)").perDay();
        assertTrue(lean * 10 <= sparkplug, "lean " + lean + " bytes a day against Sparkplug B's " + sparkplug);
        for (Cost c : costs.values()) {
            double ratio = (double) c.estimated() / c.summaries();
            assertTrue(ratio > 0.75 && ratio < 1.25, c + ": the estimate is " + ratio + " of the count at the socket");
        }
    }

    static SenmlCborFormat lean(ForwardStore store, UplinkConfig.Pack pack) {
        return new SenmlCborFormat("streetgate", NODE, "streetgate", new SenmlCborFormat.Packing(pack.window(),
                (int) pack.maxBytes(), SenmlCborFormat.Compression.of(pack.compression())));
    }

    Cost measure(String name, Function<ForwardStore, PayloadFormat> format) throws Exception {
        TestClock clock = new TestClock(DAY);
        HealthRegistryImpl health = new HealthRegistryImpl();
        try (CountingRelay relay = new CountingRelay(broker.mosquitto().port);
             Uplink u = new Uplink(work.resolve(name.replace(' ', '-').replace(',', '-') + ".db"),
                     TimeBase.of(clock), format, LinkSettings.builder(
                     URI.create("ssl://127.0.0.1:" + relay.port()), "pole-0042").protocol(LinkSettings.Protocol.MQTT_5)
                     .login(NODE, PASSWORD.toCharArray()).tls(broker.tls()).keepAlive(Duration.ofSeconds(60))
                     .cleanStart(false).sessionExpiry(Duration.ofDays(1)).connectTimeout(Duration.ofSeconds(10))
                     .build(), Uplink.fastSettings(), health)) {
            ByteBudget budget = new ByteBudget(1L << 40, ByteBudget.Period.DAY, null, DAY);
            u.forwarder.budget(new BudgetGuard(budget, health));
            u.forwarder.start();
            awaitQuiet(relay, u);
            long connect = relay.total();
            long estimatedBefore = budget.figures(clock.instant()).used();
            SplittableRandom random = new SplittableRandom(42);
            double[] levels = STREET.stream().mapToDouble(Series::level).toArray();
            for (int minute = 1; minute <= MINUTES; minute++) {
                clock.advance(Duration.ofMinutes(1));
                for (int s = 0; s < STREET.size(); s++) {
                    Series series = STREET.get(s);
                    levels[s] += random.nextGaussian() * series.spread();
                    u.store.append(summary(series, clock.instant(), levels[s], random));
                }
            }
            clock.advance(Duration.ofMinutes(20)); // the last pack's window has passed
            awaitQuiet(relay, u);
            return new Cost(name, connect, relay.total() - connect,
                    budget.figures(clock.instant()).used() - estimatedBefore);
        }
    }

    /** Until the store is empty and nothing more crosses the relay for a second. */
    static void awaitQuiet(CountingRelay relay, Uplink u) throws InterruptedException {
        u.awaitDrained(WAIT);
        long before = -1;
        while (relay.total() != before) {
            before = relay.total();
            Thread.sleep(1000);
        }
    }

    /** A one-minute summary of six readings (one every 10 s), as the analytics makes it. */
    static UplinkMessage summary(Series s, Instant end, double level, SplittableRandom random) {
        double[] v = new double[6];
        for (int i = 0; i < v.length; i++) {
            v[i] = level + random.nextGaussian() * s.spread();
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        double stdDev = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        Arrays.sort(v);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", s.source());
        f.put("quantity", s.quantity());
        f.put("unit", s.unit());
        f.put("start", end.minusSeconds(60));
        f.put("end", end);
        f.put("count", (long) v.length);
        f.put("min", v[0]);
        f.put("mean", mean);
        f.put("max", v[5]);
        f.put("stdDev", stdDev);
        f.put("p10", v[0]);  // nearest rank of six: ceil(0.1 * 6) = 1
        f.put("p50", v[2]);
        f.put("p90", v[5]);
        f.put("p95", v[5]);
        return PrivacyGate.readBack("summary", s.source(), f);
    }

    static List<Series> street() {
        return List.of(
                new Series("env-1", "temperature", "Cel", 18.4, 0.05),
                new Series("env-1", "humidity", "%RH", 61.2, 0.2),
                new Series("env-1", "pressure", "Pa", 101_325, 3),
                new Series("light-1", "illuminance", "lx", 420, 15),
                new Series("pir-north", "motion_events", "count", 2, 0.5),
                new Series("pir-south", "motion_events", "count", 2, 0.5),
                new Series("cab-temp", "temperature", "Cel", 24.1, 0.05),
                new Series("cab-temp", "humidity", "%RH", 40.3, 0.2),
                new Series("cab-co2", "co2", "ppm", 520, 8),
                new Series("cab-co2", "temperature", "Cel", 24.3, 0.05),
                new Series("cab-co2", "humidity", "%RH", 40.1, 0.2),
                new Series("noise-1", "sound_level", "dB", 58.2, 1.5),
                new Series("noise-1", "laeq", "dB", 57.9, 1.0),
                new Series("noise-1", "lamax", "dB", 71.0, 2.5),
                new Series("pm-1", "pm1", "ug/m3", 6.2, 0.4),
                new Series("pm-1", "pm2_5", "ug/m3", 8.9, 0.5),
                new Series("pm-1", "pm4", "ug/m3", 10.1, 0.5),
                new Series("pm-1", "pm10", "ug/m3", 12.4, 0.6),
                new Series("pm-1", "nc0_5", "/cm3", 41.0, 2),
                new Series("pm-1", "nc1", "/cm3", 47.5, 2),
                new Series("pm-1", "nc2_5", "/cm3", 48.6, 2),
                new Series("pm-1", "nc4", "/cm3", 48.8, 2),
                new Series("pm-1", "nc10", "/cm3", 48.9, 2),
                new Series("pm-1", "typical_particle_size", "um", 0.6, 0.02),
                new Series("water-1", "flow", "m3/s", 0.00004, 0.000005),
                new Series("water-1", "volume", "m3", 1234.5, 0.002),
                new Series("soil-1", "soil_moisture", "%", 31.0, 0.1),
                new Series("air-1", "temperature", "Cel", 18.9, 0.05),
                new Series("drain-1", "water_level", "m", 0.12, 0.002),
                new Series("lamp-1", "active_power", "W", 42.0, 0.5),
                new Series("lamp-2", "active_power", "W", 42.0, 0.5),
                new Series("cab-fan", "level", "/", 0.2, 0.01),
                new Series("mains-1", "voltage", "V", 230.1, 0.4));
    }
}
