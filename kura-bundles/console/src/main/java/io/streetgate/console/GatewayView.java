package io.streetgate.console;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;

import io.streetgate.site.SiteFile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the console reads from and asks of the running gateway; the framework component supplies it. */
public interface GatewayView {

    /** The node, its site, the software version, uptime, gateway time, whether the street is simulated. */
    Map<String, Object> node();

    /** Every part's health, sorted by name. */
    List<ComponentStatus> parts();

    /** Gateway time now (readings and overrides' expiries are in it). */
    Instant now();

    /** Runs a command through the component that owns it, audited there as coming from {@code origin}. */
    CommandResult command(String name, String target, Map<String, Object> arguments, String origin);

    /** The devices the self-test can test ({@code device, kind, type}); empty while it is not available. */
    List<Map<String, Object>> selfTestDevices();

    /** Tests one device (see {@link io.streetgate.gateway.api.SelfTestRunner#test}). */
    Map<String, Object> selfTest(String deviceId, Duration timeout, String origin);

    /** The site file the gateway runs on. */
    Path siteFile();

    /** A site file's text checked exactly as the gateway reads its file (map files beside it included). */
    SiteFile.Result checkSite(String text);

    /** Has the gateway read its site file again and configure itself from it. */
    SiteFile.Result reloadSite();

    /**
     * What a bus scan asks unless told otherwise, and its bounds (see {@link io.streetgate.gateway.api.BusScanner});
     * @throws IllegalStateException while the gateway's scan is not available
     */
    Map<String, Object> scanDefaults();

    /** Scans the site file's buses and lists the serial ports ({@link io.streetgate.gateway.api.BusScanner#scan}). */
    List<Map<String, Object>> scan(int firstUnit, int lastUnit, Duration unitTimeout);
}
