package io.streetgate.gateway.platform;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.drivers.modbus.ModbusScan;
import io.streetgate.drivers.pi4j.scan.I2cScan;
import io.streetgate.drivers.pi4j.serial.SerialPorts;
import io.streetgate.gateway.api.BusScanner;
import io.streetgate.gateway.api.Platform;
import io.streetgate.gateway.sampling.BusSchedulers;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bus scan of {@code streetgate scan} (I2cScan, ModbusScan, SerialPorts) run by the gateway on the platform
 * it owns: each bus is scanned on the bus's own thread, so the scan waits for a read in progress and the reads
 * wait for the scan, as they wait for each other.
 */
@Component(service = BusScanner.class)
public class BusScanService implements BusScanner {

    /** The longest a whole bus may take: 247 silent Modbus units asked twice at the longest timeout fit in it. */
    private static final Duration BUS_LIMIT = Duration.ofMinutes(10);

    private final Platform platform;
    private final CurrentSite site;
    private final BusSchedulers schedulers;
    private final TimeBase time;

    @Activate
    public BusScanService(@Reference Platform platform, @Reference CurrentSite site, @Reference BusSchedulers schedulers,
                          @Reference TimeBase time) {
        this.platform = platform;
        this.site = site;
        this.schedulers = schedulers;
        this.time = time;
    }

    @Override
    public Map<String, Object> defaults() {
        return Map.of("first_unit", ModbusScan.FIRST_UNIT, "last_unit", ModbusScan.LAST_UNIT,
                "timeout_ms", ModbusScan.DEFAULT_TIMEOUT_MS, "min_timeout_ms", ModbusScan.MIN_TIMEOUT_MS,
                "max_timeout_ms", ModbusScan.MAX_TIMEOUT_MS);
    }

    @Override
    public List<Map<String, Object>> scan(int firstUnit, int lastUnit, Duration unitTimeout) {
        if (unitTimeout.toMillis() < ModbusScan.MIN_TIMEOUT_MS || unitTimeout.toMillis() > ModbusScan.MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("timeout " + unitTimeout.toMillis() + " ms: give "
                    + ModbusScan.MIN_TIMEOUT_MS + " to " + ModbusScan.MAX_TIMEOUT_MS + " ms");
        }
        List<BusConfig> buses = site.config().map(SiteConfig::buses).map(b -> b.values().stream()
                .sorted(Comparator.comparing(BusConfig::id)).toList()).orElse(List.of());
        List<Map<String, Object>> results = new ArrayList<>();
        for (BusConfig bus : buses) {
            if (bus.kind().equals("i2c")) {
                int number = bus.intSetting("number", 1);
                results.add(onBusThread(bus, "bus " + number, () -> Map.of("found", I2cScan.scan(platform.pi4j(), number)
                        .stream().map(f -> Map.of("address", f.hex(), "chip", f.chip(), "detail", f.detail())).toList())));
            } else if (bus.kind().startsWith("modbus-")) {
                String where = bus.kind().equals("modbus-tcp")
                        ? "tcp " + bus.setting("host", "") + ":" + bus.intSetting("port", 502)
                        : "rtu " + bus.setting("port", "") + " " + bus.setting("baud", "9600") + " baud";
                results.add(onBusThread(bus, where + ", units " + firstUnit + ".." + lastUnit,
                        () -> modbus(bus, firstUnit, lastUnit, unitTimeout)));
            }
        }
        Map<String, Object> serial = new LinkedHashMap<>();
        serial.put("bus", "serial");
        serial.put("kind", "serial");
        serial.put("where", "this machine's serial ports");
        serial.put("scanned", true);
        serial.put("ports", SerialPorts.list().stream().map(p -> Map.of("path", p.path(), "device", p.device(),
                "kind", p.kind())).toList());
        results.add(serial);
        return results;
    }

    private Map<String, Object> modbus(BusConfig bus, int first, int last, Duration timeout) throws DriverException {
        try (ModbusScan scan = ModbusScan.on(bus, timeout, time)) {
            List<ModbusScan.Result> found = scan.scan(first, last, ModbusScan.Probe.HOLDING_REGISTER_0, r -> { });
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("units", found.stream().filter(r -> r.present() || r.outcome() == ModbusScan.Outcome.DAMAGED)
                    .map(r -> Map.of("unit", r.unit(), "outcome", r.outcome().name().toLowerCase(),
                            "detail", r.detail())).toList());
            m.put("requests", scan.requests());
            if (ModbusScan.present(found).isEmpty()) {
                m.put("hint", "no unit answers (" + ModbusScan.nothingAnswersHint(bus) + ")");
            }
            return m;
        }
    }

    private interface BusWork {
        Map<String, Object> run() throws DriverException;
    }

    private Map<String, Object> onBusThread(BusConfig bus, String where, BusWork work) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bus", bus.id());
        m.put("kind", bus.kind());
        m.put("where", where);
        Future<Map<String, Object>> done = schedulers.forBus(bus.id()).submit(work::run);
        try {
            m.putAll(done.get(BUS_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
            m.put("scanned", true);
        } catch (ExecutionException e) {
            m.put("scanned", false);
            m.put("problem", e.getCause().getMessage());
        } catch (TimeoutException e) {
            done.cancel(true);
            m.put("scanned", false);
            m.put("problem", "the scan took longer than " + BUS_LIMIT.toMinutes() + " min; ask fewer units");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m.put("scanned", false);
            m.put("problem", "interrupted");
        }
        return m;
    }
}
